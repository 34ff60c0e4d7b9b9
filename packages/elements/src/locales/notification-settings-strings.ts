/** Strings of `<eco-notification-settings>` (see locales.ts), loaded with it. */
import en from './notification-settings.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const notificationSettingsStrings: StringSet = {
  en,
  fr: () => import('./notification-settings.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./notification-settings.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
