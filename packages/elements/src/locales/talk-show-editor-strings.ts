/** Strings of the composer's talk-show editor, loaded with the editor itself (see locales.ts). */
import en from './talk-show-editor.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const talkShowEditorStrings: StringSet = {
  en,
  fr: () => import('./talk-show-editor.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./talk-show-editor.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
