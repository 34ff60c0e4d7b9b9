import type { Kysely } from 'kysely';
import type { ActorRow, Database, NewPost, PostRow } from '../db/schema.js';

export interface PostWithAuthorRow {
  post: PostRow;
  author: ActorRow;
}

/** Position in a feed: the (created_at, id) of the last post of a page. */
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
      'actors.display_name as a_display_name',
      'actors.avatar_url as a_avatar_url',
      'actors.site as a_site',
      'actors.locale as a_locale',
      'actors.title as a_title',
      'actors.created_at as a_created_at',
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
    },
    author: {
      id: row.author_id,
      display_name: row.a_display_name,
      avatar_url: row.a_avatar_url,
      site: row.a_site,
      locale: row.a_locale,
      title: row.a_title,
      created_at: row.a_created_at,
    },
  };
}

export async function findPost(db: Kysely<Database>, id: string): Promise<PostWithAuthorRow | undefined> {
  const row = await postsWithAuthors(db).where('posts.id', '=', id).executeTakeFirst();
  return row ? split(row) : undefined;
}

/** Up to `limit` posts of a space strictly older than `after`, newest first. */
export async function listFeed(
  db: Kysely<Database>,
  spaceId: string,
  after: FeedPosition | null,
  limit: number,
): Promise<PostWithAuthorRow[]> {
  let query = postsWithAuthors(db).where('posts.space_id', '=', spaceId);
  if (after) {
    // Row-value comparison spelled out: portable to every SQL dialect.
    query = query.where((eb) =>
      eb.or([
        eb('posts.created_at', '<', after.createdAt),
        eb.and([eb('posts.created_at', '=', after.createdAt), eb('posts.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('posts.created_at', 'desc').orderBy('posts.id', 'desc').limit(limit).execute();
  return rows.map(split);
}

export async function insertPost(db: Kysely<Database>, post: NewPost): Promise<void> {
  await db.insertInto('posts').values(post).execute();
}

/** Where a reactable object (a post or a comment) lives; undefined if none. */
export async function findObjectSpace(db: Kysely<Database>, objectId: string): Promise<string | undefined> {
  const post = await db.selectFrom('posts').select('space_id').where('id', '=', objectId).executeTakeFirst();
  if (post) return post.space_id;
  // A comment lives in its post's space (copied on insert), so the same rules apply.
  const comment = await db.selectFrom('comments').select('space_id').where('id', '=', objectId).executeTakeFirst();
  return comment?.space_id;
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
