/** Strings of a post's lightbox (see locales.ts), loaded with it when a reader first opens an image. */
import en from './lightbox.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const lightboxStrings: StringSet = {
  en,
  fr: () => import('./lightbox.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./lightbox.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
