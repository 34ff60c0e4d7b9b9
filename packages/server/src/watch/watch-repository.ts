/**
 * Technology-watch sources and items in the database (migration 0028).
 * Every read is bounded by an index: a space's sources by
 * `watch_sources_space_idx` (and at most WATCH_SOURCES_PER_SPACE_MAX of
 * them), due sources by `watch_sources_due_idx`, items by their post id or
 * their (space, guid) and (space, link) keys.
 */
import type { Kysely, Selectable } from 'kysely';
import { WATCH_SOURCES_PER_SPACE_MAX, type Actor, type WatchItem, type WatchSource } from '@ecotone/protocol';
import type { Database, WatchItemsTable, WatchSourcesTable } from '../db/schema.js';
import { actorFromRow } from '../people/actor-repository.js';

export type WatchSourceRow = Selectable<WatchSourcesTable>;
export type WatchItemRow = Selectable<WatchItemsTable>;

/** Sources fetched in one scan at most; the next scan takes the rest. */
export const DUE_SOURCES_PER_SCAN_MAX = 20;

export type SourceWithAdder = WatchSourceRow & { adder: Actor };

/** A space's sources, oldest first, with who added each. */
export async function listSpaceSources(db: Kysely<Database>, spaceId: string): Promise<SourceWithAdder[]> {
  const rows = await db
    .selectFrom('watch_sources')
    .selectAll()
    .where('space_id', '=', spaceId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(WATCH_SOURCES_PER_SPACE_MAX)
    .execute();
  return withAdders(db, rows);
}

/** The sources with the people who added them. */
export async function withAdders(db: Kysely<Database>, rows: readonly WatchSourceRow[]): Promise<SourceWithAdder[]> {
  const ids = [...new Set(rows.map((r) => r.added_by))];
  const actors = ids.length === 0 ? [] : await db.selectFrom('actors').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(actors.map((row) => [row.id, actorFromRow(row)]));
  return rows.map((row) => ({ ...row, adder: byId.get(row.added_by) ?? { id: row.added_by, displayName: row.added_by, locale: 'en' } }));
}

export async function countSpaceSources(db: Kysely<Database>, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom('watch_sources')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('space_id', '=', spaceId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findSource(db: Kysely<Database>, id: string): Promise<WatchSourceRow | undefined> {
  return db.selectFrom('watch_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSourceByUrl(db: Kysely<Database>, spaceId: string, urlKey: string): Promise<WatchSourceRow | undefined> {
  return db.selectFrom('watch_sources').selectAll().where('space_id', '=', spaceId).where('url_key', '=', urlKey).executeTakeFirst();
}

/** Sources whose next fetch is due, soonest first. */
export async function listDueSources(db: Kysely<Database>, now: string): Promise<WatchSourceRow[]> {
  return db
    .selectFrom('watch_sources')
    .selectAll()
    .where('next_fetch_at', '<=', now)
    .orderBy('next_fetch_at')
    .orderBy('id')
    .limit(DUE_SOURCES_PER_SCAN_MAX)
    .execute();
}

/** When the next source is due, or null when there is none. */
export async function nextSourceDue(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('watch_sources').select('next_fetch_at').orderBy('next_fetch_at').orderBy('id').limit(1).executeTakeFirst();
  return row?.next_fetch_at ?? null;
}

/**
 * Claims a due source for this instance: moves its next fetch to `until`
 * if nobody has moved it since it was read. True when this instance won.
 */
export async function claimSource(db: Kysely<Database>, source: WatchSourceRow, until: string): Promise<boolean> {
  const result = await db
    .updateTable('watch_sources')
    .set({ next_fetch_at: until })
    .where('id', '=', source.id)
    .where('next_fetch_at', '=', source.next_fetch_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The items of these posts, by post id. */
export async function loadWatchItems(db: Kysely<Database>, postIds: readonly string[]): Promise<Map<string, WatchItemRow>> {
  if (postIds.length === 0) return new Map();
  const rows = await db.selectFrom('watch_items').selectAll().where('post_id', 'in', [...postIds]).execute();
  return new Map(rows.map((row) => [row.post_id, row]));
}

/** The item of the space with this guid key, else the one with this link key. */
export async function findItemByKeys(
  db: Kysely<Database>,
  spaceId: string,
  guidKey: string,
  linkKey: string | null,
): Promise<{ row: WatchItemRow; by: 'guid' | 'link' } | undefined> {
  const byGuid = await db.selectFrom('watch_items').selectAll().where('space_id', '=', spaceId).where('guid_key', '=', guidKey).executeTakeFirst();
  if (byGuid) return { row: byGuid, by: 'guid' };
  if (linkKey === null) return undefined;
  const byLink = await db.selectFrom('watch_items').selectAll().where('space_id', '=', spaceId).where('link_key', '=', linkKey).executeTakeFirst();
  return byLink ? { row: byLink, by: 'link' } : undefined;
}

/** A source as the API shows it. */
export function sourceView(row: SourceWithAdder): WatchSource {
  return {
    id: row.id,
    spaceId: row.space_id,
    url: row.url,
    title: row.title,
    addedBy: row.adder,
    createdAt: row.created_at,
    ...(row.last_success_at ? { lastSuccessAt: row.last_success_at } : {}),
    ...(row.last_error_at && row.last_error_code ? { lastError: { at: row.last_error_at, code: row.last_error_code } } : {}),
    nextFetchAt: row.next_fetch_at,
  };
}

/** An item as a post shows it, for a viewer who may or may not triage. */
export function watchItemView(row: WatchItemRow, mayTriage: boolean): WatchItem {
  return {
    title: row.title,
    summary: row.summary,
    ...(row.link ? { link: row.link } : {}),
    ...(row.published_at ? { publishedAt: row.published_at } : {}),
    source: { title: row.source_title, url: row.source_url },
    triage: row.triage as WatchItem['triage'],
    ...(row.note_id ? { noteId: row.note_id } : {}),
    mayTriage,
  };
}
