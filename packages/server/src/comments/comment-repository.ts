import type { Kysely } from 'kysely';
import type { ActorRow, CommentRow, Database, NewComment } from '../db/schema.js';
import type { FeedPosition } from '../posts/post-repository.js';
import { AUTHOR_COLUMNS, authorFromJoin } from '../people/actor-repository.js';

export interface CommentWithAuthorRow {
  comment: CommentRow;
  author: ActorRow;
}

function commentsWithAuthors(db: Kysely<Database>) {
  return db
    .selectFrom('comments')
    .innerJoin('actors', 'actors.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.space_id',
      'comments.parent_id',
      'comments.author_id',
      'comments.body',
      'comments.locale',
      'comments.created_at',
      'comments.edited_at',
      'comments.deleted_at',
      'comments.moderation',
      'comments.moderation_reason',
      'comments.moderated_by',
      'comments.moderated_at',
      ...AUTHOR_COLUMNS,
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof commentsWithAuthors>['executeTakeFirstOrThrow']>>;

function split(row: JoinedRow): CommentWithAuthorRow {
  return {
    comment: {
      id: row.id,
      post_id: row.post_id,
      space_id: row.space_id,
      parent_id: row.parent_id,
      author_id: row.author_id,
      body: row.body,
      locale: row.locale,
      created_at: row.created_at,
      edited_at: row.edited_at,
      deleted_at: row.deleted_at,
      moderation: row.moderation,
      moderation_reason: row.moderation_reason,
      moderated_by: row.moderated_by,
      moderated_at: row.moderated_at,
    },
    author: authorFromJoin(row),
  };
}

export async function findComment(db: Kysely<Database>, id: string): Promise<CommentWithAuthorRow | undefined> {
  const row = await commentsWithAuthors(db).where('comments.id', '=', id).executeTakeFirst();
  return row ? split(row) : undefined;
}

/** Up to `limit` comments of a post strictly newer than `after`, oldest first (replies included). */
export async function listComments(
  db: Kysely<Database>,
  postId: string,
  after: FeedPosition | null,
  limit: number,
): Promise<CommentWithAuthorRow[]> {
  let query = commentsWithAuthors(db).where('comments.post_id', '=', postId);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('comments.created_at', '>', after.createdAt),
        eb.and([eb('comments.created_at', '=', after.createdAt), eb('comments.id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('comments.created_at', 'asc').orderBy('comments.id', 'asc').limit(limit).execute();
  return rows.map(split);
}

export async function insertComment(db: Kysely<Database>, comment: NewComment): Promise<void> {
  await db.insertInto('comments').values(comment).execute();
}

export async function insertComments(db: Kysely<Database>, comments: readonly NewComment[]): Promise<void> {
  for (const comment of comments) await insertComment(db, comment);
}

export async function updateCommentBody(db: Kysely<Database>, id: string, body: string, editedAt: string): Promise<void> {
  await db.updateTable('comments').set({ body, edited_at: editedAt }).where('id', '=', id).execute();
}

/** Whether a comment has replies: the first one found answers, however many there are. */
export async function hasReplies(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Keeps the comment as a placeholder: body emptied (the text is gone), replies stay attached. */
export async function markCommentDeleted(db: Kysely<Database>, id: string, deletedAt: string): Promise<void> {
  await db.updateTable('comments').set({ body: '', deleted_at: deletedAt }).where('id', '=', id).execute();
}

/** Removes the comment and the reactions on it. */
export async function removeComment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('reactions').where('object_id', '=', id).execute();
  await db.deleteFrom('comments').where('id', '=', id).execute();
}

/** Comments that are not deleted, per post (posts without any are absent). */
export async function countComments(db: Kysely<Database>, postIds: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (postIds.length === 0) return result;
  // A counter kept by triggers (migration 0011), not a count of the rows.
  const rows = await db.selectFrom('comment_counts').select(['post_id', 'n']).where('post_id', 'in', postIds).execute();
  for (const row of rows) if (Number(row.n) > 0) result.set(row.post_id, Number(row.n));
  return result;
}

/** The space of a comment; undefined if none. */
export async function findCommentSpace(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('comments').select('space_id').where('id', '=', id).executeTakeFirst();
  return row?.space_id;
}
