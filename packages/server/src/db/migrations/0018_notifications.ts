import type { Kysely } from 'kysely';
import { rowKeyColumn } from '../dialect.js';

// Mentions and notifications (docs/notifications.md).
//
// - `mentions`: who a post, comment or note mentions (its text holds
//   `[@Name](mention:id)`; the rows are what reads join on, rewritten at every edit).
// - `notifications`: one row per person and thing that happened to them,
//   grouped while unread by `group_key` (the same kind about the same object);
//   `actor_ids` holds the last three actors, latest first, and
//   `notification_actors` every distinct actor of the group, so `actor_count`
//   counts people once. `visible_at` holds back what is about a scheduled post.
//   Reads are by person: newest first (`recipient_id, updated_at, id`), unread
//   (`recipient_id, read_at`), a group (`recipient_id, group_key`); deletions by object.
// - `notification_preferences`: a person's kinds and muted spaces (JSON text); no row: the defaults.
// - `posts.ack_by`: the confirmation deadline; `ack_reminded` once its reminders are recorded.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mentions')
    .addColumn('object_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mentions_pk', ['object_type', 'object_id', 'actor_id'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', ...rowKeyColumn(db, { neverReused: true }))
    .addColumn('recipient_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(64)')
    .addColumn('excerpt', 'text')
    .addColumn('approved', 'integer')
    .addColumn('group_key', 'varchar(160)')
    .addColumn('actor_ids', 'text', (c) => c.notNull())
    .addColumn('actor_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('visible_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('notifications_recent_idx').on('notifications').columns(['recipient_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['recipient_id', 'read_at', 'updated_at', 'id']).execute();
  await db.schema.createIndex('notifications_group_idx').on('notifications').columns(['group_key', 'recipient_id']).execute();
  await db.schema.createIndex('notifications_object_idx').on('notifications').columns(['object_id', 'recipient_id']).execute();
  await db.schema.createIndex('notifications_post_idx').on('notifications').columns(['post_id']).execute();

  await db.schema
    .createTable('notification_actors')
    .addColumn('notification_id', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_actors_pk', ['notification_id', 'actor_id'])
    .execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('actor_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('muted_spaces', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  // A notification for a whole space (a confirmation asked, its reminder) is
  // recorded in batches after the change commits: a job per notice, its
  // cursor the last member id done (notifications/fanout.ts).
  await db.schema
    .createTable('notification_fanouts')
    .addColumn('id', ...rowKeyColumn(db, { neverReused: true }))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('object_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(64)')
    .addColumn('excerpt', 'text')
    .addColumn('actor_id', 'varchar(64)')
    .addColumn('except_id', 'varchar(64)')
    .addColumn('without_ack_of', 'varchar(64)')
    .addColumn('voters_of', 'varchar(64)')
    .addColumn('live', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('after_actor', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_fanouts_post_idx').on('notification_fanouts').columns(['post_id']).execute();

  // The review date a note's owner was last told of (note_review), so a new date tells them again.
  await db.schema.alterTable('notes').addColumn('review_notified_for', 'varchar(10)').execute();

  await db.schema.alterTable('posts').addColumn('ack_by', 'varchar(32)').execute();
  await db.schema.alterTable('posts').addColumn('ack_reminded', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('posts_ack_by_idx').on('posts').columns(['ack_reminded', 'ack_by']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('posts_ack_by_idx').execute();
  await db.schema.alterTable('posts').dropColumn('ack_reminded').execute();
  await db.schema.alterTable('posts').dropColumn('ack_by').execute();
  await db.schema.alterTable('notes').dropColumn('review_notified_for').execute();
  for (const table of ['notification_fanouts', 'notification_preferences', 'notification_actors', 'notifications', 'mentions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
