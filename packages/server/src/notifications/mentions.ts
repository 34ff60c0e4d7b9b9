/**
 * Mentions as stored: the ids a text mentions (`[@Name](mention:id)`, read by
 * `mentionedIds` of @ecotone/protocol/rules) are checked against the space at
 * every write, kept as rows (`mentions`), and read back with the objects as
 * the people they are now (`mentions: Actor[]`).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '@ecotone/protocol';
import { mentionErrors, mentionProblem } from '@ecotone/protocol/rules';
import type { Database, MentionsTable } from '../db/schema.js';
import { HttpProblem } from '../http/errors.js';
import { actorFromRow } from '../people/actor-repository.js';
import { findSpace, type SpaceRecord } from '../spaces/space-repository.js';
import { notClearedAmong } from '../policy/classification.js';

export type MentionObjectType = MentionsTable['object_type'];

/** Of these ids, the active people who can read the space (an open space: anyone; else its members). */
export async function readersAmong(db: Kysely<Database>, space: Pick<SpaceRecord, 'id' | 'visibility'>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db.selectFrom('actors').select('actors.id').where('actors.id', 'in', [...ids]).where('actors.deactivated_at', 'is', null);
  if (space.visibility !== 'open') {
    query = query.innerJoin('memberships', (j) => j.onRef('memberships.actor_id', '=', 'actors.id').on('memberships.space_id', '=', space.id));
  }
  return new Set((await query.execute()).map((r) => r.id));
}

/**
 * Refuses a text whose mentions may not be published in the space
 * (422 `mention_not_allowed`, naming only ids the caller sent).
 */
export async function requireMentionable(
  db: Kysely<Database>,
  space: Pick<SpaceRecord, 'id' | 'visibility' | 'label'>,
  mentioned: readonly string[],
  path: string,
  /** An edit: the object whose stored mentions stay allowed (people may have left since). */
  editing?: { type: MentionObjectType; id: string },
): Promise<void> {
  if (mentioned.length === 0) return;
  const kept = editing ? await mentionedBy(db, editing.type, editing.id) : new Set<string>();
  const readers = await readersAmong(db, space, mentioned.slice(0, 100));
  const errors = mentionErrors(mentioned, readers, path, kept);
  const problem = mentionProblem(errors);
  if (problem) throw new HttpProblem(problem.code, problem.title, problem.errors);
  // Classification: nobody is mentioned into a space above their clearance (kept mentions of an edit aside).
  const uncleared = (await notClearedAmong(db, space.label, [...readers].filter((id) => !kept.has(id)))).sort();
  if (uncleared.length > 0) {
    throw new HttpProblem(
      'classification_violation',
      'The text mentions people not cleared for this space\'s classification label',
      uncleared.map((id) => ({ path, message: `${id} is not cleared for this space` })),
    );
  }
}

/** Replaces the stored mentions of an object; returns the ids it did not mention before. */
export async function replaceMentions(
  db: Kysely<Database>,
  objectType: MentionObjectType,
  objectId: string,
  ids: readonly string[],
): Promise<string[]> {
  const before = new Set(
    (await db.selectFrom('mentions').select('actor_id').where('object_type', '=', objectType).where('object_id', '=', objectId).execute()).map(
      (r) => r.actor_id,
    ),
  );
  const same = before.size === ids.length && ids.every((id) => before.has(id));
  if (!same) {
    await db.deleteFrom('mentions').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
    if (ids.length > 0) {
      await db
        .insertInto('mentions')
        .values(ids.map((actor_id, position) => ({ object_type: objectType, object_id: objectId, actor_id, position })))
        .execute();
    }
  }
  return ids.filter((id) => !before.has(id));
}

/** Deletes the mentions of these objects (they are being deleted). */
export async function deleteMentions(db: Kysely<Database>, objectType: MentionObjectType, objectIds: readonly string[]): Promise<void> {
  if (objectIds.length === 0) return;
  await db.deleteFrom('mentions').where('object_type', '=', objectType).where('object_id', 'in', [...objectIds]).execute();
}

/** The people each object mentions, as they are now, in order of first mention; objects mentioning nobody are absent. */
export async function loadMentions(db: Kysely<Database>, objectType: MentionObjectType, objectIds: readonly string[]): Promise<Map<string, Actor[]>> {
  const out = new Map<string, Actor[]>();
  if (objectIds.length === 0) return out;
  const rows = await db
    .selectFrom('mentions')
    .innerJoin('actors', 'actors.id', 'mentions.actor_id')
    .select(['mentions.object_id', 'mentions.position'])
    .select(['actors.id', 'actors.display_name', 'actors.avatar_url', 'actors.site', 'actors.locale', 'actors.title', 'actors.created_at', 'actors.deactivated_at'])
    .where('mentions.object_type', '=', objectType)
    .where('mentions.object_id', 'in', [...new Set(objectIds)])
    .orderBy('mentions.object_id')
    .orderBy('mentions.position')
    .execute();
  for (const row of rows) {
    const list = out.get(row.object_id);
    const actor = actorFromRow(row);
    if (list) list.push(actor);
    else out.set(row.object_id, [actor]);
  }
  return out;
}

/** {@link requireMentionable} for a space named by id (already known to exist and be writable by the caller). */
export async function requireMentionableIn(
  db: Kysely<Database>,
  spaceId: string,
  mentioned: readonly string[],
  path: string,
  editing?: { type: MentionObjectType; id: string },
): Promise<void> {
  if (mentioned.length === 0) return;
  const space = await findSpace(db, spaceId);
  if (!space) throw new HttpProblem('not_found', 'Space not found');
  await requireMentionable(db, space, mentioned, path, editing);
}

/** The ids an object's text mentions as stored. */
async function mentionedBy(db: Kysely<Database>, objectType: MentionObjectType, objectId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('mentions').select('actor_id').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
  return new Set(rows.map((r) => r.actor_id));
}
