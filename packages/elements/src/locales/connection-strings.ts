/** Strings of `<eco-connection-status>` (see locales.ts), loaded with it. */
import en from './connection.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const connectionStrings: StringSet = {
  en,
  fr: () => import('./connection.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./connection.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
