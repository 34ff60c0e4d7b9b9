/**
 * Token buckets per key (an actor), in memory: enough for one node, and
 * forgetting on restart is harmless for a limit meant to stop bursts.
 */
/** Keys tracked before full buckets (which carry no information) are dropped. */
const MAX_TRACKED_KEYS = 10_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Tokens a key may spend at once. */
    readonly capacity: number,
    /** Time for one token to come back, in ms. */
    readonly refillMs: number,
    readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Spends a token; returns 0 when allowed, else the ms until one is back. */
  take(key: string): number {
    const now = this.nowMs();
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) / this.refillMs);
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return Math.ceil((1 - tokens) * this.refillMs);
    }
    if (this.#buckets.size >= MAX_TRACKED_KEYS) this.#forgetFull(now);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  #forgetFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) / this.refillMs >= this.capacity) this.#buckets.delete(key);
    }
  }
}
