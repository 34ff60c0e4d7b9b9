import type { Kysely } from 'kysely';

// Comments (one level of replies) and posts' language variants. A deleted
// comment that still has replies stays as a placeholder (`deleted_at` set,
// body emptied) so its thread keeps its shape; one without replies is removed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    // Copied from the post: visibility checks and event routing need no join.
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    // Always a top-level comment of the same post (enforced by the route).
    .addColumn('parent_id', 'varchar(64)', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('edited_at', 'varchar(32)')
    .addColumn('deleted_at', 'varchar(32)')
    .execute();
  // Pages of a post's comments, oldest first, and counts per post.
  await db.schema.createIndex('comments_post_idx').on('comments').columns(['post_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();

  await db.schema
    .createTable('post_variants')
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('locale', 'varchar(16)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // 1 when produced by the translation hook, 0 when written by the author (SQLite has no boolean).
    .addColumn('machine', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_variants_pk', ['post_id', 'locale'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('post_variants').execute();
  await db.schema.dropTable('comments').execute();
}
