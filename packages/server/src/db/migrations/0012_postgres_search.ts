import { sql, type Kysely } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import { indexText } from '../../search/stemming.js';
import { tsvectorLiteral } from '../../search/tsvector.js';
import { engineOf } from '../engine.js';

// PostgreSQL's full-text index (search/text-index.ts); nothing on SQLite,
// whose FTS5 tables come from 0004 and 0008.
// - `posts_fts` and `notes_fts`, named and keyed as SQLite's (rowid =
//   post_texts.seq, notes.seq), so the search queries are shared: `stems`
//   holds the same keys FTS5 indexes (search/stemming.ts) as a tsvector
//   (search/tsvector.ts), a note's title, body and tags weighted A, D and B.
//   No text search configuration, hence no `unaccent` extension to create.
// - GIN indexes answer `stems @@ query`; the rowid's own index lets a common
//   word be walked newest first and stopped at the search's bound.
// - ON DELETE CASCADE unindexes deleted post texts and notes, as 0008's
//   trigger does on SQLite.
// Posts and notes written before this migration are indexed here, a page of
// rows per statement.
const BACKFILL_PAGE_ROWS = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`CREATE TABLE posts_fts (
    rowid bigint PRIMARY KEY REFERENCES post_texts (seq) ON DELETE CASCADE,
    stems tsvector NOT NULL)`.execute(db);
  await sql`CREATE INDEX posts_fts_stems_idx ON posts_fts USING gin (stems)`.execute(db);
  await sql`CREATE TABLE notes_fts (
    rowid bigint PRIMARY KEY REFERENCES notes (seq) ON DELETE CASCADE,
    stems tsvector NOT NULL)`.execute(db);
  await sql`CREATE INDEX notes_fts_stems_idx ON notes_fts USING gin (stems)`.execute(db);

  for (let after = 0; ; ) {
    const texts = await sql<{ seq: number; locale: string; body: string }>`
      SELECT t.seq, t.locale, coalesce(v.body, p.body) AS body
      FROM post_texts t
      JOIN posts p ON p.id = t.post_id
      LEFT JOIN post_variants v ON v.post_id = t.post_id AND v.locale = t.locale AND t.locale <> p.locale
      WHERE t.seq > ${after} ORDER BY t.seq LIMIT ${BACKFILL_PAGE_ROWS}`.execute(db);
    const last = texts.rows.at(-1);
    if (!last) break;
    const rows = texts.rows.map((text) => {
      const stems = tsvectorLiteral([{ keys: indexText(text.body, text.locale as Locale), weight: 'D' }]);
      return sql`(${text.seq}, ${stems}::tsvector)`;
    });
    await sql`INSERT INTO posts_fts (rowid, stems) VALUES ${sql.join(rows)}`.execute(db);
    after = Number(last.seq);
  }

  for (let after = 0; ; ) {
    const notes = await sql<{ seq: number; title: string; body: string; language: string; tags: string | null }>`
      SELECT n.seq, n.title, n.body, n.language,
        (SELECT string_agg(t.tag, ' ' ORDER BY t.tag) FROM note_tags t WHERE t.note_id = n.id) AS tags
      FROM notes n WHERE n.seq > ${after} ORDER BY n.seq LIMIT ${BACKFILL_PAGE_ROWS}`.execute(db);
    const last = notes.rows.at(-1);
    if (!last) break;
    const rows = notes.rows.map((note) => {
      const language = note.language as Locale;
      const stems = tsvectorLiteral([
        { keys: indexText(note.title, language), weight: 'A' },
        { keys: indexText(note.body, language), weight: 'D' },
        { keys: indexText(note.tags ?? '', language), weight: 'B' },
      ]);
      return sql`(${note.seq}, ${stems}::tsvector)`;
    });
    await sql`INSERT INTO notes_fts (rowid, stems) VALUES ${sql.join(rows)}`.execute(db);
    after = Number(last.seq);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`DROP TABLE notes_fts`.execute(db);
  await sql`DROP TABLE posts_fts`.execute(db);
}
