/** Strings of `<eco-classification>` (see locales.ts), loaded with it, only on a server with labels. */
import en from './classification.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const classificationStrings: StringSet = {
  en,
  fr: () => import('./classification.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./classification.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
