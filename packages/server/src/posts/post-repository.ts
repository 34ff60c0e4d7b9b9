import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { ActorRow, Database, NewPost, PostRow } from '../db/schema.js';
import { AUTHOR_COLUMNS, authorFromJoin } from '../people/actor-repository.js';
import { reindexPostTexts } from './post-text-repository.js';
import { effectiveAt, visibleTo, type FeedViewer } from './post-visibility.js';

export interface PostWithAuthorRow {
  post: PostRow;
  author: ActorRow;
}

/** Position in a feed: the (effective publication time, id) of the last post of a page. */
export interface FeedPosition {
  createdAt: string;
  id: string;
}

function postsWithAuthors(db: Kysely<Database>) {
  return db
    .selectFrom('posts')
    .innerJoin('actors', 'actors.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.space_id',
      'posts.author_id',
      'posts.kind',
      'posts.body',
      'posts.locale',
      'posts.created_at',
      'posts.edited_at',
      'posts.publish_at',
      'posts.publish_pending',
      'posts.pinned_at',
      'posts.pinned_until',
      'posts.requires_ack',
      'posts.extension',
      'posts.ack_by',
      'posts.ack_reminded',
      'posts.moderation',
      'posts.moderation_reason',
      'posts.moderated_by',
      'posts.moderated_at',
      'posts.quote_of',
      ...AUTHOR_COLUMNS,
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof postsWithAuthors>['executeTakeFirstOrThrow']>>;

function split(row: JoinedRow): PostWithAuthorRow {
  return {
    post: {
      id: row.id,
      space_id: row.space_id,
      author_id: row.author_id,
      kind: row.kind,
      body: row.body,
      locale: row.locale,
      created_at: row.created_at,
      edited_at: row.edited_at,
      publish_at: row.publish_at,
      publish_pending: row.publish_pending,
      pinned_at: row.pinned_at,
      pinned_until: row.pinned_until,
      requires_ack: row.requires_ack,
      extension: row.extension,
      ack_by: row.ack_by,
      ack_reminded: row.ack_reminded,
      moderation: row.moderation,
      moderation_reason: row.moderation_reason,
      moderated_by: row.moderated_by,
      moderated_at: row.moderated_at,
      quote_of: row.quote_of,
    },
    author: authorFromJoin(row),
  };
}

export async function findPost(db: Kysely<Database>, id: string): Promise<PostWithAuthorRow | undefined> {
  const row = await postsWithAuthors(db).where('posts.id', '=', id).executeTakeFirst();
  return row ? split(row) : undefined;
}

/** Posts by id, in no particular order (missing ids are left out). */
export async function findPosts(db: Kysely<Database>, ids: readonly string[]): Promise<PostWithAuthorRow[]> {
  if (ids.length === 0) return [];
  const rows = await postsWithAuthors(db).where('posts.id', 'in', ids).execute();
  return rows.map(split);
}

function pinnedAt(now: string) {
  return (eb: ExpressionBuilder<Database, 'posts' | 'actors'>): Expression<SqlBool> =>
    eb.and([
      eb('posts.pinned_at', 'is not', null),
      eb.or([eb('posts.pinned_until', 'is', null), eb('posts.pinned_until', '>', now)]),
    ]);
}

/** Newest first by publication time, then id: the order of every feed. */
function newerFirst(a: PostWithAuthorRow, b: PostWithAuthorRow): number {
  const at = effectiveTime(b.post).localeCompare(effectiveTime(a.post));
  return at !== 0 ? at : b.post.id < a.post.id ? -1 : b.post.id > a.post.id ? 1 : 0;
}

/** Up to `limit` posts of one space, a walk of its feed index from the cursor. */
async function listSpaceFeed(
  db: Kysely<Database>,
  spaceId: string,
  after: FeedPosition | null,
  limit: number,
  viewer: FeedViewer,
): Promise<PostWithAuthorRow[]> {
  let query = postsWithAuthors(db)
    .where('posts.space_id', '=', spaceId)
    .where(visibleTo(viewer))
    .where((eb) => eb.not(pinnedAt(viewer.now)(eb)));
  if (after) {
    // (effectiveAt, id) < cursor, spelled so that the index seeks to the
    // cursor: SQLite does not seek on a row value over an expression column.
    query = query
      .where(effectiveAt, '<=', after.createdAt)
      .where((eb) => eb.or([eb(effectiveAt, '<', after.createdAt), eb('posts.id', '<', after.id)]));
  }
  const rows = await query.orderBy(effectiveAt, 'desc').orderBy('posts.id', 'desc').limit(limit).execute();
  return rows.map(split);
}

/**
 * Up to `limit` posts of the spaces (one or several) the viewer may see,
 * strictly older than `after`, newest first by publication time; posts
 * pinned now are left out (they head the first page instead). Several
 * spaces are one bounded walk each, merged: the cost is spaces × page,
 * never the history of all of them sorted together.
 */
export async function listFeed(
  db: Kysely<Database>,
  spaceIds: readonly string[],
  after: FeedPosition | null,
  limit: number,
  viewer: FeedViewer,
): Promise<PostWithAuthorRow[]> {
  const pages = await Promise.all([...new Set(spaceIds)].map((spaceId) => listSpaceFeed(db, spaceId, after, limit, viewer)));
  return pages.flat().sort(newerFirst).slice(0, limit);
}

/** Posts of the spaces pinned now and visible to the viewer, newest first. */
export async function listPinned(
  db: Kysely<Database>,
  spaceIds: readonly string[],
  viewer: FeedViewer,
): Promise<PostWithAuthorRow[]> {
  if (spaceIds.length === 0) return [];
  const rows = await postsWithAuthors(db)
    .where('posts.space_id', 'in', spaceIds)
    .where(visibleTo(viewer))
    .where(pinnedAt(viewer.now))
    .orderBy(effectiveAt, 'desc')
    .orderBy('posts.id', 'desc')
    .execute();
  return rows.map(split);
}

/** The effective publication time of a stored post (feed cursors). */
export function effectiveTime(post: Pick<PostRow, 'publish_at' | 'created_at'>): string {
  return post.publish_at ?? post.created_at;
}

/** Pins (with `until`, null: until unpinned) or unpins (`pinnedAt` null) a post. */
export async function setPin(
  db: Kysely<Database>,
  postId: string,
  pin: { pinnedAt: string; until: string | null } | null,
): Promise<void> {
  await db
    .updateTable('posts')
    .set({ pinned_at: pin?.pinnedAt ?? null, pinned_until: pin?.until ?? null })
    .where('id', '=', postId)
    .execute();
}

/** Ids of scheduled posts whose time has come and whose post.created has not gone out. */
export async function listPostsDue(db: Kysely<Database>, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('posts')
    .select('id')
    // A literal, not a parameter: SQLite uses the partial index posts_due_idx only then.
    .where(sql<SqlBool>`publish_pending = 1`)
    .where('publish_at', '<=', now)
    .orderBy('publish_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Whether the person wrote a post scheduled and not yet announced in one of
 * the spaces (so a page of theirs may hold a draft nobody else sees).
 */
export async function hasScheduledPosts(db: Kysely<Database>, authorId: string, spaceIds: readonly string[]): Promise<boolean> {
  if (spaceIds.length === 0) return false;
  // The person's scheduled posts, from the partial index of scheduled posts
  // (a few across the company), then their spaces here: filtering by space
  // in SQL would let the planner walk a space's whole history instead.
  const rows = await db
    .selectFrom('posts')
    .select('space_id')
    // A literal, not a parameter: SQLite uses the partial index posts_due_idx only then.
    .where(sql<SqlBool>`publish_pending = 1`)
    .where('author_id', '=', authorId)
    .execute();
  const wanted = new Set(spaceIds);
  return rows.some((r) => wanted.has(r.space_id));
}

/**
 * Who wrote a post scheduled and not yet announced in one of the spaces,
 * from the partial index of scheduled posts (a few across the company); null
 * when the company has more than `max` of them (then ask per person,
 * `hasScheduledPosts`).
 */
export async function scheduledAuthors(db: Kysely<Database>, spaceIds: readonly string[], max: number): Promise<Set<string> | null> {
  const rows = await db
    .selectFrom('posts')
    .select(['author_id', 'space_id'])
    // A literal, not a parameter: SQLite uses the partial index posts_due_idx only then.
    .where(sql<SqlBool>`publish_pending = 1`)
    .orderBy('publish_at')
    .orderBy('id')
    .limit(max + 1)
    .execute();
  if (rows.length > max) return null;
  const wanted = new Set(spaceIds);
  return new Set(rows.filter((r) => wanted.has(r.space_id)).map((r) => r.author_id));
}

/**
 * Who wrote a post hidden or held for review in one of the spaces (they see
 * it in their feed, others do not): one range of `posts_moderation_idx` per space.
 */
export async function moderatedAuthors(db: Kysely<Database>, spaceIds: readonly string[]): Promise<Set<string>> {
  if (spaceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('posts')
    .select('author_id')
    .where('space_id', 'in', spaceIds)
    .where('moderation', 'is not', null)
    .limit(10_000)
    .execute();
  return new Set(rows.map((r) => r.author_id));
}

/** Claims the announcement of a scheduled post: true for exactly one caller. */
export async function markPostPublished(db: Kysely<Database>, postId: string): Promise<boolean> {
  const result = await db
    .updateTable('posts')
    .set({ publish_pending: 0 })
    .where('id', '=', postId)
    .where('publish_pending', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Scheduled posts looked at to find the next of some spaces: the company's next ones. */
const NEXT_DUE_LOOKAHEAD = 100;

/**
 * The earliest time a scheduled post of these spaces becomes visible, or a
 * time no later than it (the 100th next of the whole company's, when none
 * of the first 100 is theirs); null if nothing is scheduled. A walk of the
 * scheduled posts' partial index, never of a space's history.
 */
export async function nextPostDueIn(db: Kysely<Database>, spaceIds: readonly string[]): Promise<string | null> {
  const rows = await db
    .selectFrom('posts')
    .select(['space_id', 'publish_at'])
    .where(sql<SqlBool>`publish_pending = 1`)
    .orderBy('publish_at')
    .orderBy('id')
    .limit(NEXT_DUE_LOOKAHEAD)
    .execute();
  const wanted = new Set(spaceIds);
  const next = rows.find((r) => wanted.has(r.space_id)) ?? (rows.length === NEXT_DUE_LOOKAHEAD ? rows.at(-1) : undefined);
  return next?.publish_at ?? null;
}

/** The earliest pending scheduled time, if any. */
export async function nextPostDue(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.min('publish_at').as('next'))
    .where(sql<SqlBool>`publish_pending = 1`)
    .executeTakeFirst();
  return row?.next ?? null;
}

/** Stores a post and indexes its body for search. Call inside a transaction when more goes with it. */
export async function insertPost(db: Kysely<Database>, post: NewPost): Promise<void> {
  await db.insertInto('posts').values(post).execute();
  await reindexPostTexts(db, post.id);
}

/** Where a reactable object (a post or a comment) lives: its space and its post; undefined if none. */
export async function findObjectPlace(
  db: Kysely<Database>,
  objectId: string,
): Promise<{ spaceId: string; postId: string } | undefined> {
  const post = await db.selectFrom('posts').select('space_id').where('id', '=', objectId).executeTakeFirst();
  if (post) return { spaceId: post.space_id, postId: objectId };
  // A comment lives in its post's space (copied on insert), so the same rules apply.
  const comment = await db
    .selectFrom('comments')
    .select(['space_id', 'post_id'])
    .where('id', '=', objectId)
    .executeTakeFirst();
  return comment ? { spaceId: comment.space_id, postId: comment.post_id } : undefined;
}

export async function countPosts(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countPostsBy(
  db: Kysely<Database>,
  column: 'locale' | 'space_id',
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('posts')
    .select([column, (eb) => eb.fn.countAll().as('n')])
    .groupBy(column)
    .execute();
  return new Map(rows.map((r) => [String(r[column]), Number(r.n)]));
}

/**
 * Deletes a post and what hangs on it: its polls (with their ballots), comments,
 * variants, acknowledgements, search rows and preview link go with it by
 * foreign key; reactions (on the post and its comments) name their object
 * without one, so they are deleted here; notes promoted from it keep their
 * content and lose the link. Run in a transaction.
 */
export async function deletePost(db: Kysely<Database>, postId: string): Promise<void> {
  const commentIds = db.selectFrom('comments').select('id').where('post_id', '=', postId);
  await db
    .deleteFrom('reactions')
    .where((eb) => eb.or([eb('object_id', '=', postId), eb('object_id', 'in', commentIds)]))
    .execute();
  await db.updateTable('notes').set({ promoted_from: null }).where('promoted_from', '=', postId).execute();
  await db.deleteFrom('posts').where('id', '=', postId).execute();
}

/**
 * The latest `limit` posts of one author in these spaces that the viewer may
 * see (drafts as in the feed), newest first by publication time: a walk of
 * the author's posts index, cut by the LIMIT.
 */
export async function listAuthorPosts(
  db: Kysely<Database>,
  authorId: string,
  spaceIds: readonly string[],
  limit: number,
  viewer: FeedViewer,
): Promise<PostWithAuthorRow[]> {
  if (spaceIds.length === 0) return [];
  const rows = await postsWithAuthors(db)
    .where('posts.author_id', '=', authorId)
    .where('posts.space_id', 'in', [...new Set(spaceIds)])
    .where(visibleTo(viewer))
    .orderBy(effectiveAt, 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(split);
}
