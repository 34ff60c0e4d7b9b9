import type { Kysely } from 'kysely';

// Technology-watch sources (docs/protocol.md#technology-watch).
// - `watch_sources`: the feeds a space follows, one row per (space, url),
//   with the state of their fetches (conditional-request validators, last
//   success and error, when next due). `watch_sources_due_idx` finds what is
//   due; an instance claims a source by moving its `next_fetch_at` forward
//   with a compare-and-set, so one instance fetches it.
// - `watch_items`: the post each feed item became, for dedupe within the
//   space: by the item's guid (`guid_key`, a hash) and by its link
//   (`link_key`, a hash, NULL when none), each unique per space. The source's
//   title and URL are copied (the post outlives its source), and the space's
//   triage is kept here. It outlives its post on purpose (no foreign key
//   to `posts`): a watch post someone deleted is still known, so the next
//   fetch does not bring it back. A removed source leaves its items
//   (`source_id` set to NULL); everything goes with the space.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('watch_sources')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('url_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_given', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added_by', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_success_at', 'varchar(32)')
    .addColumn('last_error_at', 'varchar(32)')
    .addColumn('last_error_code', 'varchar(64)')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_fetch_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('watch_sources_space_url_idx').on('watch_sources').columns(['space_id', 'url_key']).unique().execute();
  await db.schema.createIndex('watch_sources_space_idx').on('watch_sources').columns(['space_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('watch_sources_due_idx').on('watch_sources').columns(['next_fetch_at', 'id']).execute();

  await db.schema
    .createTable('watch_items')
    .addColumn('post_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('source_id', 'varchar(64)', (c) => c.references('watch_sources.id').onDelete('set null'))
    .addColumn('guid_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('link_key', 'varchar(64)')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('published_at', 'varchar(32)')
    .addColumn('source_title', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('triage', 'varchar(16)', (c) => c.notNull().defaultTo('new'))
    .addColumn('triaged_by', 'varchar(64)')
    .addColumn('triaged_at', 'varchar(32)')
    .addColumn('note_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('watch_items_guid_idx').on('watch_items').columns(['space_id', 'guid_key']).unique().execute();
  await db.schema.createIndex('watch_items_link_idx').on('watch_items').columns(['space_id', 'link_key']).unique().execute();
  await db.schema.createIndex('watch_items_source_idx').on('watch_items').columns(['source_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['watch_items', 'watch_sources']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
