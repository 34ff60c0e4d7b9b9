/**
 * Locale negotiation: the first candidate whose language Ecotone ships wins.
 */
import type { Locale } from '@ecotone/protocol';
import { SUPPORTED_LOCALES as LOCALES } from '@ecotone/protocol';

/** The locale used when no candidate is supported. */
export const DEFAULT_LOCALE: Locale = 'en';

const SUPPORTED: ReadonlySet<string> = new Set(LOCALES);

/**
 * Picks the first supported locale among `candidates` (BCP 47 tags or POSIX
 * names such as `fr-CH`, `de_DE`, `EN`), or `en`.
 *
 * @example
 * negotiateLocale([el.lang, ...pageLocaleCandidates()]); // 'fr' for 'fr-CH'
 */
export function negotiateLocale(candidates: Iterable<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const language = candidate.trim().split(/[-_]/, 1)[0]?.toLowerCase() ?? '';
    if (SUPPORTED.has(language)) return language as Locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * Locale candidates of the environment, in order: the page's `<html lang>`,
 * then the browser's `navigator.languages`. Empty in Node.
 */
export function pageLocaleCandidates(): string[] {
  const candidates: string[] = [];
  if (typeof document !== 'undefined') {
    const lang = document.documentElement?.lang;
    if (lang) candidates.push(lang);
  }
  if (typeof navigator !== 'undefined' && Array.isArray(navigator.languages)) {
    candidates.push(...navigator.languages);
  }
  return candidates;
}
