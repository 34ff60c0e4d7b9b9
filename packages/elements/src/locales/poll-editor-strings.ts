/** Strings of the composer's poll editor, loaded with the editor itself (see locales.ts). */
import en from './poll-editor.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const pollEditorStrings: StringSet = {
  en,
  fr: () => import('./poll-editor.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./poll-editor.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
