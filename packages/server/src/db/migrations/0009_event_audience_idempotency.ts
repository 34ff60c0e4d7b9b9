import { sql, type Kysely } from 'kysely';

// Security hardening.
// - `events.audience` / `events.audience_actor`: who may receive a stored live
//   event beyond reading its space, decided once when it is recorded
//   (live/audience.ts): `space` (every reader of the space), `drafters` (a
//   scheduled post's author, `audience_actor`, and the space's owners) or
//   `person` (the person `audience_actor` and the space's owners). Delivery
//   and replay read it instead of querying the post per stream. Events stored
//   before this migration carry no audience and are dropped: a client
//   resuming from one of them gets `stream.reset` and refetches, which is
//   safe, whereas guessing an audience could replay a draft's events.
// - `events.post_id`: the post an event is about, if any, so that deleting a
//   post also deletes what the replay window kept of it.
// - `idempotency_keys.post_id` becomes `resource_id`: every creating route
//   (posts, comments, notes, polls, promote, survey ballots) claims keys in
//   the same table (http/idempotency.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM events`.execute(db);
  await db.schema
    .alterTable('events')
    .addColumn('audience', 'varchar(16)', (c) => c.notNull().defaultTo('space'))
    .execute();
  await db.schema.alterTable('events').addColumn('audience_actor', 'varchar(64)').execute();
  await db.schema.alterTable('events').addColumn('post_id', 'varchar(64)').execute();
  await db.schema.createIndex('events_post_idx').on('events').column('post_id').execute();
  await db.schema.alterTable('idempotency_keys').renameColumn('post_id', 'resource_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').renameColumn('resource_id', 'post_id').execute();
  await db.schema.dropIndex('events_post_idx').execute();
  await db.schema.alterTable('events').dropColumn('post_id').execute();
  await db.schema.alterTable('events').dropColumn('audience_actor').execute();
  await db.schema.alterTable('events').dropColumn('audience').execute();
}
