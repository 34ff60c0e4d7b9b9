/**
 * The full-text index behind post and note search, one module per engine
 * behind one interface. Repositories write through {@link textIndexOf} in
 * their own transaction, and their search queries take from it the two
 * pieces that differ: whether an index row matches, and its rank.
 * Both engines index the same keys (search/stemming.ts: Snowball stems
 * computed in JavaScript, with and without accents) in a table of the same
 * name keyed the same way (`posts_fts.rowid` = `post_texts.seq`,
 * `notes_fts.rowid` = `notes.seq`), so every other line of a search is
 * shared. SQLite: FTS5 tables (migrations 0004 and 0008), ranked with bm25.
 * PostgreSQL: a `tsvector` of those keys per row with a GIN index
 * (migration 0012), ranked with `ts_rank`.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { engineOf } from '../db/engine.js';
import { indexText, matchExpression, type QueryTerms } from './stemming.js';
import { rankQueryLiteral, tsqueryLiteral, tsvectorLiteral } from './tsvector.js';

/** The stemmed text of a note's fields, as the index stores it. */
export interface NoteIndexText {
  title: string;
  body: string;
  tags: string;
}

export interface TextIndex {
  /** Indexes one post text (`post_texts.seq`); deleting its row takes the entry with it. */
  writePostText(db: Kysely<Database>, seq: number, body: string, locale: Locale): Promise<void>;
  /** Writes a note's entry, replacing the one it had. */
  writeNote(db: Kysely<Database>, seq: number, index: NoteIndexText): Promise<void>;
  /** Removes a note's entry. */
  dropNote(db: Kysely<Database>, seq: number): Promise<void>;
  /** Whether the joined `posts_fts` row has every term of the query. */
  postsMatch(query: QueryTerms): RawBuilder<boolean>;
  /** The rank of the joined, matching `posts_fts` row: lower is better (bm25's sense). */
  postsRank(query: QueryTerms): RawBuilder<number>;
  /** Whether the joined `notes_fts` row has every term of the query, in any field. */
  notesMatch(query: QueryTerms): RawBuilder<boolean>;
  /** The rank of the joined, matching `notes_fts` row: lower is better; title above tags above body. */
  notesRank(query: QueryTerms): RawBuilder<number>;
}

/** bm25 column weights (title, body, tags): a word in the title counts most. */
const BM25_WEIGHTS = sql.raw('10.0, 1.0, 4.0');

/** SQLite's FTS5 tables, keyed by rowid (the trigger of migration 0008 unindexes deleted post texts). */
const fts5Index: TextIndex = {
  writePostText: async (db, seq, body, locale) => {
    await sql`INSERT INTO posts_fts (rowid, body) VALUES (${seq}, ${indexText(body, locale)})`.execute(db);
  },
  writeNote: async (db, seq, index) => {
    await sql`DELETE FROM notes_fts WHERE rowid = ${seq}`.execute(db);
    await sql`INSERT INTO notes_fts (rowid, title, body, tags) VALUES (${seq}, ${index.title}, ${index.body}, ${index.tags})`.execute(db);
  },
  dropNote: async (db, seq) => {
    await sql`DELETE FROM notes_fts WHERE rowid = ${seq}`.execute(db);
  },
  postsMatch: (query) => sql<boolean>`posts_fts MATCH ${matchExpression(query)}`,
  postsRank: () => sql<number>`bm25(posts_fts)`,
  notesMatch: (query) => sql<boolean>`notes_fts MATCH ${matchExpression(query)}`,
  notesRank: () => sql<number>`bm25(notes_fts, ${BM25_WEIGHTS})`,
};

/**
 * `ts_rank` weights {D, C, B, A}: body D, tags B, title A, in the ratios of
 * the bm25 column weights (1 : 4 : 10).
 */
const TS_RANK_WEIGHTS = sql.raw(`'{0.1, 0.2, 0.4, 1.0}'`);
/**
 * `ts_rank` normalisation 1: divided by 1 + the log of the text's length
 * in words, so a word in a short text counts more, as with bm25.
 */
const TS_RANK_BY_LENGTH = sql.raw('1');

/**
 * PostgreSQL's tables of `tsvector`s (`stems`), keyed by rowid; foreign
 * keys with ON DELETE CASCADE unindex deleted post texts and notes. Ranks
 * are negated so that, as bm25, lower is better.
 */
const tsvectorIndex: TextIndex = {
  writePostText: async (db, seq, body, locale) => {
    const stems = tsvectorLiteral([{ keys: indexText(body, locale), weight: 'D' }]);
    await sql`INSERT INTO posts_fts (rowid, stems) VALUES (${seq}, ${stems}::tsvector)`.execute(db);
  },
  writeNote: async (db, seq, index) => {
    const stems = tsvectorLiteral([
      { keys: index.title, weight: 'A' },
      { keys: index.body, weight: 'D' },
      { keys: index.tags, weight: 'B' },
    ]);
    await sql`INSERT INTO notes_fts (rowid, stems) VALUES (${seq}, ${stems}::tsvector)
      ON CONFLICT (rowid) DO UPDATE SET stems = excluded.stems`.execute(db);
  },
  dropNote: async (db, seq) => {
    await sql`DELETE FROM notes_fts WHERE rowid = ${seq}`.execute(db);
  },
  postsMatch: (query) => sql<boolean>`posts_fts.stems @@ ${tsqueryLiteral(query)}::tsquery`,
  postsRank: (query) => sql<number>`-ts_rank(posts_fts.stems, ${rankQueryLiteral(query)}::tsquery, ${TS_RANK_BY_LENGTH})`,
  notesMatch: (query) => sql<boolean>`notes_fts.stems @@ ${tsqueryLiteral(query)}::tsquery`,
  notesRank: (query) =>
    sql<number>`-ts_rank(${TS_RANK_WEIGHTS}, notes_fts.stems, ${rankQueryLiteral(query)}::tsquery, ${TS_RANK_BY_LENGTH})`,
};

/** The index of `db`'s engine. */
export function textIndexOf(db: Kysely<Database>): TextIndex {
  return engineOf(db) === 'postgres' ? tsvectorIndex : fts5Index;
}
