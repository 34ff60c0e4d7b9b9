import type { Kysely } from 'kysely';

// The audit trail (docs/security.md#audit-trail): an append-only log of
// security-relevant actions, each entry chained to the one before by a hash.
// - `seq` is given by the server, one more than the last entry's, under the
//   lock that orders live events (live/event-transaction.ts): no gaps, so a
//   row deleted in the middle shows as a missing number.
// - `hash` is SHA-256 of the entry's fields and `prev_hash` (audit/chain.ts).
// - No foreign keys: an entry outlives the person, space or post it names.
// - Indexes for the auditors' filters and the export: by time, by actor, by
//   action, by space, each ending in `seq` so a page is one range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)')
    .addColumn('target_id', 'varchar(64)')
    .addColumn('space_id', 'varchar(64)')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'seq']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_log_space_idx').on('audit_log').columns(['space_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
}
