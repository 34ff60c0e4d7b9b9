import { sql, type Kysely } from 'kysely';

// Scheduled publishing, pinned announcements and read acknowledgements.
// - `publish_at`: when a scheduled post becomes visible (NULL: at `created_at`);
//   `publish_pending` is 1 until its post.created has gone out to readers.
// - `pinned_at` / `pinned_until`: pinned since, and until (NULL: until unpinned).
// - `requires_ack`: 1 when readers are asked to acknowledge it (SQLite has no boolean).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('publish_at', 'varchar(32)').execute();
  await db.schema
    .alterTable('posts')
    .addColumn('publish_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('posts').addColumn('pinned_at', 'varchar(32)').execute();
  await db.schema.alterTable('posts').addColumn('pinned_until', 'varchar(32)').execute();
  await db.schema
    .alterTable('posts')
    .addColumn('requires_ack', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Feeds order by the effective publication time.
  await sql`CREATE INDEX posts_feed_effective_idx ON posts (space_id, coalesce(publish_at, created_at), id)`.execute(db);
  // The scheduler's look-up of posts due.
  await db.schema.createIndex('posts_publish_pending_idx').on('posts').columns(['publish_pending', 'publish_at']).execute();

  await db.schema
    .createTable('post_acks')
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_acks_pk', ['post_id', 'actor_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('post_acks').execute();
  await db.schema.dropIndex('posts_publish_pending_idx').execute();
  await db.schema.dropIndex('posts_feed_effective_idx').execute();
  for (const column of ['requires_ack', 'pinned_until', 'pinned_at', 'publish_pending', 'publish_at']) {
    await db.schema.alterTable('posts').dropColumn(column).execute();
  }
}
