/** Strings of `<eco-post-search>` (see locales.ts), loaded with it. */
import en from './post-search.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const postSearchStrings: StringSet = {
  en,
  fr: () => import('./post-search.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./post-search.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
