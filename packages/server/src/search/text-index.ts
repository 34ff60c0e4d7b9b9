/**
 * The full-text index behind post and note search, one module per engine
 * behind one interface. Repositories write through {@link textIndexOf} in
 * their own transaction; searches read through a SearchRunner
 * (search/runner.ts). SQLite: FTS5 tables of stems (migrations 0004 and
 * 0008). PostgreSQL: not built yet (a tsvector index per language comes in a
 * migration of its own); until then nothing is indexed there and searching
 * with words answers `unavailable`.
 */
import { sql, type Kysely } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { engineOf } from '../db/engine.js';
import { indexText } from './stemming.js';

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
}

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
};

/** PostgreSQL until its search is built: `post_texts` rows are kept, nothing else is indexed. */
const notBuiltIndex: TextIndex = {
  writePostText: () => Promise.resolve(),
  writeNote: () => Promise.resolve(),
  dropNote: () => Promise.resolve(),
};

/** The index of `db`'s engine. */
export function textIndexOf(db: Kysely<Database>): TextIndex {
  return engineOf(db) === 'postgres' ? notBuiltIndex : fts5Index;
}
