/** Strings of `<eco-quoted-post>` (see locales.ts), loaded with it. */
import en from './quote.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const quoteStrings: StringSet = {
  en,
  fr: () => import('./quote.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./quote.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
