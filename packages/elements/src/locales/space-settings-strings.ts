/** Strings of `<eco-space-settings>` (see locales.ts), loaded with it. */
import en from './space-settings.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const spaceSettingsStrings: StringSet = {
  en,
  fr: () => import('./space-settings.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./space-settings.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
