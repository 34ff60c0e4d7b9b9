import { sql, type Kysely } from 'kysely';
import { rowKeyColumn } from '../dialect.js';
import { engineOf } from '../engine.js';

// Knowledge notes: the current note, its tags and sources, every revision as
// a full snapshot (so any two compare without replaying edits), and an FTS5
// index of stemmed, accent-folded words (FTS5 has no French or German
// stemmer: words are stemmed in JS before they reach it, see search/stemming.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notes')
    // An integer key of our own for the FTS rowid: a table without an INTEGER
    // PRIMARY KEY may see its implicit rowids renumbered by VACUUM.
    .addColumn('seq', ...rowKeyColumn(db))
    .addColumn('id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('maturity', 'varchar(16)', (c) => c.notNull())
    .addColumn('review_by', 'varchar(10)')
    // No foreign key: the note outlives the post it came from.
    .addColumn('promoted_from', 'varchar(64)')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .execute();
  await db.schema.createIndex('notes_space_created_idx').on('notes').columns(['space_id', 'created_at']).execute();
  await db.schema.createIndex('notes_created_idx').on('notes').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('notes_review_idx').on('notes').columns(['review_by']).execute();

  await db.schema
    .createTable('note_tags')
    .addColumn('note_id', 'varchar(64)', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('tag', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_tags_pk', ['note_id', 'tag'])
    .execute();
  await db.schema.createIndex('note_tags_tag_idx').on('note_tags').columns(['tag', 'note_id']).execute();

  await db.schema
    .createTable('note_sources')
    .addColumn('note_id', 'varchar(64)', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // A copy of the LinkPreview (JSON) when the note was promoted from a post
    // that had one, so the card survives the cache entry; NULL otherwise.
    .addColumn('preview', 'text')
    .addPrimaryKeyConstraint('note_sources_pk', ['note_id', 'position'])
    .execute();

  await db.schema
    .createTable('note_revisions')
    .addColumn('note_id', 'varchar(64)', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('maturity', 'varchar(16)', (c) => c.notNull())
    .addColumn('review_by', 'varchar(10)')
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_revisions_pk', ['note_id', 'revision'])
    .execute();

  // rowid = notes.seq. Columns hold space-separated stems; unicode61 only
  // splits them. bm25 weights are given per query (title above tags above body).
  // FTS5 is SQLite's: PostgreSQL's full-text index comes in a migration of its own (search/text-index.ts).
  if (engineOf(db) === 'sqlite') await sql`CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '3')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'sqlite') await sql`DROP TABLE notes_fts`.execute(db);
  await db.schema.dropTable('note_revisions').execute();
  await db.schema.dropTable('note_sources').execute();
  await db.schema.dropTable('note_tags').execute();
  await db.schema.dropTable('notes').execute();
}
