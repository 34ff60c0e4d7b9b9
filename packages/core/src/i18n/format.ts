/**
 * Dates and numbers through `Intl`, so that every locale gets its own
 * conventions without shipping data.
 */

/** Counts at or above this are shown in compact form (12 k, 1,2 Mio.). */
export const COMPACT_COUNT_THRESHOLD = 10_000;

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const MONTH_MS = 30 * DAY_MS;
const YEAR_MS = 365 * DAY_MS;
/** Differences below this read as "now". */
const NOW_THRESHOLD_MS = 10 * SECOND_MS;

/** A date as a `Date`, epoch milliseconds, or an RFC 3339 string. */
export type DateInput = Date | number | string;

/**
 * Building an `Intl` formatter costs far more than using one (about a
 * millisecond on first use of a locale, a tenth after), and a feed formats
 * several numbers and dates per post: one formatter per locale and options, kept.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function kept<T extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}

function toTime(date: DateInput): number {
  return date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
}

/**
 * "3 minutes ago", "yesterday", "in 2 hours", in `locale`, with the largest
 * unit that keeps the number small.
 *
 * @example
 * formatRelativeTime(post.createdAt, 'fr'); // "il y a 5 minutes"
 */
export function formatRelativeTime(date: DateInput, locale: string, now: DateInput = Date.now()): string {
  const diffMs = toTime(date) - toTime(now);
  const abs = Math.abs(diffMs);
  const format = kept(`r${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  if (abs < NOW_THRESHOLD_MS) return format.format(0, 'second');
  const units: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number, number]> = [
    ['second', SECOND_MS, MINUTE_MS],
    ['minute', MINUTE_MS, HOUR_MS],
    ['hour', HOUR_MS, DAY_MS],
    ['day', DAY_MS, WEEK_MS],
    ['week', WEEK_MS, MONTH_MS],
    ['month', MONTH_MS, YEAR_MS],
  ];
  for (const [unit, unitMs, limitMs] of units) {
    if (abs < limitMs) return format.format(Math.trunc(diffMs / unitMs), unit);
  }
  return format.format(Math.trunc(diffMs / YEAR_MS), 'year');
}

/**
 * A count for display: grouped digits below 10 000, compact above.
 *
 * @example
 * formatCount(12_345, 'en'); // "12K"
 */
export function formatCount(n: number, locale: string): string {
  const compact = Math.abs(n) >= COMPACT_COUNT_THRESHOLD;
  return kept(`${compact ? 'c' : 'n'}${locale}`, () =>
    new Intl.NumberFormat(locale, compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 }),
  ).format(n);
}

/**
 * A full date and time, e.g. for a `title` tooltip next to a relative time.
 *
 * @example
 * formatDateTime(post.createdAt, 'de'); // "27.11.2026, 14:05"
 */
export function formatDateTime(
  date: DateInput,
  locale: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return kept(`d${locale}${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options)).format(new Date(toTime(date)));
}

/**
 * A file's size in `locale`: "820 kB", "4.2 MB", "1,3 Go" (decimal units,
 * as file managers show them; at most one decimal).
 *
 * @example
 * formatFileSize(4_200_000, 'de'); // "4,2 MB"
 */
export function formatFileSize(bytes: number, locale: string): string {
  const [unit, size] = bytes >= 1e9 ? (['gigabyte', 1e9] as const) : bytes >= 1e6 ? (['megabyte', 1e6] as const) : (['kilobyte', 1e3] as const);
  return kept(`f${locale}${unit}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 })).format(Math.max(bytes / size, bytes > 0 ? 0.1 : 0));
}

/**
 * Work a page's first render would otherwise do in one go, as steps of a few
 * milliseconds each, to run one task apiece before the elements render: the
 * first `Intl` object of a page loads ICU's data for its locale (25 to 30 ms
 * in Chromium, in whichever call comes first, a long task under load), and
 * these calls load it piece by piece (plural rules, likely subtags, numbers,
 * the time zone, dates), building on the way the formatter of counts.
 *
 * @example
 * for (const step of intlWarmUpSteps('fr')) await nextTask().then(step);
 */
export function intlWarmUpSteps(locale: string): ReadonlyArray<() => unknown> {
  return [
    () => new Intl.PluralRules(locale).select(1),
    () => new Intl.Locale(locale).maximize(),
    () => formatCount(1, locale),
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(0),
  ];
}
