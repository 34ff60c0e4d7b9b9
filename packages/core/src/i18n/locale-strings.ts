/**
 * Lazily loaded UI strings. English is bundled with the code that needs it
 * (it is also every other locale's fallback); French and German are fetched
 * as separate chunks the first time a page uses them, so a page pays for one
 * language, not three.
 */
import type { i18n as I18n, ResourceKey } from 'i18next';
import type { Locale } from '@ecotone/protocol';

/** Strings of one namespace: English inline, other locales inline or as loaders (`() => import(...)`). */
export type LocaleStrings<T extends ResourceKey = ResourceKey> = { readonly en: T } & {
  readonly [L in Exclude<Locale, 'en'>]: T | (() => Promise<T>);
};

interface Registered {
  namespace: string;
  /** Loads started per locale; a failed one is forgotten so it can be retried. */
  loads: Map<Locale, Promise<void>>;
}

/** Registered string sets per i18next instance, each added once. */
const registry = new WeakMap<I18n, Map<LocaleStrings, Registered>>();

/** Adds a namespace's English strings at once; other locales load with {@link loadLocaleStrings}. */
export function addLocaleStrings(i18n: I18n, namespace: string, strings: LocaleStrings): void {
  let sets = registry.get(i18n);
  if (!sets) registry.set(i18n, (sets = new Map()));
  if (sets.has(strings)) return;
  sets.set(strings, { namespace, loads: new Map() });
  // deep + overwrite=false: an integrator's own overrides, added earlier, win.
  i18n.addResourceBundle('en', namespace, strings.en, true, false);
  for (const lng of ['fr', 'de'] as const) {
    const value = strings[lng];
    if (typeof value !== 'function') i18n.addResourceBundle(lng, namespace, value, true, false);
  }
}

/**
 * Loads `locale` for every registered string set not loaded yet. i18next
 * emits its store's `added` event for each, which elements re-render on.
 */
export function loadLocaleStrings(i18n: I18n, locale: Locale): Promise<void> {
  if (locale === 'en') return Promise.resolve();
  const jobs: Promise<void>[] = [];
  for (const [strings, entry] of registry.get(i18n) ?? []) {
    const value = strings[locale];
    if (typeof value !== 'function') continue;
    const load = value as () => Promise<ResourceKey>;
    let job = entry.loads.get(locale);
    if (!job) {
      const started = load().then((bundle: ResourceKey) => {
        i18n.addResourceBundle(locale, entry.namespace, bundle, true, false);
      });
      started.catch(() => entry.loads.delete(locale));
      entry.loads.set(locale, started);
      job = started;
    }
    jobs.push(job);
  }
  return Promise.all(jobs).then(() => undefined);
}
