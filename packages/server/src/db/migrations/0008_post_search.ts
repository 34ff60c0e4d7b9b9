import { sql, type Kysely } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import { indexText } from '../../search/stemming.js';
import { rowKeyColumn } from '../dialect.js';
import { engineOf } from '../engine.js';

// Post search: one indexed text per post and language, the source body and
// each variant's, stemmed in that language (search/stemming.ts).
// - `post_texts`: which post and language a row is; `seq` is the rowid of its
//   `posts_fts` row (an INTEGER PRIMARY KEY, so VACUUM never renumbers it).
//   Deleting a post deletes its rows (cascade), and the trigger their index
//   entries, so nothing stale is ever matched.
// - `posts_fts`: the stems, space-separated; unicode61 only splits them.
// Scheduled drafts are indexed at once: who may see them is decided when
// searching, with the feed's rules. Existing posts are indexed here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('post_texts')
    .addColumn('seq', ...rowKeyColumn(db))
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('locale', 'varchar(16)', (c) => c.notNull())
    .addUniqueConstraint('post_texts_post_locale_unique', ['post_id', 'locale'])
    .execute();
  // FTS5 is SQLite's: PostgreSQL's full-text index comes in a migration of
  // its own (search/text-index.ts); `post_texts` is kept on both.
  const fts5 = engineOf(db) === 'sqlite';
  if (fts5) await sql`CREATE VIRTUAL TABLE posts_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3')`.execute(db);
  if (fts5) await sql`CREATE TRIGGER post_texts_unindex AFTER DELETE ON post_texts BEGIN DELETE FROM posts_fts WHERE rowid = old.seq; END`.execute(db);

  const sources = await sql<{ id: string; locale: string; body: string }>`SELECT id, locale, body FROM posts`.execute(db);
  const variants = await sql<{ post_id: string; locale: string; body: string }>`SELECT post_id, locale, body FROM post_variants`.execute(db);
  const texts = [
    ...sources.rows.map((p) => ({ postId: p.id, locale: p.locale, body: p.body })),
    ...variants.rows.map((v) => ({ postId: v.post_id, locale: v.locale, body: v.body })),
  ];
  for (const text of texts) {
    const row = await sql<{ seq: number }>`INSERT INTO post_texts (post_id, locale) VALUES (${text.postId}, ${text.locale}) RETURNING seq`.execute(db);
    const seq = row.rows[0]!.seq;
    if (fts5) await sql`INSERT INTO posts_fts (rowid, body) VALUES (${seq}, ${indexText(text.body, text.locale as Locale)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    await sql`DROP TRIGGER post_texts_unindex`.execute(db);
    await sql`DROP TABLE posts_fts`.execute(db);
  }
  await db.schema.dropTable('post_texts').execute();
}
