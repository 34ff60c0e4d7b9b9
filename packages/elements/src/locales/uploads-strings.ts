/** Strings of the composer's list of attachments being written (see locales.ts), loaded with it on the first file chosen, dropped or pasted. */
import en from './uploads.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const uploadsStrings: StringSet = {
  en,
  fr: () => import('./uploads.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./uploads.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
