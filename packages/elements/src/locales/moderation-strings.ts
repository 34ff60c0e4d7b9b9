/** Strings of `<eco-moderation>` and the report dialog (see locales.ts), loaded with them. */
import en from './moderation.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const moderationStrings: StringSet = {
  en,
  fr: () => import('./moderation.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./moderation.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
