/** Strings of `<eco-knowledge-search>` (see locales.ts), loaded with it. */
import en from './knowledge-search.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const knowledgeSearchStrings: StringSet = {
  en,
  fr: () => import('./knowledge-search.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./knowledge-search.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
