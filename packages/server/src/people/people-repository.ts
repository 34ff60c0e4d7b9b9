import { sql, type Kysely } from 'kysely';
import type { Actor, SpaceRef } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { ACTOR_COLUMNS, actorFromRow } from './actor-repository.js';

/** LIKE wildcards in a searched word are literal characters. */
const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `actors.search_name` holds every folded word (search/text-folding.ts), each as a plain LIKE. */
function nameHolds(words: readonly string[]) {
  return words.map((word) => sql<boolean>`actors.search_name LIKE ${`%${escapeLike(word)}%`} ESCAPE '\\'`);
}

/**
 * The first `limit` active people, by name then id, whose folded name holds
 * every word: a walk of the index of active names, cut by the LIMIT.
 */
export async function searchActivePeople(db: Kysely<Database>, words: readonly string[], limit: number): Promise<Actor[]> {
  let query = db.selectFrom('actors').select(ACTOR_COLUMNS).where('actors.deactivated_at', 'is', null);
  for (const condition of nameHolds(words)) query = query.where(condition);
  const rows = await query.orderBy('actors.display_name').orderBy('actors.id').limit(limit).execute();
  return rows.map(actorFromRow);
}

/**
 * The first `limit` active members of a space (any role), by name then id,
 * whose folded name holds every word: a walk of the space's memberships by
 * the name they copy (kept equal to the person's by triggers), cut by the LIMIT.
 */
export async function searchActiveMembers(
  db: Kysely<Database>,
  spaceId: string,
  words: readonly string[],
  limit: number,
): Promise<Actor[]> {
  let query = db
    .selectFrom('memberships')
    .innerJoin('actors', 'actors.id', 'memberships.actor_id')
    .select(ACTOR_COLUMNS)
    .where('memberships.space_id', '=', spaceId)
    .where('actors.deactivated_at', 'is', null);
  for (const condition of nameHolds(words)) query = query.where(condition);
  const rows = await query.orderBy('memberships.display_name').orderBy('memberships.actor_id').limit(limit).execute();
  return rows.map(actorFromRow);
}

/** A person and their time zone (null: unknown), or undefined for an unknown id. */
export async function findPerson(db: Kysely<Database>, id: string): Promise<{ actor: Actor; timeZone: string | null } | undefined> {
  const row = await db.selectFrom('actors').select([...ACTOR_COLUMNS, 'actors.time_zone']).where('actors.id', '=', id).executeTakeFirst();
  return row ? { actor: actorFromRow(row), timeZone: row.time_zone } : undefined;
}

/**
 * The spaces both people belong to, by name then id, at most `limit`: the
 * memberships of one (a person belongs to tens of spaces, not thousands),
 * each checked against the other's by primary key.
 */
export async function spacesInCommon(db: Kysely<Database>, actorId: string, otherId: string, limit: number): Promise<SpaceRef[]> {
  const rows = await db
    .selectFrom('memberships as theirs')
    .innerJoin('memberships as mine', (join) =>
      join.onRef('mine.space_id', '=', 'theirs.space_id').on('mine.actor_id', '=', otherId),
    )
    .innerJoin('spaces', 'spaces.id', 'theirs.space_id')
    .select(['spaces.id', 'spaces.name'])
    .where('theirs.actor_id', '=', actorId)
    .orderBy('spaces.name')
    .orderBy('spaces.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name }));
}
