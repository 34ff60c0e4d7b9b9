import type { Kysely } from 'kysely';

// Limits that several instances on one PostgreSQL share (SQLite, one
// process, counts in memory and leaves both tables empty):
// - rate limits (http/rate-limit-store.ts): per limiter key, the window
//   running now and its hits;
// - live streams per person (live/stream-slots.ts): how many each instance
//   holds, and when it last said so (an instance that died stops counting).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    // Start of the key's window, in ms since the epoch.
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  // Windows long over are deleted by their start.
  await db.schema.createIndex('rate_limit_hits_window').on('rate_limit_hits').column('window_start').execute();
  await db.schema
    .createTable('live_stream_slots')
    .addColumn('actor_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('instance_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('streams', 'integer', (c) => c.notNull())
    // When the instance last confirmed its count, in ms since the epoch.
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_stream_slots_pk', ['actor_id', 'instance_id'])
    .execute();
  await db.schema.createIndex('live_stream_slots_instance').on('live_stream_slots').column('instance_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_stream_slots').execute();
  await db.schema.dropTable('rate_limit_hits').execute();
}
