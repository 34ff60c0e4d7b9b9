/**
 * The search index of posts: one row per post and language, its source body
 * and each variant's, with the words of its videos' captions in that
 * language, stemmed in that language (search/stemming.ts). The
 * writes of post-repository.ts and variant-repository.ts call {@link reindexPostTexts} in their
 * own transaction, so the index never disagrees with what readers see.
 */
import { sql, type Kysely } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import type { QueryTerms } from '../search/stemming.js';
import { textIndexOf } from '../search/text-index.js';
import { effectiveAt, visibleTo, type FeedViewer } from './post-visibility.js';

/**
 * Indexes a post's texts again from what is stored: its body and its
 * variants as they are now (none when the post is gone). Rows of languages
 * it no longer has go, with their index entries (trigger of migration 0008).
 */
export async function reindexPostTexts(db: Kysely<Database>, postId: string): Promise<void> {
  const [post, variants, transcripts] = await Promise.all([
    db.selectFrom('posts').select(['locale', 'body']).where('id', '=', postId).executeTakeFirst(),
    db.selectFrom('post_variants').select(['locale', 'body']).where('post_id', '=', postId).execute(),
    // The words of its videos' captions, each in its language (files/captions.ts).
    db
      .selectFrom('files')
      .select(['locale', 'text'])
      .where('object_id', '=', postId)
      .where('object_type', '=', 'post')
      .where('role', '=', 'caption')
      .execute(),
  ]);
  await db.deleteFrom('post_texts').where('post_id', '=', postId).execute();
  if (!post) return;
  const texts = new Map<string, string>();
  for (const text of [post, ...variants]) texts.set(text.locale, text.body);
  for (const { locale, text } of transcripts) {
    if (locale === null || !text) continue;
    const before = texts.get(locale);
    texts.set(locale, before === undefined ? text : `${before}\n${text}`);
  }
  for (const [locale, body] of texts) {
    const text = { locale, body };
    const { seq } = await db
      .insertInto('post_texts')
      .values({ post_id: postId, locale: text.locale })
      .returning('seq')
      .executeTakeFirstOrThrow();
    await textIndexOf(db).writePostText(db, seq, text.body, text.locale as Locale);
  }
}

export interface PostTextSearch {
  /** The parsed query (search/stemming.ts); each engine's index reads it its own way. */
  terms: QueryTerms;
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
 * How many matching texts a search ranks: the most recent ones the viewer
 * may see. A word found in half a million posts costs a search this many
 * rows, not half a million; relevance orders the most recent matches, and
 * `total` counts among them (docs/architecture.md, "Reads stay bounded").
 */
export const POST_SEARCH_CANDIDATES_MAX = 1_000;

interface Candidate {
  post_id: string;
  locale: string;
  rank: number;
  is_source: number;
  effective_at: string;
}

/** Best first (lowest rank), then newest, then by id, as the protocol pages them. */
function bestFirst(a: Candidate, b: Candidate): number {
  return a.rank - b.rank || b.effective_at.localeCompare(a.effective_at) || (a.post_id < b.post_id ? 1 : a.post_id > b.post_id ? -1 : 0);
}

/** Of one post's matching texts, the one that represents it: lowest rank, the source on a tie, then by locale. */
function better(a: Candidate, b: Candidate): boolean {
  return a.rank !== b.rank ? a.rank < b.rank : a.is_source !== b.is_source ? a.is_source > b.is_source : a.locale < b.locale;
}

/**
 * Posts whose text in some language matches, once each by their best
 * language (lowest rank; the source wins a tie), best first, then newest;
 * and how many posts match, among the {@link POST_SEARCH_CANDIDATES_MAX}
 * most recent matching texts (the full-text index walked newest first and
 * stopped there).
 */
export async function searchPostTexts(
  db: Kysely<Database>,
  search: PostTextSearch,
): Promise<{ hits: PostTextHit[]; total: number }> {
  if (search.spaceIds.length === 0) return { hits: [], total: 0 };
  const index = textIndexOf(db);
  const candidates = await db
    .selectFrom('posts_fts')
    .innerJoin('post_texts as t', 't.seq', 'posts_fts.rowid')
    .innerJoin('posts', 'posts.id', 't.post_id')
    .where(index.postsMatch(search.terms))
    .where('posts.space_id', 'in', search.spaceIds)
    .where(visibleTo(search.viewer))
    .select([
      't.post_id as post_id',
      't.locale as locale',
      index.postsRank(search.terms).as('rank'),
      sql<number>`t.locale = posts.locale`.as('is_source'),
      effectiveAt.as('effective_at'),
    ])
    // Texts are numbered as written: the index's own order is newest last.
    .orderBy(sql`posts_fts.rowid`, 'desc')
    .limit(POST_SEARCH_CANDIDATES_MAX)
    .execute();
  const best = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const known = best.get(candidate.post_id);
    if (!known || better(candidate, known)) best.set(candidate.post_id, candidate);
  }
  const ranked = [...best.values()].sort(bestFirst);
  return {
    hits: ranked
      .slice(search.offset, search.offset + search.limit)
      .map((row) => ({ postId: row.post_id, locale: row.locale as Locale })),
    total: ranked.length,
  };
}
