/** Strings of `<eco-watch-item>` and `<eco-watch-sources>` (see locales.ts), loaded with them. */
import en from './watch.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const watchStrings: StringSet = {
  en,
  fr: () => import('./watch.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./watch.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
