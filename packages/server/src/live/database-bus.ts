/**
 * The event bus of several server instances on one database. Every instance
 * records its events in the shared `events` table, whose ids are global and
 * become visible in order (live/event-transaction.ts); each commit announces
 * its ids to the other instances (an {@link EventNotifier}: PostgreSQL's
 * LISTEN/NOTIFY), and each instance reads the rows it has not delivered yet
 * and hands them, in id order and once each, to its own listeners (the live
 * hub, which shapes them per audience for its streams, and the caches that
 * drop what an event changes).
 *
 * The instance that made a change delivers it at once, after reading any
 * earlier event it has not delivered yet; a notice of an id already
 * delivered changes nothing. When the notifier loses its connection and
 * gets it back, the bus reads everything recorded meanwhile. If what it
 * missed is no longer stored (beyond the replay window), it cannot deliver
 * it: `onLost` listeners end their streams, and clients resume through
 * `Last-Event-ID`, which answers `stream.reset` when the gap is too old.
 */
import type { Kysely } from 'kysely';
import type { LiveEvent } from '@ecotone/protocol';
import type { Database, EventRow } from '../db/schema.js';
import { audienceFromColumns } from './audience.js';
import type { EventBus, LiveEventListener, StoredLiveEvent } from './bus.js';
import { eventIdRange, listEventsAfter } from './event-repository.js';

/** Rows read per query while catching up. */
const CATCH_UP_BATCH_SIZE = 500;

/** What tells this instance that events were committed elsewhere. */
export interface EventNotifier {
  /**
   * Starts listening: `onNotice` gets each announced id (in commit order),
   * `onResumed` is called when a lost connection is back (notices may have
   * been missed). Resolves once listening.
   */
  start(handlers: { onNotice: (id: number) => void; onResumed: () => void }): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseEventBusOptions {
  /** The bus closes `db` when it closes. */
  ownsDb?: boolean;
  /** Called when an error stops delivery (a failed read); the bus goes on with the next notice. */
  onError?: (error: unknown) => void;
}

export class DatabaseEventBus implements EventBus {
  readonly #db: Kysely<Database>;
  readonly #notifier: EventNotifier;
  readonly #options: DatabaseEventBusOptions;
  readonly #listeners = new Set<LiveEventListener>();
  readonly #lostListeners = new Set<() => void>();
  /** The highest id handed to the listeners (or found already there at start). */
  #delivered = 0;
  /** Deliveries one after the other, in id order. */
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(db: Kysely<Database>, notifier: EventNotifier, options: DatabaseEventBusOptions) {
    this.#db = db;
    this.#notifier = notifier;
    this.#options = options;
  }

  /**
   * Listens first, then notes the newest id: nothing committed in between is
   * missed (its notice comes, or its row is read with the next one).
   */
  static async start(db: Kysely<Database>, notifier: EventNotifier, options: DatabaseEventBusOptions = {}): Promise<DatabaseEventBus> {
    const bus = new DatabaseEventBus(db, notifier, options);
    await notifier.start({
      onNotice: (id) => bus.#enqueue(() => bus.#catchUp(id)),
      onResumed: () => bus.#enqueue(() => bus.#catchUp()),
    });
    bus.#delivered = (await eventIdRange(db))?.max ?? 0;
    return bus;
  }

  /** The highest event id delivered so far. */
  get delivered(): number {
    return this.#delivered;
  }

  /** A change of this instance, committed: delivered after any earlier one not delivered yet. */
  publish(event: StoredLiveEvent): void {
    this.#enqueue(async () => {
      if (event.id <= this.#delivered) return;
      if (event.id > this.#delivered + 1) await this.#catchUp(event.id - 1);
      this.#deliver(event);
    });
  }

  subscribe(listener: LiveEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` when events could not be delivered (missed and no longer stored). */
  onLost(listener: () => void): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#notifier.close();
    await this.#chain;
    if (this.#options.ownsDb) await this.#db.destroy();
    this.#listeners.clear();
    this.#lostListeners.clear();
  }

  #enqueue(step: () => Promise<void>): void {
    this.#chain = this.#chain
      .then(() => (this.#closed ? undefined : step()))
      .catch((error: unknown) => this.#options.onError?.(error));
  }

  /** Reads and delivers the stored events after the last delivered one, up to `upTo` (default: all). */
  async #catchUp(upTo?: number): Promise<void> {
    if (upTo !== undefined && upTo <= this.#delivered) return;
    const range = await eventIdRange(this.#db);
    // Pruned before this instance read them: they cannot be delivered.
    if (range !== null && range.min > this.#delivered + 1 && this.#delivered > 0) {
      this.#delivered = Math.max(this.#delivered, range.min - 1);
      for (const lost of this.#lostListeners) lost();
    }
    for (;;) {
      const rows = await listEventsAfter(this.#db, this.#delivered, CATCH_UP_BATCH_SIZE, upTo);
      for (const row of rows) {
        const stored = storedEvent(row);
        if (stored) this.#deliver(stored);
        else this.#delivered = row.id;
      }
      if (rows.length < CATCH_UP_BATCH_SIZE || this.#closed) return;
    }
  }

  #deliver(event: StoredLiveEvent): void {
    this.#delivered = event.id;
    for (const listener of this.#listeners) listener(event);
  }
}

/** A stored row as the listeners take it; null when its audience is unknown (it reaches nobody). */
function storedEvent(row: EventRow): StoredLiveEvent | null {
  const audience = audienceFromColumns(row.audience, row.audience_actor);
  if (!audience) return null;
  return { id: Number(row.id), spaceId: row.space_id, event: JSON.parse(row.payload) as LiveEvent, audience };
}
