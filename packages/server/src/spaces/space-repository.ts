import { sql, type Kysely } from 'kysely';
import { effectiveLabel, type LabelOrder, type Locale, type Membership, type Role, type SpaceCapabilities, type Visibility } from '@ecotone/protocol';
import { spaceCapabilities } from '@ecotone/protocol/rules';
import type { Database, NewSpace } from '../db/schema.js';
import { foldForSearch } from '../search/text-folding.js';

/** A space as stored, before the caller-specific `role`/`canPublish` are added. */
export interface SpaceRecord {
  id: string;
  name: string;
  description: string;
  visibility: Visibility;
  site: string | null;
  locale: Locale;
  /** Its classification label; null: the lowest (rules/classification.ts). */
  label: string | null;
  /** What the space offers (every capability on unless an owner switched it off). */
  capabilities: SpaceCapabilities;
  /** Content older than this many days is deleted (retention/purge.ts); null: kept for good. */
  retentionDays: number | null;
}

type SpaceColumns = Pick<NewSpace, 'id' | 'name' | 'description' | 'visibility' | 'site' | 'locale' | 'label' | 'capabilities' | 'retention_days'>;

const SPACE_COLUMNS = ['id', 'name', 'description', 'visibility', 'site', 'locale', 'label', 'capabilities', 'retention_days'] as const;

/** Stored capabilities as the wire has them; unreadable JSON counts as nothing switched. */
function capabilitiesFromColumn(text: string | null): SpaceCapabilities {
  if (text === null) return spaceCapabilities(null);
  try {
    return spaceCapabilities(JSON.parse(text) as Partial<SpaceCapabilities>);
  } catch {
    return spaceCapabilities(null);
  }
}

function spaceFromRow(row: Required<SpaceColumns>): SpaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    visibility: row.visibility as Visibility,
    site: row.site,
    locale: row.locale as Locale,
    label: row.label ?? null,
    capabilities: capabilitiesFromColumn(row.capabilities),
    retentionDays: row.retention_days ?? null,
  };
}

/** Stores a space's capabilities (an owner's change). */
export async function updateSpaceCapabilities(db: Kysely<Database>, spaceId: string, capabilities: SpaceCapabilities): Promise<void> {
  await db.updateTable('spaces').set({ capabilities: JSON.stringify(capabilities) }).where('id', '=', spaceId).execute();
}

/** The capabilities of these spaces, by id (unknown ids are absent). */
export async function findSpaceCapabilities(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, SpaceCapabilities>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('spaces').select(['id', 'capabilities']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, capabilitiesFromColumn(row.capabilities)]));
}

export async function findSpace(db: Kysely<Database>, id: string): Promise<SpaceRecord | undefined> {
  const row = await db.selectFrom('spaces').select(SPACE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? spaceFromRow(row) : undefined;
}

/** The spaces with these ids, by id (unknown ids are absent). */
export async function findSpaces(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, SpaceRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('spaces').select(SPACE_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, spaceFromRow(row)]));
}

/** Filters of the spaces directory, combined with AND; absent ones do not filter. */
export interface SpaceFilter {
  /** The space's `site`, exactly. */
  site?: string;
  /** Folded words (search/text-folding.ts), each found in the folded name or description. */
  words?: readonly string[];
  /** Only spaces this actor belongs to. */
  memberId?: string;
}

/** LIKE wildcards in a searched word are literal characters. */
const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Spaces matching the filter, by name then id (visibility is decided by the caller, in authz). */
export async function listSpaces(db: Kysely<Database>, filter: SpaceFilter = {}): Promise<SpaceRecord[]> {
  let query = db.selectFrom('spaces').select(SPACE_COLUMNS);
  if (filter.site !== undefined) query = query.where('site', '=', filter.site);
  for (const word of filter.words ?? []) {
    // search_text is already lowercase and unaccented: a plain LIKE, portable to PostgreSQL.
    query = query.where(sql<boolean>`search_text LIKE ${`%${escapeLike(word)}%`} ESCAPE '\\'`);
  }
  const memberId = filter.memberId;
  if (memberId !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.space_id')
          .whereRef('memberships.space_id', '=', 'spaces.id')
          .where('memberships.actor_id', '=', memberId),
      ),
    );
  }
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(spaceFromRow);
}

/** How many people belong to each space (every role), by space id; spaces without members are absent. */
export async function countMembers(db: Kysely<Database>, spaceIds: readonly string[]): Promise<Map<string, number>> {
  if (spaceIds.length === 0) return new Map();
  // Counters per role kept by triggers (migration 0011), not a count of the members.
  const rows = await db
    .selectFrom('member_counts')
    .select(['space_id', 'n'])
    .where('space_id', 'in', [...new Set(spaceIds)])
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) if (Number(row.n) > 0) counts.set(row.space_id, (counts.get(row.space_id) ?? 0) + Number(row.n));
  return counts;
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

/**
 * The actor's memberships for `GET /me`: each with what its space offers and,
 * on a server with labels (`order` not empty), its space's label (the lowest
 * for a space never labelled), for elements to show.
 */
export async function listMeMemberships(db: Kysely<Database>, actorId: string, order: LabelOrder): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('spaces as s', 's.id', 'm.space_id')
    .select(['m.space_id', 'm.actor_id', 'm.role', 's.capabilities', 's.label'])
    .where('m.actor_id', '=', actorId)
    .orderBy('m.space_id')
    .execute();
  return rows.map((r) => ({
    spaceId: r.space_id,
    actorId: r.actor_id,
    role: r.role as Role,
    capabilities: capabilitiesFromColumn(r.capabilities),
    ...(order.length > 0 ? { label: effectiveLabel(order, r.label)! } : {}),
  }));
}

/** Stores a space with its folded search text. */
export async function insertSpace(db: Kysely<Database>, space: Omit<NewSpace, 'search_text'>): Promise<void> {
  await db
    .insertInto('spaces')
    .values({ ...space, search_text: foldForSearch(`${space.name} ${space.description}`) })
    .execute();
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
