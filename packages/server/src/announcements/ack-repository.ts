import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Records that `actorId` read the post; a second acknowledgement changes
 * nothing (primary key). True when this call wrote it.
 */
export async function insertAck(db: Kysely<Database>, postId: string, actorId: string, createdAt: string): Promise<boolean> {
  const result = await db
    .insertInto('post_acks')
    .values({ post_id: postId, actor_id: actorId, created_at: createdAt })
    .onConflict((oc) => oc.columns(['post_id', 'actor_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Acknowledgements per post, from the counters per site kept by triggers (migration 0011). */
export async function countAcks(db: Kysely<Database>, postIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (postIds.length === 0) return counts;
  const rows = await db.selectFrom('ack_counts').select(['post_id', 'n']).where('post_id', 'in', postIds).execute();
  for (const row of rows) counts.set(row.post_id, (counts.get(row.post_id) ?? 0) + Number(row.n));
  return counts;
}

/**
 * Every acknowledgement of these posts, if they are at most `max` in all;
 * null when there are more (then each reader's own are looked up instead).
 */
export async function acksOn(
  db: Kysely<Database>,
  postIds: readonly string[],
  max: number,
): Promise<{ actor_id: string; post_id: string }[] | null> {
  if (postIds.length === 0) return [];
  const rows = await db
    .selectFrom('post_acks')
    .select(['actor_id', 'post_id'])
    .where('post_id', 'in', postIds)
    // The primary key's order: a walk of its index that the limit stops.
    .orderBy('post_id')
    .orderBy('actor_id')
    .limit(max + 1)
    .execute();
  return rows.length > max ? null : rows;
}

/** Which of the posts the actor acknowledged. */
export async function actorAcks(db: Kysely<Database>, actorId: string, postIds: readonly string[]): Promise<Set<string>> {
  if (postIds.length === 0 || actorId === '') return new Set();
  const rows = await db
    .selectFrom('post_acks')
    .select('post_id')
    .where('actor_id', '=', actorId)
    .where('post_id', 'in', postIds)
    .execute();
  return new Set(rows.map((r) => r.post_id));
}

/** Largest list of ids bound in one query. */
const IDS_PER_QUERY = 500;

/** Which of `actorIds` acknowledged the post (live events shaped for many viewers at once). */
export async function acknowledgersAmong(db: Kysely<Database>, postId: string, actorIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < actorIds.length; start += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('post_acks')
      .select('actor_id')
      .where('post_id', '=', postId)
      .where('actor_id', 'in', actorIds.slice(start, start + IDS_PER_QUERY))
      .execute();
    for (const row of rows) found.add(row.actor_id);
  }
  return found;
}

/**
 * Acknowledgements of a post per site of the people when they acknowledged
 * (null: no site), most first, then by site: one counter row per site.
 */
export async function acksBySite(db: Kysely<Database>, postId: string): Promise<{ site: string | null; count: number }[]> {
  const rows = await db.selectFrom('ack_counts').select(['site', 'n']).where('post_id', '=', postId).execute();
  return rows
    .filter((r) => Number(r.n) > 0)
    .map((r) => ({ site: r.site === '' ? null : r.site, count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || (a.site ?? '\uffff').localeCompare(b.site ?? '\uffff'));
}
