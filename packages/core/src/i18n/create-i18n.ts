/**
 * One i18next instance per client (never the global one, which a host page
 * may use for its own strings), loaded with Ecotone's `core` namespace.
 */
import { createInstance, type i18n as I18n } from 'i18next';
import type { Locale } from '@ecotone/protocol';
import { SUPPORTED_LOCALES as LOCALES } from '@ecotone/protocol';
import type { EcotoneErrorCode } from '../errors.js';
import type { ConnectionStatus } from '../types.js';
import { addLocaleStrings, type LocaleStrings } from './locale-strings.js';
import en from './locales/en.json' with { type: 'json' };

/** Namespace of the core client's strings; elements add their own with `addResourceBundle`. */
export const CORE_NAMESPACE = 'core';

/**
 * The shape of the `core` namespace. Declared rather than inferred from the
 * JSON so that a missing error code or status fails the build.
 */
export interface CoreResources {
  /** Live connection statuses. */
  status: Record<ConnectionStatus, string>;
}

/** Error sentences, in the `core` namespace too, but loaded only when a first error needs one. */
export interface CoreErrorResources {
  /** A message for people per error code, plus `unknown` for anything else. */
  error: Record<EcotoneErrorCode | 'unknown', string>;
}

/** The `core` strings: English bundled, French and German loaded when first used. */
export const CORE_STRINGS: LocaleStrings<CoreResources> = {
  en,
  fr: () => import('./locales/fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./locales/de.json', { with: { type: 'json' } }).then((m) => m.default),
};

/**
 * Error sentences of every locale, English included: most pages never show
 * an error, so they do not download them (about a kilobyte gzipped per
 * language) until one happens.
 */
export const CORE_ERROR_STRINGS: Readonly<Record<Locale, () => Promise<CoreErrorResources>>> = {
  en: () => import('./locales/errors.en.json', { with: { type: 'json' } }).then((m) => m.default),
  fr: () => import('./locales/errors.fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./locales/errors.de.json', { with: { type: 'json' } }).then((m) => m.default),
};

const errorLoads = new WeakMap<I18n, Map<Locale, Promise<void>>>();

/**
 * Loads the error sentences of `locale` (and English, their fallback) into
 * `i18n`, once; i18next's store emits `added`, on which elements re-render.
 */
export function loadErrorStrings(i18n: I18n, locale: Locale): Promise<void> {
  let loads = errorLoads.get(i18n);
  if (!loads) errorLoads.set(i18n, (loads = new Map()));
  const jobs = [...new Set<Locale>(['en', locale])].map((lng) => {
    let job = loads.get(lng);
    if (!job) {
      job = CORE_ERROR_STRINGS[lng]().then((bundle) => {
        i18n.addResourceBundle(lng, CORE_NAMESPACE, bundle, true, false);
      });
      // A failed chunk (network) may be retried by the next error.
      job.catch(() => loads.delete(lng));
      loads.set(lng, job);
    }
    return job;
  });
  return Promise.all(jobs).then(() => undefined);
}

/**
 * Creates an initialised i18next instance for `locale`, with the English
 * `core` strings. Initialisation is synchronous; strings of other locales
 * arrive with `loadLocaleStrings` (until then English is the fallback).
 */
export function createI18n(locale: Locale): I18n {
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    ns: [CORE_NAMESPACE],
    defaultNS: CORE_NAMESPACE,
    resources: {},
    // Other locales are added later with addResourceBundle, not fetched by i18next.
    partialBundledLanguages: true,
    // Lit templates escape text; escaping here would show `&amp;` to people.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  addLocaleStrings(instance, CORE_NAMESPACE, CORE_STRINGS);
  return instance;
}
