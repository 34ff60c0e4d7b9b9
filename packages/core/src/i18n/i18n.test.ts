import { describe, expect, it } from 'vitest';
import { PROBLEM_CODE_LIST } from '@ecotone/protocol';
import { createI18n, loadErrorStrings, type CoreErrorResources, type CoreResources } from './create-i18n.js';
import { addLocaleStrings, loadLocaleStrings } from './locale-strings.js';
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import de from './locales/de.json' with { type: 'json' };
import errorsEn from './locales/errors.en.json' with { type: 'json' };
import errorsFr from './locales/errors.fr.json' with { type: 'json' };
import errorsDe from './locales/errors.de.json' with { type: 'json' };

const CORE_RESOURCES: Record<'en' | 'fr' | 'de', CoreResources & CoreErrorResources> = {
  en: { ...en, ...errorsEn },
  fr: { ...fr, ...errorsFr },
  de: { ...de, ...errorsDe },
};
import { negotiateLocale } from './negotiate-locale.js';
import { formatCount, formatDateTime, formatRelativeTime, intlWarmUpSteps } from './format.js';

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k)).sort();
}

describe('core resources', () => {
  it('have identical keys in en, fr and de', () => {
    const en = keyPaths(CORE_RESOURCES.en);
    expect(en.length).toBeGreaterThan(20);
    expect(keyPaths(CORE_RESOURCES.fr)).toEqual(en);
    expect(keyPaths(CORE_RESOURCES.de)).toEqual(en);
  });

  it('have a non-empty, distinct-per-language message for every problem code and client code', () => {
    for (const code of [...PROBLEM_CODE_LIST, 'network', 'timeout', 'aborted', 'bad_response', 'token_unavailable', 'files_unsupported', 'unknown']) {
      const key = code as keyof typeof CORE_RESOURCES.en.error;
      const [en, fr, de] = [CORE_RESOURCES.en.error[key], CORE_RESOURCES.fr.error[key], CORE_RESOURCES.de.error[key]];
      expect(en, code).toMatch(/\S/);
      expect(fr, code).not.toBe(en);
      expect(de, code).not.toBe(en);
    }
  });

  it('load error sentences only on demand, English with the locale, each once', async () => {
    const i18n = createI18n('fr');
    expect(i18n.exists('error.forbidden')).toBe(false);
    const added: string[] = [];
    i18n.store.on('added', (lng: string) => added.push(lng));
    await Promise.all([loadErrorStrings(i18n, 'fr'), loadErrorStrings(i18n, 'fr')]);
    expect(added.sort()).toEqual(['en', 'fr']);
    expect(i18n.getFixedT('fr')('error.forbidden')).toBe(errorsFr.error.forbidden);
    expect(i18n.getFixedT('en')('error.forbidden')).toBe('You are not allowed to do this.');
    expect(i18n.getResource('de', 'core', 'error.forbidden')).toBeUndefined();
  });

  it('load French and German on demand, with English meanwhile', async () => {
    const i18n = createI18n('fr');
    expect(i18n.t('status.offline')).toBe('Offline');
    await loadLocaleStrings(i18n, 'fr');
    expect(i18n.t('status.reconnecting')).toBe('Reconnexion…');
    expect(i18n.hasResourceBundle('de', 'core')).toBe(false);
  });

  it('load every registered namespace of a locale, each once, and tell i18next listeners', async () => {
    const i18n = createI18n('en');
    let loads = 0;
    const widget = {
      en: { hello: 'Hello' },
      fr: { hello: 'Bonjour' },
      de: async () => {
        loads++;
        return { hello: 'Hallo' };
      },
    };
    addLocaleStrings(i18n, 'widget', widget);
    addLocaleStrings(i18n, 'widget', widget);
    const added: string[] = [];
    i18n.store.on('added', (lng: string, ns: string) => added.push(`${lng}/${ns}`));
    await Promise.all([loadLocaleStrings(i18n, 'de'), loadLocaleStrings(i18n, 'de')]);
    expect(loads).toBe(1);
    expect(added.sort()).toEqual(['de/core', 'de/widget']);
    expect(i18n.getFixedT('de', 'widget')('hello')).toBe('Hallo');
    expect(i18n.getFixedT('fr', 'widget')('hello')).toBe('Bonjour');
  });

  it('retry a locale whose chunk failed to load', async () => {
    const i18n = createI18n('en');
    let attempts = 0;
    addLocaleStrings(i18n, 'flaky', {
      en: { a: 'A' },
      fr: { a: 'A-fr' },
      de: async () => {
        if (++attempts === 1) throw new Error('chunk failed');
        return { a: 'A-de' };
      },
    });
    await expect(loadLocaleStrings(i18n, 'de')).rejects.toThrow('chunk failed');
    await loadLocaleStrings(i18n, 'de');
    expect(i18n.getFixedT('de', 'flaky')('a')).toBe('A-de');
  });

  it('translate through a per-client instance that does not affect another', async () => {
    const a = createI18n('fr');
    const b = createI18n('en');
    await loadLocaleStrings(a, 'fr');
    await loadLocaleStrings(a, 'de');
    await loadErrorStrings(a, 'de');
    await loadErrorStrings(b, 'en');
    expect(a.t('status.reconnecting')).toBe('Reconnexion…');
    await a.changeLanguage('de');
    expect(a.t('status.offline')).toBe('Offline');
    expect(a.t('error.forbidden')).toBe('Sie dürfen diese Aktion nicht ausführen.');
    expect(b.t('error.forbidden')).toBe('You are not allowed to do this.');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [['fr-CH'], 'fr'],
    [['de_DE'], 'de'],
    [['EN-gb'], 'en'],
    [[' fr '], 'fr'],
    [[undefined, null, '', 'it-IT', 'de-AT', 'fr'], 'de'],
    [['es', 'pt'], 'en'],
    [[], 'en'],
    [['french'], 'en'],
  ] as const)('%j -> %s', (candidates, expected) => {
    expect(negotiateLocale(candidates)).toBe(expected);
  });
});

describe('format helpers', () => {
  it('loads ICU ahead in steps, building the formatter of counts', () => {
    const steps = intlWarmUpSteps('de');
    expect(steps.length).toBeGreaterThan(3);
    for (const step of steps) step();
    expect(formatCount(1234, 'de')).toBe('1.234');
  });

  const now = Date.parse('2026-11-27T12:00:00Z');
  it.each([
    [now - 3_000, 'en', 'now'],
    [now - 45_000, 'en', '45 seconds ago'],
    [now - 5 * 60_000, 'en', '5 minutes ago'],
    [now - 3 * 3_600_000, 'fr', 'il y a 3 heures'],
    [now - 24 * 3_600_000, 'en', 'yesterday'],
    [now - 2 * 24 * 3_600_000, 'de', 'vorgestern'],
    [now - 14 * 24 * 3_600_000, 'en', '2 weeks ago'],
    [now - 90 * 24 * 3_600_000, 'en', '3 months ago'],
    [now - 800 * 24 * 3_600_000, 'en', '2 years ago'],
    [now + 2 * 3_600_000, 'en', 'in 2 hours'],
  ])('formatRelativeTime(%s, %s)', (date, locale, expected) => {
    expect(formatRelativeTime(date, locale, now)).toBe(expected);
  });

  it('accepts RFC 3339 strings and Dates', () => {
    expect(formatRelativeTime('2026-11-27T11:00:00Z', 'en', new Date(now))).toBe('1 hour ago');
  });

  it('formats counts with grouping, compact from 10 000', () => {
    expect(formatCount(9_999, 'en')).toBe('9,999');
    expect(formatCount(9_999, 'fr')).toMatch(/^9\s999$/);
    expect(formatCount(12_345, 'en')).toBe('12.3K');
    expect(formatCount(1_500_000, 'fr')).toMatch(/^1,5\sM$/);
  });

  it('formats date and time per locale', () => {
    const date = '2026-11-27T14:05:00Z';
    expect(formatDateTime(date, 'en', { dateStyle: 'long', timeZone: 'UTC' })).toBe('November 27, 2026');
    expect(formatDateTime(date, 'de', { dateStyle: 'long', timeZone: 'UTC' })).toBe('27. November 2026');
  });

  it('builds each formatter once per locale and options, however many values it formats', () => {
    const built = { NumberFormat: 0, RelativeTimeFormat: 0, DateTimeFormat: 0 };
    const originals = { NumberFormat: Intl.NumberFormat, RelativeTimeFormat: Intl.RelativeTimeFormat, DateTimeFormat: Intl.DateTimeFormat };
    const setIntl = (name: keyof typeof built, value: unknown) => Object.defineProperty(Intl, name, { value, writable: true, configurable: true });
    // Counting subclasses in place of the constructors, for the time of this test.
    for (const name of Object.keys(built) as (keyof typeof built)[]) {
      const Original = originals[name] as unknown as new (...args: unknown[]) => object;
      setIntl(
        name,
        class extends Original {
          constructor(...args: unknown[]) {
            super(...args);
            built[name] += 1;
          }
        },
      );
    }
    try {
      // Locales no other test of this file uses, so nothing is built before.
      for (let i = 0; i < 50; i++) {
        formatCount(i, 'it');
        formatCount(20_000 + i, 'it');
        formatRelativeTime(now - i * 60_000, 'it', now);
        formatDateTime(now - i, 'nl', { dateStyle: 'long', timeZone: 'UTC' });
      }
      expect(built).toEqual({ NumberFormat: 2, RelativeTimeFormat: 1, DateTimeFormat: 1 });
      // Other options are another formatter.
      expect(formatDateTime(now, 'nl', { dateStyle: 'short', timeZone: 'UTC' })).toBe(
        new originals.DateTimeFormat('nl', { dateStyle: 'short', timeZone: 'UTC' }).format(now),
      );
      expect(built.DateTimeFormat).toBe(2);
    } finally {
      for (const name of Object.keys(built) as (keyof typeof built)[]) setIntl(name, originals[name]);
    }
  });
});
