/** Localisation of the core client: locale negotiation, i18next instance, Intl formatting. */
export { negotiateLocale, pageLocaleCandidates, DEFAULT_LOCALE } from './negotiate-locale.js';
export { createI18n, CORE_NAMESPACE, CORE_STRINGS, type CoreResources } from './create-i18n.js';
export { addLocaleStrings, loadLocaleStrings, type LocaleStrings } from './locale-strings.js';
export {
  formatRelativeTime,
  formatCount,
  formatDateTime,
  COMPACT_COUNT_THRESHOLD,
  type DateInput,
} from './format.js';
