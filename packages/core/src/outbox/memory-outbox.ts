/**
 * In-memory outbox: every write of the client goes through it, keyed by its
 * idempotency key. Writes on the same resource (same request path) are sent
 * one after the other in the order they were made; retryable failures are
 * retried with the SAME key, so a write the server already applied is never
 * applied twice. A durable IndexedDB outbox implements the same `Outbox`
 * interface and will persist `OutboxEntry` values instead of holding them here.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { isRetryable, type EcotoneError } from '../errors.js';
import { backoffDelayMs, sleep } from '../transport/backoff.js';
import type { Outbox, OutboxEntry, Transport, TransportRequest } from '../types.js';
import { newIdempotencyKey } from './idempotency-key.js';

/** Attempts per write, the first included, before its error is final. */
export const OUTBOX_MAX_ATTEMPTS = 4;
/** Ceiling of the first retry delay, in milliseconds. */
export const OUTBOX_RETRY_BASE_DELAY_MS = 500;
/** Largest retry delay, in milliseconds. */
export const OUTBOX_RETRY_MAX_DELAY_MS = 8_000;

/** Options of {@link MemoryOutbox}. */
export interface MemoryOutboxOptions {
  /** Attempts per write, the first included. */
  maxAttempts?: number;
  /** Ceiling of the first retry delay, in milliseconds. */
  retryBaseDelayMs?: number;
  /** Largest retry delay, in milliseconds. */
  retryMaxDelayMs?: number;
}

/**
 * Outbox held in memory: pending writes are lost when the page closes.
 *
 * @example
 * const outbox = new MemoryOutbox(transport);
 * const post = await outbox.send<Post>({ method: 'POST', path: publishPath('news'), body });
 */
export class MemoryOutbox implements Outbox {
  /** Entries not yet acknowledged by the server, oldest first. */
  readonly pending$: Observable<readonly OutboxEntry[]>;

  private readonly pending = new BehaviorSubject<readonly OutboxEntry[]>([]);
  /** Tail of the queue of each lane (request path): the next write on that path waits for it. */
  private readonly lanes = new Map<string, Promise<unknown>>();
  private nextEntryNumber = 1;

  constructor(
    private readonly transport: Transport,
    private readonly options: MemoryOutboxOptions = {},
  ) {
    this.pending$ = this.pending.asObservable();
  }

  /** Sends the request through the outbox (adding an idempotency key when it has none); resolves with the server's answer. */
  send<T>(request: TransportRequest): Promise<T> {
    const idempotencyKey = request.idempotencyKey ?? newIdempotencyKey();
    const entry: OutboxEntry = {
      id: `outbox-${this.nextEntryNumber++}`,
      idempotencyKey,
      request: { ...request, idempotencyKey },
      createdAt: Date.now(),
      attempts: 0,
    };
    this.pending.next([...this.pending.value, entry]);

    const lane = request.path;
    const previous = this.lanes.get(lane) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(() => this.deliver<T>(entry));
    const tail = result.catch(() => undefined);
    this.lanes.set(lane, tail);
    void tail.then(() => {
      if (this.lanes.get(lane) === tail) this.lanes.delete(lane);
    });
    return result;
  }

  private async deliver<T>(entry: OutboxEntry): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
    try {
      for (;;) {
        this.setAttempts(entry.id, entry.attempts + 1);
        entry = { ...entry, attempts: entry.attempts + 1 };
        try {
          return await this.transport.request<T>(entry.request);
        } catch (err) {
          if (!isRetryable(err) || entry.attempts >= maxAttempts) throw err;
          // Never sooner than the server asked (429 Retry-After): the same key, when it is ready.
          await sleep(
            backoffDelayMs(entry.attempts, {
              baseDelayMs: this.options.retryBaseDelayMs ?? OUTBOX_RETRY_BASE_DELAY_MS,
              maxDelayMs: this.options.retryMaxDelayMs ?? OUTBOX_RETRY_MAX_DELAY_MS,
              minDelayMs: (err as EcotoneError).retryAfterMs,
            }),
          );
        }
      }
    } finally {
      this.pending.next(this.pending.value.filter((e) => e.id !== entry.id));
    }
  }

  private setAttempts(id: string, attempts: number): void {
    this.pending.next(this.pending.value.map((e) => (e.id === id ? { ...e, attempts } : e)));
  }
}
