import type { Kysely } from 'kysely';

// Polls, their options and ballots, and a key/value `settings` table that
// keeps the ballot secret across restarts (one ballot per person in
// anonymous polls depends on the secret never changing).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('polls')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    // NULL for a standalone poll (embedded on its own, e.g. on an intranet page).
    .addColumn('post_id', 'varchar(64)', (c) => c.references('posts.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('mode', 'varchar(16)', (c) => c.notNull())
    .addColumn('max_choices', 'integer', (c) => c.notNull())
    .addColumn('scale_min', 'integer')
    .addColumn('scale_max', 'integer')
    .addColumn('scale_min_label', 'text')
    .addColumn('scale_max_label', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('results_visibility', 'varchar(16)', (c) => c.notNull())
    .addColumn('closes_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('polls_post_idx').on('polls').columns(['post_id', 'position']).execute();
  // The closing scheduler looks for open polls with a closing date.
  await db.schema.createIndex('polls_closes_idx').on('polls').columns(['closed_at', 'closes_at']).execute();

  await db.schema
    .createTable('poll_options')
    .addColumn('poll_id', 'varchar(64)', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_options_pk', ['poll_id', 'id'])
    .execute();

  // voter_key is the actor id, or for anonymous polls a keyed hash of
  // (secret, poll, actor); actor_id is then NULL. The primary key is what
  // makes "one ballot per person" hold under any concurrency.
  await db.schema
    .createTable('ballots')
    .addColumn('poll_id', 'varchar(64)', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('voter_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)', (c) => c.references('actors.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballots_pk', ['poll_id', 'voter_key'])
    .execute();

  await db.schema
    .createTable('ballot_choices')
    .addColumn('poll_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('voter_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('option_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_choices_pk', ['poll_id', 'voter_key', 'option_id'])
    .addForeignKeyConstraint('ballot_choices_ballot_fk', ['poll_id', 'voter_key'], 'ballots', ['poll_id', 'voter_key'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ballot_choices', 'ballots', 'poll_options', 'polls', 'settings']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
