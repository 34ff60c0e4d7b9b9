/** Strings of `<eco-post>`, `<eco-feed>` and `<eco-composer>` (see locales.ts). */
import en from './feed.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const feedStrings: StringSet = {
  en,
  fr: () => import('./feed.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./feed.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
