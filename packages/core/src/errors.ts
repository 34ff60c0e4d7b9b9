/**
 * Typed errors of the Ecotone client. Every failure a caller sees is an
 * `EcotoneError` with a stable `code`: a server problem code from
 * @ecotone/protocol, or one of the client-side codes below.
 */
import type { KnowledgeNote, Problem, ProblemCode, ProblemFieldError } from '@ecotone/protocol';

/**
 * Codes raised by the client itself (no server answer to read).
 * `token_unavailable`: the token provider (`getToken`, `<eco-provider token-url>`) failed or answered nothing usable.
 * `files_unsupported`: the transport keeps no files (a custom one without `files`).
 * `talk_shows_unsupported`: the transport keeps no talk-shows (the browser's `LocalTransport`).
 */
export type ClientErrorCode = 'network' | 'timeout' | 'aborted' | 'bad_response' | 'token_unavailable' | 'files_unsupported' | 'talk_shows_unsupported';
/** Every code an {@link EcotoneError} may carry: a server problem code, or a client-side one. */
export type EcotoneErrorCode = ProblemCode | ClientErrorCode;

/** Codes for which sending the same request again may succeed. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set<EcotoneErrorCode>([
  'network',
  'timeout',
  'rate_limited',
  'internal',
  'unavailable',
]);

/**
 * Base of every error the client raises.
 *
 * @example
 * try { await client.react(id, 'like'); }
 * catch (err) { if (isEcotoneError(err) && err.code === 'not_found') … }
 */
export class EcotoneError extends Error {
  /** The class's name (`EcotoneError`, or its subclass's), shown in logs and stack traces. */
  override readonly name: string = 'EcotoneError';
  /** Stable machine-readable code. */
  readonly code: EcotoneErrorCode | (string & {});
  /** HTTP status, or 0 when no response was received. */
  readonly status: number;
  /** The server's problem body, when there was one. */
  readonly problem: Problem | undefined;
  /** How long the server asked to wait before retrying (`Retry-After`), in ms, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: EcotoneErrorCode | (string & {}),
    message: string,
    options: { status?: number; problem?: Problem; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.problem = options.problem;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Offending fields of a validation problem. */
  get fieldErrors(): readonly ProblemFieldError[] {
    return this.problem?.errors ?? [];
  }
}

/** 401: missing or invalid credentials. */
export class AuthError extends EcotoneError {
  /** Always `'AuthError'`. */
  override readonly name = 'AuthError';
}
/** 400/413/415/422: the request itself was refused; retrying unchanged will not help. */
export class ValidationError extends EcotoneError {
  /** Always `'ValidationError'`. */
  override readonly name = 'ValidationError';
}
/** 403/404: not allowed, or not visible. */
export class AccessError extends EcotoneError {
  /** Always `'AccessError'`. */
  override readonly name = 'AccessError';
}
/** 409: the resource changed meanwhile. */
export class ConflictError extends EcotoneError {
  /** Always `'ConflictError'`. */
  override readonly name = 'ConflictError';
}
/** No usable answer: network down, timeout, or a body that is not a problem. */
export class NetworkError extends EcotoneError {
  /** Always `'NetworkError'`. */
  override readonly name = 'NetworkError';
}

/** Whether `value` is an {@link EcotoneError} (of any subclass): narrows a caught `unknown`. */
export function isEcotoneError(value: unknown): value is EcotoneError {
  return value instanceof EcotoneError;
}

/** Whether sending the same request again may succeed. */
export function isRetryable(err: unknown): boolean {
  return isEcotoneError(err) && RETRYABLE_CODES.has(err.code);
}

/** Builds the right subclass for a server problem (with the wait it asked for, if any). */
export function errorFromProblem(problem: Problem, retryAfterMs?: number): EcotoneError {
  const message = problem.detail ?? problem.title;
  const opts = { status: problem.status, problem, retryAfterMs };
  if (problem.status === 401) return new AuthError(problem.code, message, opts);
  if (problem.status === 403 || problem.status === 404) return new AccessError(problem.code, message, opts);
  if (problem.status === 409) return new ConflictError(problem.code, message, opts);
  if (problem.status >= 400 && problem.status < 500 && problem.status !== 429) {
    return new ValidationError(problem.code, message, opts);
  }
  return new EcotoneError(problem.code, message, opts);
}

/** Any failure as an EcotoneError, so that state and rejections are always typed. */
export function toEcotoneError(err: unknown): EcotoneError {
  if (isEcotoneError(err)) return err;
  return new EcotoneError('bad_response', err instanceof Error ? err.message : String(err), { cause: err });
}

/**
 * The server's current note carried by an `edit_conflict` (a stale note
 * edit), or undefined for any other error.
 *
 * @example
 * client.saveNote(id, patch).catch((err) => { const current = conflictCurrent(err); if (current) showBoth(draft, current); });
 */
export function conflictCurrent(err: unknown): KnowledgeNote | undefined {
  if (!(err instanceof ConflictError) || err.code !== 'edit_conflict') return undefined;
  const current = (err.problem as { current?: unknown } | undefined)?.current;
  return typeof current === 'object' && current !== null ? (current as KnowledgeNote) : undefined;
}
