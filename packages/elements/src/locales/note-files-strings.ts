/** Strings of the files in `<eco-knowledge-note>`'s editor (see locales.ts), loaded with them when the editor first opens. */
import en from './note-files.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const noteFilesStrings: StringSet = {
  en,
  fr: () => import('./note-files.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./note-files.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
