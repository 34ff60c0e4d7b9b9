import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Counts per object per kind, for the given objects only (kinds nobody uses are absent). */
export async function countReactions(
  db: Kysely<Database>,
  objectIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>();
  if (objectIds.length === 0) return result;
  // Counters kept by triggers (migration 0011): one row per kind, however many reacted.
  const rows = await db
    .selectFrom('reaction_counts')
    .select(['object_id', 'kind', 'n'])
    .where('object_id', 'in', objectIds)
    .execute();
  for (const row of rows) {
    let perKind = result.get(row.object_id);
    if (!perKind) result.set(row.object_id, (perKind = new Map()));
    perKind.set(row.kind, Number(row.n));
  }
  return result;
}

/**
 * Every reaction to these objects, if they are at most `max` in all; null
 * when there are more (then each reader's own are looked up instead).
 */
export async function reactionsOn(
  db: Kysely<Database>,
  objectIds: readonly string[],
  max: number,
): Promise<{ actor_id: string; object_id: string; kind: string; created_at: string }[] | null> {
  if (objectIds.length === 0) return [];
  const rows = await db
    .selectFrom('reactions')
    .select(['actor_id', 'object_id', 'kind', 'created_at'])
    .where('object_id', 'in', objectIds)
    // A walk of an index by object that the limit stops (either index
    // starting with object_id gives this order without sorting).
    .orderBy('object_id')
    .limit(max + 1)
    .execute();
  return rows.length > max ? null : rows;
}

/** The kinds the actor has reacted with, per object. */
export async function actorReactions(
  db: Kysely<Database>,
  actorId: string,
  objectIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (objectIds.length === 0) return result;
  const rows = await db
    .selectFrom('reactions')
    .select(['object_id', 'kind'])
    .where('actor_id', '=', actorId)
    .where('object_id', 'in', objectIds)
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const kinds = result.get(row.object_id) ?? [];
    kinds.push(row.kind);
    result.set(row.object_id, kinds);
  }
  return result;
}

/** Adds the reaction; returns whether a row was actually inserted. */
export async function addReaction(
  db: Kysely<Database>,
  reaction: { objectId: string; actorId: string; kind: string; createdAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('reactions')
    .values({
      object_id: reaction.objectId,
      actor_id: reaction.actorId,
      kind: reaction.kind,
      created_at: reaction.createdAt,
    })
    .onConflict((oc) => oc.columns(['object_id', 'actor_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Removes the reaction; returns whether a row was actually deleted. */
export async function removeReaction(
  db: Kysely<Database>,
  reaction: { objectId: string; actorId: string; kind: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('reactions')
    .where('object_id', '=', reaction.objectId)
    .where('actor_id', '=', reaction.actorId)
    .where('kind', '=', reaction.kind)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Rows per multi-row insert: well under SQLite's bound-parameter limit. */
const INSERT_BATCH_ROWS = 200;

export async function insertReactions(
  db: Kysely<Database>,
  reactions: readonly { objectId: string; actorId: string; kind: string; createdAt: string }[],
): Promise<void> {
  for (let i = 0; i < reactions.length; i += INSERT_BATCH_ROWS) {
    const batch = reactions.slice(i, i + INSERT_BATCH_ROWS);
    await db
      .insertInto('reactions')
      .values(batch.map((r) => ({ object_id: r.objectId, actor_id: r.actorId, kind: r.kind, created_at: r.createdAt })))
      .execute();
  }
}

/** Largest list of ids bound in one query. */
const IDS_PER_QUERY = 500;

/** The kinds each of `actorIds` reacted with on one object (live events shaped for many viewers at once). */
export async function reactionsByActors(
  db: Kysely<Database>,
  objectId: string,
  actorIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (let start = 0; start < actorIds.length; start += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('reactions')
      .select(['actor_id', 'kind'])
      .where('object_id', '=', objectId)
      .where('actor_id', 'in', actorIds.slice(start, start + IDS_PER_QUERY))
      .orderBy('created_at')
      .execute();
    for (const row of rows) {
      const kinds = result.get(row.actor_id) ?? [];
      kinds.push(row.kind);
      result.set(row.actor_id, kinds);
    }
  }
  return result;
}
