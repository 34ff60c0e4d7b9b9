import type { MessageKey } from '../locales/locales.js';

/** Which translated sentence explains an error code to a person. */
const KEY_BY_CODE: Readonly<Record<string, MessageKey>> = {
  forbidden: 'errorForbidden',
  not_found: 'errorNotFound',
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  unauthenticated: 'errorAuth',
  invalid_token: 'errorAuth',
  rate_limited: 'errorRateLimited',
  validation_failed: 'errorInvalid',
  malformed_json: 'errorInvalid',
  body_too_large: 'errorTooLarge',
  conflict: 'errorConflict',
  internal: 'errorServer',
  unavailable: 'errorServer',
  bad_response: 'errorServer',
  unknown_reaction_kind: 'errorUnknownReaction',
};

/** The message key for any thrown value (EcotoneError codes, or the generic sentence). */
export function errorMessageKey(err: unknown): MessageKey {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return KEY_BY_CODE[code] ?? 'errorGeneric';
}

/** The stable code of an error, when it has one. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
