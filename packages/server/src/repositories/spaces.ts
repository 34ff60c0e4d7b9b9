import type { Kysely } from 'kysely';
import type { Locale, Membership, Role, Visibility } from '@ecotone/protocol';
import type { Database, NewSpace, SpaceRow } from '../db/schema.js';

/** A space as stored, before the caller-specific `role`/`canPublish` are added. */
export interface SpaceRecord {
  id: string;
  name: string;
  description: string;
  visibility: Visibility;
  site: string | null;
  locale: Locale;
}

function spaceFromRow(row: SpaceRow): SpaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    visibility: row.visibility as Visibility,
    site: row.site,
    locale: row.locale as Locale,
  };
}

export async function findSpace(db: Kysely<Database>, id: string): Promise<SpaceRecord | undefined> {
  const row = await db.selectFrom('spaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? spaceFromRow(row) : undefined;
}

export async function listAllSpaces(db: Kysely<Database>): Promise<SpaceRecord[]> {
  const rows = await db.selectFrom('spaces').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(spaceFromRow);
}

export async function findRole(db: Kysely<Database>, spaceId: string, actorId: string): Promise<Role | null> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('space_id', '=', spaceId)
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return row ? (row.role as Role) : null;
}

export async function listMemberships(db: Kysely<Database>, actorId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['space_id', 'actor_id', 'role'])
    .where('actor_id', '=', actorId)
    .orderBy('space_id')
    .execute();
  return rows.map((r) => ({ spaceId: r.space_id, actorId: r.actor_id, role: r.role as Role }));
}

export async function insertSpace(db: Kysely<Database>, space: NewSpace): Promise<void> {
  await db.insertInto('spaces').values(space).execute();
}

export async function insertMembership(
  db: Kysely<Database>,
  membership: { spaceId: string; actorId: string; role: Role; createdAt: string },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      space_id: membership.spaceId,
      actor_id: membership.actorId,
      role: membership.role,
      created_at: membership.createdAt,
    })
    .execute();
}
