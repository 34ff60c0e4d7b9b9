/** Strings of the "Attach files" button, the drop zone and why a box waits for its files (see locales.ts): a few words on every page with a composer. */
import en from './attach.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const attachStrings: StringSet = {
  en,
  fr: () => import('./attach.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./attach.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
