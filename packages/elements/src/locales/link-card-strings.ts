/** Strings of `<eco-link-card>` (see locales.ts), loaded with the card, which `<eco-post>` imports lazily. */
import en from './link-card.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const linkCardStrings: StringSet = {
  en,
  fr: () => import('./link-card.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./link-card.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
