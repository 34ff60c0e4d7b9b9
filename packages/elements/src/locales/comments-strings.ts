/** Strings of `<eco-comments>` (see locales.ts), loaded with it. */
import en from './comments.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const commentsStrings: StringSet = {
  en,
  fr: () => import('./comments.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./comments.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
