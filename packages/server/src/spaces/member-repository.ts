import type { Kysely } from 'kysely';
import type { Role, SpaceMember } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { ACTOR_COLUMNS, actorFromRow } from '../people/actor-repository.js';

/** Position in a members list: the (role rank, display name, actor id) of the last member of a page. */
export interface MemberPosition {
  rank: number;
  name: string;
  id: string;
}

/** Owners first, then correspondents, members and readers. */
export const ROLE_RANKS: Readonly<Record<Role, number>> = { owner: 0, correspondent: 1, member: 2, reader: 3 };


function membersWithActors(db: Kysely<Database>) {
  return db
    .selectFrom('memberships')
    .innerJoin('actors', 'actors.id', 'memberships.actor_id')
    .select([
      'memberships.role',
      'memberships.created_at as since',
      ...ACTOR_COLUMNS,
    ]);
}

type MemberJoinRow = Awaited<ReturnType<ReturnType<typeof membersWithActors>['executeTakeFirstOrThrow']>>;

function memberFromRow(row: MemberJoinRow): SpaceMember {
  const { role, since, ...actor } = row;
  return { actor: actorFromRow(actor), role: role as Role, since };
}

/**
 * Up to `limit` members of a space after `after`, by role (owners first),
 * then display name, then id; optionally of one role only. One query per
 * role, in rank order, each a walk of the members index from the cursor
 * that stops at the page: a space of 10,000 members costs a page what a
 * space of ten does.
 */
export async function listMembers(
  db: Kysely<Database>,
  spaceId: string,
  options: { role?: Role; after: MemberPosition | null; limit: number },
): Promise<SpaceMember[]> {
  const after = options.after;
  const roles = (Object.keys(ROLE_RANKS) as Role[])
    .filter((role) => options.role === undefined || role === options.role)
    .filter((role) => after === null || ROLE_RANKS[role] >= after.rank);
  const members: SpaceMember[] = [];
  for (const role of roles) {
    const left = options.limit - members.length;
    if (left <= 0) break;
    let query = membersWithActors(db).where('memberships.space_id', '=', spaceId).where('memberships.role', '=', role);
    if (after && ROLE_RANKS[role] === after.rank) {
      // A row value: the index seeks to the cursor instead of walking to it.
      query = query.where((eb) =>
        eb(eb.refTuple('memberships.display_name', 'memberships.actor_id'), '>', eb.tuple(after.name, after.id)),
      );
    }
    const rows = await query.orderBy('memberships.display_name').orderBy('memberships.actor_id').limit(left).execute();
    members.push(...rows.map(memberFromRow));
  }
  return members;
}

/** One member of a space with their actor, or undefined. */
export async function findMember(db: Kysely<Database>, spaceId: string, actorId: string): Promise<SpaceMember | undefined> {
  const row = await membersWithActors(db)
    .where('memberships.space_id', '=', spaceId)
    .where('memberships.actor_id', '=', actorId)
    .executeTakeFirst();
  return row ? memberFromRow(row) : undefined;
}

export async function countOwners(db: Kysely<Database>, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom('member_counts')
    .select('n')
    .where('space_id', '=', spaceId)
    .where('role', '=', 'owner')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Serialises changes to a space's members until the transaction ends, so the
 * owner count read next cannot change under it (two owners demoting each
 * other at once). A no-op UPDATE of the space's row takes the row lock on
 * PostgreSQL and the write lock on SQLite (SQLite has no SELECT … FOR
 * UPDATE); a non-key column, so PostgreSQL's lock does not hold up inserts
 * that reference the space. Call first in the transaction.
 */
export async function lockSpaceMembers(db: Kysely<Database>, spaceId: string): Promise<void> {
  await db.updateTable('spaces').set((eb) => ({ name: eb.ref('name') })).where('id', '=', spaceId).execute();
}

/** Adds the person with `role`, or changes their role (keeping when they joined). */
export async function upsertMembership(
  db: Kysely<Database>,
  membership: { spaceId: string; actorId: string; role: Role; createdAt: string; directoryGroup?: string | null },
): Promise<void> {
  // A membership made or changed in Ecotone is Ecotone's (null); only the directory sync passes a group.
  const directoryGroup = membership.directoryGroup ?? null;
  await db
    .insertInto('memberships')
    .values({
      space_id: membership.spaceId,
      actor_id: membership.actorId,
      role: membership.role,
      created_at: membership.createdAt,
      directory_group: directoryGroup,
    })
    .onConflict((oc) => oc.columns(['space_id', 'actor_id']).doUpdateSet({ role: membership.role, directory_group: directoryGroup }))
    .execute();
}

/** Removes the person from the space; false when they were not a member. */
export async function deleteMembership(db: Kysely<Database>, spaceId: string, actorId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('memberships')
    .where('space_id', '=', spaceId)
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
