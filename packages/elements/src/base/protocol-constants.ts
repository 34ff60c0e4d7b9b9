/**
 * Runtime constants of @ecotone/protocol the elements need, mirrored here.
 *
 * Why: importing any value from the protocol package loads its TypeBox
 * schemas (tens of KB) into every page. Only types are imported; the
 * annotations below make the compiler fail if a value drifts from the protocol.
 */
import type { Locale, POST_BODY_MAX_CHARS as ProtocolPostBodyMax } from '@ecotone/protocol';

/** Locales the elements ship strings for (same as `SUPPORTED_LOCALES`). */
export const LOCALES = ['en', 'fr', 'de'] as const satisfies readonly Locale[];

/** Largest accepted post body, in characters (same as `POST_BODY_MAX_CHARS`). */
export const POST_BODY_MAX_CHARS: typeof ProtocolPostBodyMax = 10_000;

// Compile-time check that LOCALES lists every protocol locale.
type MissingLocale = Exclude<Locale, (typeof LOCALES)[number]>;
const _allLocales: [MissingLocale] extends [never] ? true : MissingLocale = true;
void _allLocales;
