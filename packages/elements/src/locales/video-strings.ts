/** Strings of a post's video player (see locales.ts), loaded with it when a reader first plays a video. */
import en from './video.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const videoStrings: StringSet = {
  en,
  fr: () => import('./video.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./video.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
