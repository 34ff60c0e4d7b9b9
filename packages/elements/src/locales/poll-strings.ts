/** Strings of `<eco-poll>`, `<eco-survey>` and the composer's poll editor (see locales.ts). */
import en from './poll.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const pollStrings: StringSet = {
  en,
  fr: () => import('./poll.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./poll.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
