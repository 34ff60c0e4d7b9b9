/**
 * The search index of posts: one row per post and language, its source body
 * and each variant's, stemmed in that language (search/stemming.ts). The
 * writes of posts.ts and variants.ts call {@link reindexPostTexts} in their
 * own transaction, so the index never disagrees with what readers see.
 */
import { sql, type Kysely } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { indexText } from '../search/stemming.js';
import { effectiveAt, visibleTo, type FeedViewer } from './post-visibility.js';

/**
 * Indexes a post's texts again from what is stored: its body and its
 * variants as they are now (none when the post is gone). Rows of languages
 * it no longer has go, with their index entries (trigger of migration 0008).
 */
export async function reindexPostTexts(db: Kysely<Database>, postId: string): Promise<void> {
  const [post, variants] = await Promise.all([
    db.selectFrom('posts').select(['locale', 'body']).where('id', '=', postId).executeTakeFirst(),
    db.selectFrom('post_variants').select(['locale', 'body']).where('post_id', '=', postId).execute(),
  ]);
  await db.deleteFrom('post_texts').where('post_id', '=', postId).execute();
  if (!post) return;
  for (const text of [post, ...variants]) {
    const { seq } = await db
      .insertInto('post_texts')
      .values({ post_id: postId, locale: text.locale })
      .returning('seq')
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO posts_fts (rowid, body) VALUES (${seq}, ${indexText(text.body, text.locale as Locale)})`.execute(db);
  }
}

export interface PostTextSearch {
  /** FTS5 MATCH expression (search/stemming.ts). */
  match: string;
  /** Only posts of these spaces (readable by the viewer). */
  spaceIds: readonly string[];
  /** Drafts only for those who see them, as in the feed. */
  viewer: FeedViewer;
  offset: number;
  limit: number;
}

export interface PostTextHit {
  postId: string;
  /** The language whose text matched best. */
  locale: Locale;
}

/**
 * Posts whose text in some language matches, once each by their best
 * language (lowest bm25; the source wins a tie), best first, then newest;
 * and how many posts match in all.
 */
export async function searchPostTexts(
  db: Kysely<Database>,
  search: PostTextSearch,
): Promise<{ hits: PostTextHit[]; total: number }> {
  if (search.spaceIds.length === 0) return { hits: [], total: 0 };
  const matching = () =>
    db
      .selectFrom('posts_fts')
      .innerJoin('post_texts as t', 't.seq', 'posts_fts.rowid')
      .innerJoin('posts', 'posts.id', 't.post_id')
      .where(sql<boolean>`posts_fts MATCH ${search.match}`)
      .where('posts.space_id', 'in', search.spaceIds)
      .where(visibleTo(search.viewer));

  const page = db
    .with('matched', () =>
      matching().select([
        't.post_id as post_id',
        't.locale as locale',
        sql<number>`bm25(posts_fts)`.as('rank'),
        sql<number>`t.locale = posts.locale`.as('is_source'),
        effectiveAt.as('effective_at'),
      ]),
    )
    .with('best', (qc) =>
      qc
        .selectFrom('matched')
        .selectAll()
        .select(sql<number>`row_number() OVER (PARTITION BY post_id ORDER BY rank, is_source DESC, locale)`.as('n')),
    )
    .selectFrom('best')
    .select(['post_id', 'locale'])
    .where('n', '=', 1)
    .orderBy('rank')
    .orderBy('effective_at', 'desc')
    .orderBy('post_id', 'desc')
    .limit(search.limit)
    .offset(search.offset);
  const [rows, count] = await Promise.all([
    page.execute(),
    matching()
      .select((eb) => eb.fn.count<number>('t.post_id').distinct().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    hits: rows.map((row) => ({ postId: row.post_id, locale: row.locale as Locale })),
    total: Number(count.n),
  };
}
