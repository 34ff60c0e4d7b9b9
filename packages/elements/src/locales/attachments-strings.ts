/** Strings of the files shown under a post, a comment or a note (see locales.ts). */
import en from './attachments.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const attachmentsStrings: StringSet = {
  en,
  fr: () => import('./attachments.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./attachments.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
