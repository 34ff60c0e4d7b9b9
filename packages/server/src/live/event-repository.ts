import { sql, type Kysely } from 'kysely';
import type { Database, EventRow } from '../db/schema.js';
import { engineOf } from '../db/engine.js';
import type { EventAudience } from '@ecotone/protocol/rules';
import { audienceColumns } from './audience.js';

export async function insertEvent(
  db: Kysely<Database>,
  event: { spaceId: string; type: string; payload: string; createdAt: string; audience: EventAudience; postId: string | null },
): Promise<number> {
  const row = await db
    .insertInto('events')
    .values({
      space_id: event.spaceId,
      type: event.type,
      payload: event.payload,
      created_at: event.createdAt,
      ...audienceColumns(event.audience),
      post_id: event.postId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  // Other instances learn of it when it commits (PostgreSQL delivers
  // notifications at commit, in commit order, and drops them on rollback):
  // the id only, they read the row (live/database-bus.ts).
  if (engineOf(db) === 'postgres') await sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${String(id)})`.execute(db);
  return id;
}

/** The PostgreSQL channel on which each committed event's id is announced. */
export const EVENTS_CHANNEL = 'ecotone_events';

/** Stored events with id greater than `afterId` (and at most `upTo`), oldest first. */
export async function listEventsAfter(db: Kysely<Database>, afterId: number, limit: number, upTo?: number): Promise<EventRow[]> {
  let query = db.selectFrom('events').selectAll().where('id', '>', afterId);
  if (upTo !== undefined) query = query.where('id', '<=', upTo);
  return query.orderBy('id').limit(limit).execute();
}

/** Lowest and highest retained event ids, or null when none is stored. */
export async function eventIdRange(db: Kysely<Database>): Promise<{ min: number; max: number } | null> {
  const row = await db
    // Two subqueries: SQLite answers a lone min() or max() of the key from
    // the B-tree's ends, but both in one select scan the whole table.
    .selectNoFrom((eb) => [
      eb.selectFrom('events').select((e) => e.fn.min('id').as('m')).as('min'),
      eb.selectFrom('events').select((e) => e.fn.max('id').as('m')).as('max'),
    ])
    .executeTakeFirst();
  if (!row || row.min === null || row.max === null) return null;
  return { min: Number(row.min), max: Number(row.max) };
}

/**
 * Deletes events beyond the retention window, always keeping the newest one
 * so the lowest retained id still tells how far back a replay can go.
 */
export async function pruneEvents(
  db: Kysely<Database>,
  retention: { maxEvents: number; olderThan: string },
): Promise<void> {
  const range = await eventIdRange(db);
  if (!range) return;
  await db
    .deleteFrom('events')
    .where('id', '<', range.max)
    .where((eb) => eb.or([eb('id', '<=', range.max - retention.maxEvents), eb('created_at', '<', retention.olderThan)]))
    .execute();
}

/** Deletes the stored events about a post recorded before `beforeId` (the post is being deleted). */
export async function deletePostEvents(db: Kysely<Database>, postId: string, beforeId: number): Promise<void> {
  await db.deleteFrom('events').where('post_id', '=', postId).where('id', '<', beforeId).execute();
}
