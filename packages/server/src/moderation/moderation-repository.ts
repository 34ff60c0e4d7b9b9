/**
 * The SQL of moderation (db/migrations/0029_moderation.ts): reports, the
 * moderation state of posts, comments and notes, and word filters. Every
 * read of the queue is one range of an index of its space.
 */
import type { Kysely } from 'kysely';
import type { ModerationTargetType } from '@ecotone/protocol';
import { MODERATION_QUEUE_MAX } from '@ecotone/protocol';
import type { Database, ReportsTable } from '../db/schema.js';

/** Open reports read at most per queue (grouped by item afterwards). */
export const OPEN_REPORTS_READ_MAX = 1_000;

/** The table holding each kind of content. */
const TABLE = { post: 'posts', comment: 'comments', note: 'notes' } as const;

/** A person's report of an item, open or dealt with. */
export function findReport(db: Kysely<Database>, targetType: ModerationTargetType, targetId: string, reporterId: string): Promise<ReportsTable | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('reporter_id', '=', reporterId)
    .executeTakeFirst();
}

export async function insertReport(db: Kysely<Database>, report: ReportsTable): Promise<void> {
  await db.insertInto('reports').values(report).execute();
}

/** Opens a person's report of an item again, as new (they report it after an owner dealt with it). */
export async function reopenReport(db: Kysely<Database>, id: string, changes: Pick<ReportsTable, 'reason' | 'text' | 'created_at'>): Promise<void> {
  await db.updateTable('reports').set({ ...changes, resolved_at: null }).where('id', '=', id).execute();
}

/** Marks the open reports of an item dealt with; returns how many. */
export async function resolveReports(db: Kysely<Database>, targetType: ModerationTargetType, targetId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ resolved_at: at })
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The reports of a post and of its comments go with it. */
export async function deletePostReports(db: Kysely<Database>, postId: string): Promise<void> {
  await db.deleteFrom('reports').where('post_id', '=', postId).execute();
}

/** The open reports of a space, newest first: one range of `reports_queue_idx`. */
export function openReports(db: Kysely<Database>, spaceId: string): Promise<Pick<ReportsTable, 'target_type' | 'target_id' | 'post_id' | 'reason' | 'text' | 'created_at'>[]> {
  return db
    .selectFrom('reports')
    .select(['target_type', 'target_id', 'post_id', 'reason', 'text', 'created_at'])
    .where('space_id', '=', spaceId)
    .where('resolved_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(OPEN_REPORTS_READ_MAX)
    .execute();
}

/** Hidden and held items of a space, newest first: one range of `<table>_moderation_idx`. */
export function moderatedIds(db: Kysely<Database>, targetType: ModerationTargetType, spaceId: string): Promise<{ id: string }[]> {
  return db
    .selectFrom(TABLE[targetType])
    .select('id')
    .where('space_id', '=', spaceId)
    .where('moderation', 'is not', null)
    .orderBy('moderated_at', 'desc')
    .limit(MODERATION_QUEUE_MAX)
    .execute();
}

/** Sets (or clears, `state` null) an item's moderation state. */
export async function setModeration(
  db: Kysely<Database>,
  targetType: ModerationTargetType,
  targetId: string,
  state: { moderation: 'hidden' | 'held'; reason: string; by: string | null; at: string } | null,
): Promise<void> {
  await db
    .updateTable(TABLE[targetType])
    .set(
      state
        ? { moderation: state.moderation, moderation_reason: state.reason, moderated_by: state.by, moderated_at: state.at }
        : { moderation: null, moderation_reason: null, moderated_by: null, moderated_at: null },
    )
    .where('id', '=', targetId)
    .execute();
}

/** A space's word filter, in the order set. */
export async function wordFiltersOf(db: Kysely<Database>, spaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('word_filters').select('word').where('space_id', '=', spaceId).orderBy('position').execute();
  return rows.map((r) => r.word);
}

/** Replaces a space's word filter. */
export async function replaceWordFilters(db: Kysely<Database>, spaceId: string, words: readonly string[]): Promise<void> {
  await db.deleteFrom('word_filters').where('space_id', '=', spaceId).execute();
  if (words.length > 0) await db.insertInto('word_filters').values(words.map((word, position) => ({ space_id: spaceId, word, position }))).execute();
}
