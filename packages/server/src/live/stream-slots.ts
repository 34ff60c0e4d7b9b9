/**
 * The cap on live streams per person, counted across the instances that
 * share one PostgreSQL database. Each instance writes how many streams it
 * holds for each person (`live_stream_slots`) and confirms its counts
 * regularly; a new stream is admitted, under a lock on that person, when
 * the instance's own count plus the others' stays within the cap. An
 * instance that dies stops confirming, and its counts stop counting after
 * `STALE_AFTER_MS`. On SQLite (one process) the hub counts in memory only.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How often an instance confirms its counts, in ms. */
export const SLOTS_CONFIRM_MS = 10_000;
/** Counts not confirmed for this long are an instance's that went away, in ms. */
export const STALE_AFTER_MS = 45_000;

export interface StreamSlots {
  /**
   * Records that this instance holds `held` streams of the person (the new
   * one included) if, with the other instances', that makes at most `max`;
   * otherwise records nothing and answers the total the others hold.
   */
  claim(actorId: string, held: number, max: number): Promise<{ admitted: true } | { admitted: false; elsewhere: number }>;
  /** Records this instance's count for the person after a stream ended (0 removes it). */
  set(actorId: string, held: number): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseStreamSlots implements StreamSlots {
  readonly #db: Kysely<Database>;
  readonly #instance = randomUUID();
  readonly #now: () => number;
  readonly #confirm: ReturnType<typeof setInterval>;

  constructor(db: Kysely<Database>, options: { now?: () => number; onError?: (error: unknown) => void } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#confirm = setInterval(() => {
      void this.#confirmCounts().catch((error: unknown) => options.onError?.(error));
    }, SLOTS_CONFIRM_MS);
    this.#confirm.unref();
  }

  async claim(actorId: string, held: number, max: number): Promise<{ admitted: true } | { admitted: false; elsewhere: number }> {
    return this.#db.transaction().execute(async (trx) => {
      // One admission at a time per person, on every instance.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`ecotone-streams:${actorId}`}))`.execute(trx);
      const row = await trx
        .selectFrom('live_stream_slots')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('streams'), sql<number>`0`).as('n'))
        .where('actor_id', '=', actorId)
        .where('instance_id', '<>', this.#instance)
        .where('seen_at', '>', this.#now() - STALE_AFTER_MS)
        .executeTakeFirst();
      const elsewhere = Number(row?.n ?? 0);
      if (elsewhere + held > max) return { admitted: false, elsewhere };
      await this.#write(trx, actorId, held);
      return { admitted: true };
    });
  }

  async set(actorId: string, held: number): Promise<void> {
    if (held > 0) await this.#write(this.#db, actorId, held);
    else await this.#db.deleteFrom('live_stream_slots').where('actor_id', '=', actorId).where('instance_id', '=', this.#instance).execute();
  }

  async close(): Promise<void> {
    clearInterval(this.#confirm);
    await this.#db.deleteFrom('live_stream_slots').where('instance_id', '=', this.#instance).execute();
  }

  async #write(db: Kysely<Database>, actorId: string, held: number): Promise<void> {
    const seenAt = this.#now();
    await db
      .insertInto('live_stream_slots')
      .values({ actor_id: actorId, instance_id: this.#instance, streams: held, seen_at: seenAt })
      .onConflict((oc) => oc.columns(['actor_id', 'instance_id']).doUpdateSet({ streams: held, seen_at: seenAt }))
      .execute();
  }

  /** Confirms this instance's counts, and forgets those of instances gone long ago. */
  async #confirmCounts(): Promise<void> {
    const at = this.#now();
    await this.#db.updateTable('live_stream_slots').set({ seen_at: at }).where('instance_id', '=', this.#instance).execute();
    await this.#db.deleteFrom('live_stream_slots').where('seen_at', '<', at - 10 * STALE_AFTER_MS).execute();
  }
}
