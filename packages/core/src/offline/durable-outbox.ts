/**
 * The durable outbox: every write of an offline-enabled client is stored
 * (IndexedDB, see outbox-storage.ts) with its idempotency key before it is
 * sent, and stays stored until the server has answered it, so a write made on
 * a train, in a lift or in a tab that crashed is sent once when the server is
 * reachable again.
 *
 * - One queue per server and person, in the order the writes were made (in
 *   any tab); one tab at a time sends it, the one holding the Web Lock of that
 *   queue. The others store their writes and learn the outcome through a
 *   BroadcastChannel.
 * - A write that creates something (a post) gets a provisional id; later
 *   writes that use it (a comment on that post) wait for it and are sent
 *   with the server's id.
 * - Network errors, 5xx and 429 keep the write queued (Retry-After honoured,
 *   then exponential backoff, and at once when the browser is back online);
 *   every retry sends the same key, so a write whose answer was lost is
 *   applied once.
 * - A refusal (403, 404, 409, 422…) stops that write only: it stays, with its
 *   content, as `failed` until the person retries or discards it. A 401 is
 *   not a refusal: the write waits for a valid token.
 * - Only writes of the person the server confirms as signed in are sent:
 *   signing in as someone else never sends the first person's writes.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { EcotoneError, NetworkError, errorFromProblem, isRetryable, toEcotoneError } from '../errors.js';
import { newIdempotencyKey } from '../outbox/idempotency-key.js';
import { LOCAL_ID_PATTERN } from '../outbox/local-id.js';
import { backoffDelayMs } from '../transport/backoff.js';
import type { Outbox, OutboxEntry, OutboxSendOptions, Transport, TransportRequest } from '../types.js';
import type { IdMap, OutboxStorage, StoredOutboxEntry } from './outbox-storage.js';

/** Ceiling of the first retry delay, in milliseconds. */
export const DURABLE_RETRY_BASE_DELAY_MS = 1_000;
/** Largest delay between two attempts while the server stays unreachable (the browser's `online` event wakes it sooner). */
export const DURABLE_RETRY_MAX_DELAY_MS = 30_000;

type EntryError = NonNullable<OutboxEntry['error']>;
type Settled = { ok: true; value: unknown } | { ok: false; error: EntryError };

/** Messages between the tabs sharing a queue. */
type TabMessage = { type: 'changed' } | ({ type: 'settled'; id: string; entry: OutboxEntry } & Settled);

/** The error a refused entry's caller gets: the server's problem when there was one. */
function errorOf(error: EntryError): EcotoneError {
  return error.problem ? errorFromProblem(error.problem) : new EcotoneError(error.code, error.message, { status: error.status });
}

/** The cross-tab channel (a BroadcastChannel, or a test double). */
export interface OutboxChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Options of {@link DurableOutbox}. */
export interface DurableOutboxOptions {
  /** Where requests go. */
  transport: Pick<Transport, 'request'>;
  /** Where entries are kept. */
  storage: OutboxStorage;
  /** The server, as the partition key (the client's normalised base URL). */
  server: string;
  /**
   * Resolves with the person the server says is signed in now, asking it
   * again after a failure; the queue of that person is the one sent.
   */
  confirmedPerson(): Promise<string>;
  /** The person the server last confirmed, without asking (undefined before the first answer). */
  knownPerson(): string | undefined;
  /** The queue's lock manager (`navigator.locks`); without one this outbox sends alone. */
  locks?: Pick<LockManager, 'request'>;
  /** Opens the channel shared by the tabs of one queue; without one, none. */
  openChannel?: (name: string) => OutboxChannel;
  /** Whether the browser says it is offline (`navigator.onLine === false`): writes are then queued at once. */
  isOffline?: () => boolean;
  /** Subscribes to "try again now" signals (the browser's `online` event, the stream reconnecting); returns an unsubscribe. */
  onWake?: (wake: () => void) => () => void;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Randomness of the backoff, injectable for tests. */
  random?: () => number;
  /**
   * Called in every tab with the server's answer to a write that no caller
   * of that tab waits for (made before a reload, or in another tab), so the
   * answer can still show (a ballot, a post).
   */
  onOrphanSent?: (entry: OutboxEntry, value: unknown) => void;
}

interface Caller {
  resolve(value: unknown): void;
  reject(error: EcotoneError): void;
  onQueued?: (entry: OutboxEntry) => void;
  /** onQueued was called (once). */
  queuedTold: boolean;
}

/**
 * Durable outbox; see the module comment.
 *
 * @example
 * const outbox = new DurableOutbox({ transport, storage: await openOutboxStorage(), server, confirmedPerson, knownPerson });
 * await outbox.send<Post>({ method: 'POST', path: publishPath('news'), body }, { action: 'publish', target: 'news', localId: newLocalId() });
 */
export class DurableOutbox implements Outbox {
  readonly pending$: Observable<readonly OutboxEntry[]>;

  private readonly pending = new BehaviorSubject<readonly OutboxEntry[]>([]);
  private readonly callers = new Map<string, Caller>();
  private channel: OutboxChannel | undefined;
  private channelPerson: string | undefined;
  /** The person whose queue pending$ shows. */
  private person: string | undefined;
  private wakeUp: (() => void) | undefined;
  private wakeRequested = false;
  private closed = false;
  private readonly stopWake: () => void;
  /** The drain loop, once started. */
  readonly running: Promise<void>;

  constructor(private readonly options: DurableOutboxOptions) {
    this.pending$ = this.pending.asObservable();
    this.stopWake = options.onWake?.(() => this.wake()) ?? (() => undefined);
    // A storage closed under the loop (the client closed) ends it.
    this.running = this.drainForever().catch(() => undefined);
  }

  async send<T>(request: TransportRequest, options: OutboxSendOptions = {}): Promise<T> {
    const person = await this.filingPerson();
    // The tab sending this person's queue must hear of it.
    this.listen(person);
    const idempotencyKey = request.idempotencyKey ?? newIdempotencyKey();
    // Sent nowhere yet when the browser knows it is offline, or nobody confirmed who is signed in.
    const queuedNow = this.options.isOffline?.() === true || this.options.knownPerson() === undefined;
    const { signal: _signal, ...plain } = request;
    const entry = await this.options.storage.add({
      id: newIdempotencyKey(),
      idempotencyKey,
      request: { ...plain, idempotencyKey },
      createdAt: Date.now(),
      attempts: 0,
      status: 'queued',
      action: options.action ?? 'other',
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.localId === undefined ? {} : { localId: options.localId }),
      server: this.options.server,
      person,
      detached: queuedNow,
    });
    const result = new Promise<T>((resolve, reject) => {
      this.callers.set(entry.id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onQueued: options.onQueued,
        queuedTold: false,
      });
    });
    await this.refresh();
    this.announce({ type: 'changed' });
    this.wake();
    return result;
  }

  async retry(entryId: string): Promise<void> {
    await this.update(entryId, (e) => (e.status === 'failed' ? { ...e, status: 'queued', error: undefined } : e));
  }

  /**
   * Forgets an entry. One being sent at that moment is forgotten too: if that
   * attempt reaches the server it is applied (a discard cannot overtake a
   * request on the wire), and otherwise it is not sent again.
   */
  async discard(entryId: string): Promise<void> {
    const entry = (await this.list()).find((e) => e.id === entryId);
    if (!entry) return;
    await this.options.storage.delete(entryId);
    const caller = this.callers.get(entryId);
    this.callers.delete(entryId);
    caller?.reject(new EcotoneError('aborted', 'The write was discarded.'));
    await this.refresh();
    this.announce({ type: 'changed' });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWake();
    this.channel?.close();
    this.wake();
    this.options.storage.close();
  }

  /** The person new writes are filed under: the confirmed one, else the last one this browser knew. */
  private async filingPerson(): Promise<string> {
    const known = this.options.knownPerson();
    if (known) return known;
    const last = await this.options.storage.lastPerson(this.options.server);
    if (last) return last;
    // Nobody ever confirmed on this server from this browser: nothing to file it under.
    return this.options.confirmedPerson().catch((err: unknown) => {
      throw isRetryable(err) ? toEcotoneError(err) : new NetworkError('network', 'Nobody is signed in yet.');
    });
  }

  private wake(): void {
    this.wakeRequested = true;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  /** Resolves on the next wake-up, or after `ms`. */
  private sleep(ms?: number): Promise<void> {
    if (this.wakeRequested || this.closed) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wake(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeRequested = false;
        resolve();
      };
    });
  }

  private async list(): Promise<StoredOutboxEntry[]> {
    const person = this.person ?? this.options.knownPerson();
    return person ? this.options.storage.list(this.options.server, person) : [];
  }

  /** Reads the queue again: publishes it, and tells callers whose writes now wait. */
  private async refresh(): Promise<void> {
    const entries = await this.list();
    // Callers are told before the queue is published: what shows the queue finds them told.
    for (const entry of entries) {
      const caller = this.callers.get(entry.id);
      // A caller that can let go of its content (a composer) is told; one that keeps it (an optimistic like) takes a refusal back itself.
      if (caller?.onQueued && entry.detached && !caller.queuedTold) {
        caller.queuedTold = true;
        caller.onQueued(publicEntry(entry));
      }
    }
    this.pending.next(entries.map(publicEntry));
  }

  private announce(message: TabMessage): void {
    if (this.closed) return;
    this.channel?.postMessage(message);
  }

  private onMessage(message: TabMessage): void {
    if (message.type === 'settled') {
      if (message.ok && !this.callers.has(message.id)) this.options.onOrphanSent?.(message.entry, message.value);
      this.settle(message.id, message);
    }
    void this.refresh();
    this.wake();
  }

  /**
   * Resolves or rejects the caller of an entry, in whichever tab it waits. A
   * caller still holding its content (not told it was queued) takes the
   * refusal back itself, as with a write that was never stored: the failed
   * entry is then removed.
   */
  private settle(id: string, outcome: Settled, original?: EcotoneError): void {
    const caller = this.callers.get(id);
    if (!caller) return;
    this.callers.delete(id);
    if (outcome.ok) {
      caller.resolve(outcome.value);
      return;
    }
    if (!caller.queuedTold) {
      void this.options.storage.delete(id).then(() => {
        void this.refresh();
        this.announce({ type: 'changed' });
      });
    }
    caller.reject(original ?? errorOf(outcome.error));
  }

  private async update(entryId: string, change: (entry: StoredOutboxEntry) => StoredOutboxEntry): Promise<void> {
    if (!(await this.options.storage.update(entryId, change))) return;
    await this.refresh();
    this.announce({ type: 'changed' });
    this.wake();
  }

  /** Follows the confirmed person; sends their queue while holding its lock. */
  private async drainForever(): Promise<void> {
    while (!this.closed) {
      let person: string;
      try {
        person = await this.options.confirmedPerson();
      } catch {
        // Offline, or the server refuses: show the last person's queue meanwhile, and ask again later.
        this.person ??= await this.options.storage.lastPerson(this.options.server);
        await this.refresh();
        await this.sleep(this.options.retryMaxDelayMs ?? DURABLE_RETRY_MAX_DELAY_MS);
        continue;
      }
      await this.follow(person);
      const lockName = `ecotone-outbox:${this.options.server}:${person}`;
      const drain = () => this.drain(person);
      if (this.options.locks) await this.options.locks.request(lockName, drain);
      else await drain();
    }
  }

  /** Shows `person`'s queue and listens to their channel. */
  private async follow(person: string): Promise<void> {
    if (this.person !== person) {
      this.person = person;
      await this.options.storage.setLastPerson(this.options.server, person);
    }
    this.listen(person);
    await this.refresh();
  }

  /** Listens to the channel of `person`'s queue (one at a time). */
  private listen(person: string): void {
    if (this.channelPerson === person || !this.options.openChannel || this.closed) return;
    this.channel?.close();
    this.channelPerson = person;
    this.channel = this.options.openChannel(`ecotone-outbox:${this.options.server}:${person}`);
    this.channel.addEventListener('message', (event) => this.onMessage(event.data as TabMessage));
  }

  /** Sends `person`'s queue in order, until the client closes or someone else signs in. */
  private async drain(person: string): Promise<void> {
    let attempt = 0;
    while (!this.closed && this.options.knownPerson() === person) {
      const entries = await this.options.storage.list(this.options.server, person);
      const next = entries.find((e) => e.status !== 'failed');
      if (!next) {
        await this.sleep();
        continue;
      }
      if (this.options.isOffline?.() === true) {
        // The browser knows it is offline: no attempt until it says it is back (or a while has passed).
        await this.detachAll(person);
        await this.sleep(this.options.retryMaxDelayMs ?? DURABLE_RETRY_MAX_DELAY_MS);
        continue;
      }
      const ids = await this.options.storage.ids(this.options.server, person);
      const outcome = await this.attempt(next, entries, ids);
      if (outcome === 'done') {
        attempt = 0;
        continue;
      }
      // Unreachable: everything behind it waits (order), and their callers may let go.
      attempt += 1;
      await this.detachAll(person);
      // Shown as waiting (not "Sending…") until the next attempt.
      await this.refresh();
      this.announce({ type: 'changed' });
      const retryAfterMs = outcome.retryAfterMs;
      await this.sleep(
        backoffDelayMs(attempt, {
          baseDelayMs: this.options.retryBaseDelayMs ?? DURABLE_RETRY_BASE_DELAY_MS,
          maxDelayMs: this.options.retryMaxDelayMs ?? DURABLE_RETRY_MAX_DELAY_MS,
          minDelayMs: retryAfterMs,
          random: this.options.random,
        }),
      );
    }
  }

  /** One attempt at one entry: `done` when it left the queue (sent, or refused and kept as failed). */
  private async attempt(entry: StoredOutboxEntry, queue: readonly StoredOutboxEntry[], ids: IdMap): Promise<'done' | { retryAfterMs?: number }> {
    const request = withServerIds(entry.request, ids);
    const missing = request === undefined;
    if (missing) {
      // It uses what a write that was refused or discarded would have created.
      const creatorFailed = queue.some((e) => e.localId && e.status === 'failed' && JSON.stringify(entry.request).includes(e.localId));
      await this.fail(entry, {
        code: 'not_found',
        message: creatorFailed ? 'It depends on a write that was refused.' : 'It depends on a write that was discarded.',
        status: 404,
      });
      return 'done';
    }
    const sending = { ...entry, request, status: 'sending' as const, attempts: entry.attempts + 1 };
    // Discarded since it was listed: nothing to send.
    if (!(await this.options.storage.update(entry.id, (e) => ({ ...e, status: 'sending', attempts: e.attempts + 1 })))) return 'done';
    await this.refresh();
    this.announce({ type: 'changed' });
    let value: unknown;
    try {
      value = await this.options.transport.request(request);
    } catch (raw) {
      // A closed outbox (a tab that went away) leaves the entry as it was, for the next one.
      if (this.closed) return 'done';
      const err = toEcotoneError(raw);
      // Signed out or a token expired on the way (401): the write waits for a token, it is not refused.
      if (isRetryable(err) || err.status === 401) {
        // Discarded meanwhile: it stays gone.
        await this.options.storage.update(entry.id, (e) => ({ ...e, status: 'queued' }));
        return { retryAfterMs: err.retryAfterMs };
      }
      await this.fail(sending, { code: err.code, message: err.message, status: err.status, ...(err.problem ? { problem: err.problem } : {}) }, err);
      return 'done';
    }
    if (this.closed) return 'done';
    const createdId = (value as { id?: unknown } | undefined)?.id;
    if (entry.localId && typeof createdId === 'string') {
      await this.options.storage.putId(this.options.server, entry.person, entry.localId, createdId);
    }
    await this.options.storage.delete(entry.id);
    if (!this.callers.has(entry.id)) this.options.onOrphanSent?.(publicEntry(entry), value);
    this.settle(entry.id, { ok: true, value });
    this.announce({ type: 'settled', id: entry.id, entry: publicEntry(entry), ok: true, value });
    await this.refresh();
    return 'done';
  }

  /** Keeps a refused entry, with its content, as `failed`; its caller (if any, in any tab) gets the error. */
  private async fail(entry: StoredOutboxEntry, error: EntryError, original?: EcotoneError): Promise<void> {
    await this.options.storage.update(entry.id, (e) => ({ ...e, status: 'failed', error }));
    this.settle(entry.id, { ok: false, error }, original);
    this.announce({ type: 'settled', id: entry.id, entry: publicEntry(entry), ok: false, error });
    await this.refresh();
  }

  /** Marks every waiting write of `person` as released by its caller (it will be sent later). */
  private async detachAll(person: string): Promise<void> {
    const entries = await this.options.storage.list(this.options.server, person);
    const waiting = entries.filter((e) => !e.detached);
    if (waiting.length === 0) return;
    for (const entry of waiting) await this.options.storage.update(entry.id, (e) => ({ ...e, detached: true }));
    await this.refresh();
    this.announce({ type: 'changed' });
  }
}

/** The entry as callers see it. */
function publicEntry(entry: StoredOutboxEntry): OutboxEntry {
  const { server: _server, person: _person, seq: _seq, detached: _detached, ...rest } = entry;
  return rest;
}

/**
 * The request with every provisional id replaced by the server's; undefined
 * when one has no server id (its creating write never made it).
 */
export function withServerIds(request: TransportRequest, ids: IdMap): TransportRequest | undefined {
  let missing = false;
  const replace = (text: string): string =>
    text.replace(LOCAL_ID_PATTERN, (local) => {
      const id = ids[local];
      if (id === undefined) missing = true;
      return id ?? local;
    });
  const path = replace(request.path);
  const body = request.body === undefined ? undefined : (JSON.parse(replace(JSON.stringify(request.body))) as unknown);
  if (missing) return undefined;
  return { ...request, path, ...(body === undefined ? {} : { body }) };
}
