import { sql, type Kysely } from 'kysely';

// Moderation (docs/protocol.md#moderation):
// - `posts`, `comments`, `notes` get a moderation state: `moderation` null
//   (visible), `hidden` (by an owner of the space) or `held` (a post the
//   space's word filter kept for review), with why, by whom and when. Only
//   the author and the space's owners see content that is not null.
// - `reports`: one per person and item (unique), open until an owner deals
//   with the item (`resolved_at`). The queue reads the open reports of a
//   space: one range of `reports_queue_idx`. `post_id` names the post of a
//   reported post or comment, so that deleting the post removes them.
// - `word_filters`: a space's words and phrases, in the order set.
// - `*_moderation_idx` (partial): the hidden and held items of a space (the
//   queue, and who sees their own in a feed).
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['posts', 'comments', 'notes']) {
    await db.schema.alterTable(table).addColumn('moderation', 'varchar(16)').execute();
    await db.schema.alterTable(table).addColumn('moderation_reason', 'text').execute();
    await db.schema.alterTable(table).addColumn('moderated_by', 'varchar(64)').execute();
    await db.schema.alterTable(table).addColumn('moderated_at', 'varchar(32)').execute();
    // Partial: a few rows of a space's whole history, walked newest first.
    await sql`CREATE INDEX ${sql.raw(`${table}_moderation_idx`)} ON ${sql.table(table)} (space_id, moderated_at) WHERE moderation IS NOT NULL`.execute(db);
  }

  await db.schema
    .createTable('reports')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(64)')
    .addColumn('reporter_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('reports_target_idx').on('reports').columns(['target_type', 'target_id', 'reporter_id']).unique().execute();
  await db.schema.createIndex('reports_queue_idx').on('reports').columns(['space_id', 'resolved_at', 'created_at']).execute();
  await db.schema.createIndex('reports_post_idx').on('reports').columns(['post_id']).execute();

  await db.schema
    .createTable('word_filters')
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('word', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('word_filters_pk', ['space_id', 'word'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('word_filters').ifExists().execute();
  await db.schema.dropTable('reports').ifExists().execute();
  for (const table of ['posts', 'comments', 'notes']) {
    await db.schema.dropIndex(`${table}_moderation_idx`).ifExists().execute();
    for (const column of ['moderated_at', 'moderated_by', 'moderation_reason', 'moderation']) {
      await db.schema.alterTable(table).dropColumn(column).execute();
    }
  }
}
