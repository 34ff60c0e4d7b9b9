/** Strings of `<eco-person>` and its dialog (see locales.ts), loaded with them. */
import en from './person.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const personStrings: StringSet = {
  en,
  fr: () => import('./person.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./person.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
