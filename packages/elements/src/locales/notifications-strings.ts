/** Strings of `<eco-notifications>` and `<eco-notification-list>` (see locales.ts), loaded with them. */
import en from './notifications.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const notificationsStrings: StringSet = {
  en,
  fr: () => import('./notifications.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./notifications.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
