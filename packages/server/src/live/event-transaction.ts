/**
 * The transactions that record live events, and the order their ids become
 * visible in (see {@link eventTransaction}).
 */
import { sql, type Kysely } from 'kysely';
import { engineOf } from '../db/engine.js';
import type { Database } from '../db/schema.js';

declare const recordsEvents: unique symbol;

/**
 * A transaction that may record live events: only {@link eventTransaction}
 * makes one, so a change cannot record an event outside it.
 */
export type EventTransaction = Kysely<Database> & { readonly [recordsEvents]: true };

/**
 * Key of the PostgreSQL advisory lock every event-recording transaction
 * takes to record its events, and holds until it commits ("ecot" in ASCII).
 */
const EVENT_ORDER_LOCK_KEY = 0x65636f74;

/** A write kept for the end of the transaction, run under the lock in the order it was asked. */
type Deferred = () => Promise<void>;

/** The writes each open event transaction keeps for its end. */
const deferredOf = new WeakMap<object, Deferred[]>();

/**
 * Runs a change that records live events. Event ids must become visible in
 * their order: an instance that reads the events after id 41 must not see 43
 * while 42 is still being committed, or it would skip 42 for good (and so
 * would a client resuming after 43 on another instance). SQLite has one
 * writer at a time, so its ids commit in order. On PostgreSQL the event rows
 * are written last: the change runs (concurrently with others), then the
 * transaction takes one advisory lock, inserts its events (their ids are
 * given now) and commits, which releases the lock. So ids are given and
 * committed one transaction after the other, and a rolled-back one leaves a
 * hole that nobody waits for, while the rest of every write (its reads,
 * checks and rows) runs in parallel: the lock is held for the few
 * statements of recording, not for the whole change.
 *
 * No deadlock: the lock is taken last, and its holder only inserts into
 * (and trims) `events`, which no transaction waiting for the lock holds a
 * row of. Changes that record nothing run in ordinary transactions.
 */
export function eventTransaction<T>(db: Kysely<Database>, work: (trx: EventTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const deferred: Deferred[] = [];
    deferredOf.set(trx, deferred);
    const result = await work(trx as unknown as EventTransaction);
    if (deferred.length > 0) {
      if (engineOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK_KEY})`.execute(trx);
      for (const write of deferred) await write();
    }
    return result;
  });
}

/**
 * Keeps `write` (inserting an event, trimming what the replay window kept)
 * for the end of the event transaction `trx`: it runs there, under the lock
 * that orders event ids, after the change itself and in the order asked.
 */
export function atRecording(trx: EventTransaction, write: Deferred): void {
  const deferred = deferredOf.get(trx);
  if (!deferred) throw new Error('atRecording: not the transaction eventTransaction opened');
  deferred.push(write);
}
