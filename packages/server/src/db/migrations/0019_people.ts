import { sql, type Kysely } from 'kysely';
import { foldForSearch } from '../../search/text-folding.js';

// People search and person cards.
// - `actors.time_zone`: the person's IANA time zone (`Europe/Paris`), when
//   known; the card shows their local time. Null: unknown.
// - `actors.search_name`: the display name folded (lowercase, no accents,
//   see search/text-folding.ts), so "amelie" finds "Amélie" with a plain LIKE
//   on SQLite and PostgreSQL alike; written with the person (names do not
//   change once stored), backfilled here.
// - People are listed by name: the active ones walk a partial index of
//   names; those of a space walk its memberships by name (the copy of the
//   name that 0011 keeps on memberships), each cut by the page's LIMIT.
// - A person card lists their latest posts: by author, newest first by
//   publication time (the feed's order).
const BACKFILL_BATCH = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actors').addColumn('time_zone', 'varchar(64)').execute();
  await db.schema.alterTable('actors').addColumn('search_name', 'text', (c) => c.notNull().defaultTo('')).execute();
  for (let after = ''; ; ) {
    const batch = await sql<{ id: string; display_name: string }>`
      SELECT id, display_name FROM actors WHERE id > ${after} ORDER BY id LIMIT ${BACKFILL_BATCH}`.execute(db);
    for (const actor of batch.rows) {
      await sql`UPDATE actors SET search_name = ${foldForSearch(actor.display_name)} WHERE id = ${actor.id}`.execute(db);
    }
    if (batch.rows.length < BACKFILL_BATCH) break;
    after = batch.rows[batch.rows.length - 1]!.id;
  }
  await sql`CREATE INDEX actors_active_name_idx ON actors (display_name, id) WHERE deactivated_at IS NULL`.execute(db);
  await db.schema.createIndex('memberships_name_idx').on('memberships').columns(['space_id', 'display_name', 'actor_id']).execute();
  await sql`CREATE INDEX posts_author_idx ON posts (author_id, coalesce(publish_at, created_at), id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('posts_author_idx').execute();
  await db.schema.dropIndex('memberships_name_idx').execute();
  await db.schema.dropIndex('actors_active_name_idx').execute();
  await db.schema.alterTable('actors').dropColumn('search_name').execute();
  await db.schema.alterTable('actors').dropColumn('time_zone').execute();
}
