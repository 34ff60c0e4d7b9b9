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
 * holds from its first statement to its commit ("ecot" in ASCII).
 */
const EVENT_ORDER_LOCK_KEY = 0x65636f74;

/**
 * Runs a change that records live events. Event ids must become visible in
 * their order: an instance that reads the events after id 41 must not see 43
 * while 42 is still being committed, or it would skip 42 for good (and so
 * would a client resuming after 43 on another instance). SQLite has one
 * writer at a time, so its ids commit in order. On PostgreSQL every such
 * transaction first takes one advisory lock, held until it commits: they
 * run one after the other, and each id is given after the previous one is
 * committed (or rolled back, leaving a hole that nobody waits for). Taken
 * first, before any row lock, so that waiting for it can never be part of
 * a deadlock. Changes that record nothing run in ordinary transactions.
 */
export function eventTransaction<T>(db: Kysely<Database>, work: (trx: EventTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (engineOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK_KEY})`.execute(trx);
    return work(trx as unknown as EventTransaction);
  });
}
