/** Strings of `<eco-audit-log>` (see locales.ts), loaded with it. */
import en from './audit-log.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const auditLogStrings: StringSet = {
  en,
  fr: () => import('./audit-log.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./audit-log.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
