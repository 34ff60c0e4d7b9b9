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
  /** A message for people per error code, plus `unknown` for anything else. */
  error: Record<EcotoneErrorCode | 'unknown', string>;
  /** Live connection statuses. */
  status: Record<ConnectionStatus, string>;
}

/** The `core` strings: English bundled, French and German loaded when first used. */
export const CORE_STRINGS: LocaleStrings<CoreResources> = {
  en,
  fr: () => import('./locales/fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./locales/de.json', { with: { type: 'json' } }).then((m) => m.default),
};

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
