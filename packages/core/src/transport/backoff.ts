/**
 * Reconnect and retry delays: exponential backoff with full jitter, so that a
 * thousand browsers dropped by the same server restart do not come back in
 * the same millisecond.
 */

/** Options of {@link backoffDelayMs}. */
export interface BackoffOptions {
  /** Delay ceiling of the first attempt, in milliseconds. */
  baseDelayMs: number;
  /** Largest delay ever returned, in milliseconds. */
  maxDelayMs: number;
  /** Smallest delay, e.g. the server's SSE `retry:` field or `Retry-After`, in milliseconds; it wins over `maxDelayMs`. */
  minDelayMs?: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Delay before attempt number `attempt` (1 for the first retry):
 * a uniform random value in [0, min(max, base * 2^(attempt-1))], never below `minDelayMs`
 * (what the server asked for is honoured even above `maxDelayMs`).
 *
 * @example
 * await sleep(backoffDelayMs(3, { baseDelayMs: 500, maxDelayMs: 30_000 }));
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const jittered = Math.floor((options.random ?? Math.random)() * ceiling);
  return Math.max(options.minDelayMs ?? 0, jittered);
}

/**
 * Resolves after `ms` milliseconds, or as soon as `signal` aborts (resolving,
 * not rejecting: callers check `signal.aborted` themselves).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
