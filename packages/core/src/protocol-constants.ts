/**
 * Runtime constants of @ecotone/protocol that core needs, mirrored here.
 *
 * Why: the protocol's schema modules build TypeBox schemas when they load, so
 * importing any VALUE from them (SUPPORTED_LOCALES, LIVE_EVENT_TYPES, ...)
 * drags TypeBox (about 77 KB minified) into every page bundle. Types are free
 * to import; these values are checked against the protocol at compile time
 * below and by `protocol-constants.test.ts` at test time.
 */
import type { LiveEventType, Locale } from '@ecotone/protocol';

/** Locales with complete UI resources (same as `SUPPORTED_LOCALES`). */
export const LOCALES = ['en', 'fr', 'de'] as const satisfies readonly Locale[];

/** Live event types this client understands (same as `LIVE_EVENT_TYPES`). */
export const LIVE_TYPES: Readonly<Record<LiveEventType, true>> = {
  'post.created': true,
  'reaction.changed': true,
  'stream.reset': true,
};

/** Default feed page size, in posts (same as `FEED_LIMIT_DEFAULT`). */
export const FEED_PAGE_SIZE = 20;

// Compile-time check that LOCALES lists every protocol locale.
type MissingLocale = Exclude<Locale, (typeof LOCALES)[number]>;
const _allLocales: [MissingLocale] extends [never] ? true : MissingLocale = true;
void _allLocales;
