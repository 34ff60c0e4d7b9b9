import { sql, type Kysely } from 'kysely';
import { foldForSearch } from '../../search/text-folding.js';

// The spaces directory and join requests.
// - `spaces.search_text`: name and description folded (lowercase, no accents,
//   see search/text-folding.ts), so "securite" finds "Sécurité" with a plain LIKE on
//   SQLite and PostgreSQL alike; written with the space, backfilled here.
// - `join_requests`: one pending request per person and space (the primary
//   key makes asking twice a no-op); approved, declined and withdrawn
//   requests are deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('spaces')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const spaces = await sql<{ id: string; name: string; description: string }>`SELECT id, name, description FROM spaces`.execute(db);
  for (const space of spaces.rows) {
    const folded = foldForSearch(`${space.name} ${space.description}`);
    await sql`UPDATE spaces SET search_text = ${folded} WHERE id = ${space.id}`.execute(db);
  }

  await db.schema
    .createTable('join_requests')
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('join_requests_pk', ['space_id', 'actor_id'])
    .execute();
  // "Spaces I asked to join" (the pending marker on every Space answer).
  await db.schema.createIndex('join_requests_actor_idx').on('join_requests').column('actor_id').execute();
  // Owner counts (the last-owner rule) and the members list by role.
  await db.schema.createIndex('memberships_space_role_idx').on('memberships').columns(['space_id', 'role']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('memberships_space_role_idx').execute();
  await db.schema.dropTable('join_requests').execute();
  await db.schema.alterTable('spaces').dropColumn('search_text').execute();
}
