import type { Kysely } from 'kysely';
import { rowKeyColumn } from '../dialect.js';

// Migrations take Kysely<unknown>: they must not depend on the current
// table types, which describe the schema after the *last* migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('actors')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('site', 'text')
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spaces')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'varchar(16)', (c) => c.notNull())
    .addColumn('site', 'text')
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['space_id', 'actor_id'])
    .execute();
  await db.schema.createIndex('memberships_actor_idx').on('memberships').column('actor_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
    .addColumn('author_id', 'varchar(64)', (c) => c.notNull().references('actors.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('edited_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('posts_feed_idx')
    .on('posts')
    .columns(['space_id', 'created_at desc', 'id desc'])
    .execute();

  // object_id is not a foreign key: objects are posts today and comments
  // later, so it points into more than one table.
  await db.schema
    .createTable('reactions')
    .addColumn('object_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull().references('actors.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('reactions_pk', ['object_id', 'actor_id', 'kind'])
    .execute();
  await db.schema.createIndex('reactions_counts_idx').on('reactions').columns(['object_id', 'kind']).execute();
  await db.schema.createIndex('reactions_actor_idx').on('reactions').columns(['actor_id', 'object_id']).execute();

  // post_id has no foreign key on purpose: the key row is inserted *before*
  // the post in the same transaction, so the primary key decides the race.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['actor_id', 'key'])
    .execute();

  await db.schema
    .createTable('events')
    // Ids stay monotonic even after the newest rows are pruned
    // (AUTOINCREMENT on SQLite, an identity on PostgreSQL).
    .addColumn('id', ...rowKeyColumn(db, { neverReused: true }))
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_created_idx').on('events').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['events', 'idempotency_keys', 'reactions', 'posts', 'memberships', 'spaces', 'actors']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
