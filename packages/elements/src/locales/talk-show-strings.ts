/** Strings of `<eco-talk-show-questions>` (see locales.ts), loaded with it. */
import en from './talk-show.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const talkShowStrings: StringSet = {
  en,
  fr: () => import('./talk-show.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./talk-show.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
