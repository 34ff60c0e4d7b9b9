/** Strings of the `@` people picker (see locales.ts), loaded with it on the first `@` typed. */
import en from './mention-picker.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const mentionPickerStrings: StringSet = {
  en,
  fr: () => import('./mention-picker.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./mention-picker.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
