/** Strings of writes waiting in the outbox, shown by `<eco-feed>` and `<eco-composer>` (see locales.ts). */
import en from './outbox.en.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const outboxStrings: StringSet = {
  en,
  fr: () => import('./outbox.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./outbox.de.json', { with: { type: 'json' } }).then((m) => m.default),
};
