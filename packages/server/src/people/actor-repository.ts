import type { Kysely } from 'kysely';
import type { Actor, Locale } from '@ecotone/protocol';
import type { ActorRow, Database, NewActor } from '../db/schema.js';
import { foldForSearch } from '../search/text-folding.js';

/**
 * Columns of a joined author (`actors` joined on `author_id`), prefixed `a_`
 * so they never clash with the joined row's own; {@link authorFromJoin} reads them back.
 */
export const AUTHOR_COLUMNS = [
  'actors.display_name as a_display_name',
  'actors.avatar_url as a_avatar_url',
  'actors.site as a_site',
  'actors.locale as a_locale',
  'actors.title as a_title',
  'actors.created_at as a_created_at',
  'actors.deactivated_at as a_deactivated_at',
] as const;

/** Every column of a joined actor, unprefixed: for rows that are mostly the actor (members, join requests). */
export const ACTOR_COLUMNS = [
  'actors.id',
  'actors.display_name',
  'actors.avatar_url',
  'actors.site',
  'actors.locale',
  'actors.title',
  'actors.created_at',
  'actors.deactivated_at',
] as const;

/** The author's row, from a row selected with {@link AUTHOR_COLUMNS}. */
export function authorFromJoin(row: {
  author_id: string;
  a_display_name: ActorRow['display_name'];
  a_avatar_url: ActorRow['avatar_url'];
  a_site: ActorRow['site'];
  a_locale: ActorRow['locale'];
  a_title: ActorRow['title'];
  a_created_at: ActorRow['created_at'];
  a_deactivated_at: ActorRow['deactivated_at'];
}): ActorRow {
  return {
    id: row.author_id,
    display_name: row.a_display_name,
    avatar_url: row.a_avatar_url,
    site: row.a_site,
    locale: row.a_locale,
    title: row.a_title,
    created_at: row.a_created_at,
    deactivated_at: row.a_deactivated_at,
  };
}

/** A new person as callers give them: the folded name is derived here, never passed. */
export type NewActorInput = Omit<NewActor, 'search_name'>;

/** The row to insert, with its name folded for people search. */
function withSearchName(actor: NewActorInput): NewActor {
  return { ...actor, search_name: foldForSearch(actor.display_name) };
}

export function actorFromRow(row: ActorRow): Actor {
  return {
    id: row.id,
    displayName: row.display_name,
    locale: row.locale as Locale,
    ...(row.avatar_url ? { avatarUrl: row.avatar_url } : {}),
    ...(row.site ? { site: row.site } : {}),
    ...(row.title ? { title: row.title } : {}),
    ...(row.deactivated_at ? { deactivated: true as const } : {}),
  };
}

export async function findActor(db: Kysely<Database>, id: string): Promise<Actor | undefined> {
  const row = await db.selectFrom('actors').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? actorFromRow(row) : undefined;
}

/** Inserts the actor unless one with that id exists, then returns the stored one. */
export async function provisionActor(db: Kysely<Database>, actor: NewActorInput): Promise<Actor> {
  await db.insertInto('actors').values(withSearchName(actor)).onConflict((oc) => oc.column('id').doNothing()).execute();
  const stored = await findActor(db, actor.id);
  if (!stored) throw new Error(`actor ${actor.id} vanished after provisioning`);
  return stored;
}

/** People the development sign-in offers, by name: the first few hundred, not a whole company. */
const DEV_ACTORS_LISTED_MAX = 200;

export async function listActors(db: Kysely<Database>): Promise<Actor[]> {
  const rows = await db.selectFrom('actors').selectAll().orderBy('display_name').orderBy('id').limit(DEV_ACTORS_LISTED_MAX).execute();
  return rows.map(actorFromRow);
}

export async function countActors(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('actors').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertActor(db: Kysely<Database>, actor: NewActorInput): Promise<void> {
  await db.insertInto('actors').values(withSearchName(actor)).execute();
}

/** The actors with these ids, by id (unknown ids are absent). */
export async function findActors(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, Actor>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('actors').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, actorFromRow(row)]));
}

/**
 * Ends a person's access: from now on their tokens are refused. Their row
 * and content stay. Returns false for an unknown id; an already deactivated
 * person keeps their first date.
 */
export async function deactivateActor(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('actors')
    .set((eb) => ({ deactivated_at: eb.fn.coalesce('deactivated_at', eb.val(at.toISOString())) }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a deactivated person their access back; false for an unknown id. */
export async function reactivateActor(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.updateTable('actors').set({ deactivated_at: null }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Which of these people are deactivated (e.g. to end their open live streams). */
export async function listDeactivated(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .selectFrom('actors')
    .select('id')
    .where('id', 'in', unique)
    .where('deactivated_at', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Every person with when their access ended (null: active), by id: for administrators. */
export async function listActorStatuses(db: Kysely<Database>): Promise<
  { id: string; displayName: string; site: string | null; deactivatedAt: string | null; subject: string | null; email: string | null }[]
> {
  const rows = await db.selectFrom('actors').select(['id', 'display_name', 'site', 'deactivated_at', 'subject', 'email']).orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    displayName: row.display_name,
    site: row.site,
    deactivatedAt: row.deactivated_at,
    subject: row.subject,
    email: row.email,
  }));
}

/**
 * The ids of the people an administrator's words name: their id, or else the
 * subject or e-mail their identity provider gave (several when the e-mail
 * is shared, e.g. by two providers).
 */
export async function findActorIdsByName(db: Kysely<Database>, name: string): Promise<string[]> {
  if (await findActor(db, name)) return [name];
  const rows = await db
    .selectFrom('actors')
    .select('id')
    .where((eb) => eb.or([eb('subject', '=', name), eb('email', '=', name)]))
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
