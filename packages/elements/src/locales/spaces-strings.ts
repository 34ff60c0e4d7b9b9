/** Strings of `<eco-spaces>` (see locales.ts), loaded with it. */
import en from './spaces.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const spacesStrings: StringSet = {
  en,
  fr: () => import('./spaces.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./spaces.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
