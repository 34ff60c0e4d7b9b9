import type { Kysely } from 'kysely';
import type { Database, EventRow } from '../db/schema.js';
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
  return Number(row.id);
}

/** Stored events with id greater than `afterId`, oldest first. */
export async function listEventsAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
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
