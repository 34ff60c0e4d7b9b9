import type { Kysely } from 'kysely';

// Talk-shows (docs/protocol.md#talk-shows): the session of a `talk_show`
// post, its hosts in order, and its question queue with one vote per person.
// - `talk_shows.question_count`: questions not hidden, kept in the
//   transaction that asks or moves one across `hidden` (post views of a feed
//   page read it instead of counting).
// - `questions.votes`: kept in the transaction that adds or removes a row of
//   `question_votes`, whose primary key decides "one vote per person".
// - Two indexes walk a talk-show's queue in each order the API lists it:
//   by votes then age (`top`, read backwards), and by age (`new`).
// Everything goes with its post (ON DELETE CASCADE).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('talk_shows')
    .addColumn('post_id', 'varchar(64)', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('stream_url', 'text')
    .addColumn('question_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('talk_show_hosts')
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull().references('talk_shows.post_id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('talk_show_hosts_pk', ['post_id', 'actor_id'])
    .execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull().references('talk_shows.post_id').onDelete('cascade'))
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('answered_at', 'varchar(32)')
    .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('questions_top_idx').on('questions').columns(['post_id', 'votes', 'created_at', 'id']).execute();
  await db.schema.createIndex('questions_new_idx').on('questions').columns(['post_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('question_votes')
    .addColumn('question_id', 'varchar(64)', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_votes_pk', ['question_id', 'actor_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['question_votes', 'questions', 'talk_show_hosts', 'talk_shows']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
