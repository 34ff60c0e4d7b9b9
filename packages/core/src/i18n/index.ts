/** Localisation of the core client: locale negotiation, i18next instance, Intl formatting. */
export { negotiateLocale, pageLocaleCandidates, DEFAULT_LOCALE } from './negotiate-locale.js';
export {
  createI18n,
  loadErrorStrings,
  CORE_NAMESPACE,
  CORE_STRINGS,
  CORE_ERROR_STRINGS,
  type CoreResources,
  type CoreErrorResources,
} from './create-i18n.js';
export { addLocaleStrings, loadLocaleStrings, type LocaleStrings } from './locale-strings.js';
export {
  formatRelativeTime,
  formatCount,
  formatDateTime,
  formatFileSize,
  intlWarmUpSteps,
  COMPACT_COUNT_THRESHOLD,
  type DateInput,
} from './format.js';
