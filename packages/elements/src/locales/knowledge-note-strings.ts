/** Strings of `<eco-knowledge-note>` (see locales.ts), loaded with the note element. */
import en from './knowledge-note.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const knowledgeNoteStrings: StringSet = {
  en,
  fr: () => import('./knowledge-note.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./knowledge-note.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
