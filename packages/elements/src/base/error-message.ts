import type { EcotoneClient } from '@ecotone/core';

/** i18next namespace and key prefix of core's translated error sentences. */
const CORE_NAMESPACE = 'core';
const CORE_ERROR_PREFIX = 'error.';

/** The stable code of an error, when it has one. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * A person-readable sentence for an error, in `locale`. Reuses core's
 * translated sentences for every error code (namespace `core`, keys
 * `error.<code>`) rather than shipping a second copy with the elements.
 */
export function errorSentence(client: EcotoneClient | undefined, err: unknown, locale: string): string {
  if (!client) return err instanceof Error ? err.message : String(err);
  const t = client.i18n.getFixedT(locale, CORE_NAMESPACE);
  const key = CORE_ERROR_PREFIX + (errorCode(err) ?? 'unknown');
  return client.i18n.exists(key, { ns: CORE_NAMESPACE, lng: locale }) ? t(key) : t(`${CORE_ERROR_PREFIX}unknown`);
}
