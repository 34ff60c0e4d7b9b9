import type { Kysely } from 'kysely';

// Rate limits counted in the database, so that several instances on one
// PostgreSQL hold a person to one budget (http/rate-limit-store.ts): per
// limiter key, the window running now and its hits. SQLite (one process)
// counts in memory and leaves the table empty.
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
