import type { Kysely } from 'kysely';

// A vendor widget's data on a post (`Post.extension`: a namespaced type and
// flat fields, at most 2 KB of JSON, checked by extensionErrors in
// @ecotone/protocol/rules), stored as JSON text; null on plain posts. Read
// with the post, never searched or filtered on (the body is what search reads).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('extension', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('extension').execute();
}
