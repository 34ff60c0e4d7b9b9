import { sql, type Kysely } from 'kysely';

// Per-space retention (docs/security.md#retention).
// - `spaces.retention_days`: content older than this many days is deleted
//   (retention/purge.ts); null: kept for good (the default).
// - The purge finds the spaces that have one by `spaces_retention_idx`,
//   then walks each space's old content in time order: posts by
//   `posts_feed_effective_idx` (space, publication time, id), comments and
//   notes by the two indexes below.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('spaces').addColumn('retention_days', 'integer').execute();
  await sql`CREATE INDEX spaces_retention_idx ON spaces (id) WHERE retention_days IS NOT NULL`.execute(db);
  await sql`CREATE INDEX comments_space_created_idx ON comments (space_id, created_at, id)`.execute(db);
  await sql`CREATE INDEX notes_space_updated_idx ON notes (space_id, updated_at, id)`.execute(db);
}
