import type { Kysely } from 'kysely';

// Quoting (sharing) a post (docs/protocol.md#quoting-and-moving-posts):
// `posts.quote_of` is the id of the post a post quotes; null for most posts.
// No foreign key: a quoted post may be deleted, and its quotes then say it
// is unavailable. Nothing reads posts by the post they quote, so no index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('quote_of', 'varchar(64)').execute();
}
