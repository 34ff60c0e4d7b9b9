import { sql, type Kysely } from 'kysely';
import { createTrigger, dropTrigger } from '../dialect.js';

// Every read bounded by its page (docs/architecture.md, "Reads stay
// bounded"). Two kinds of change:
//
// - Indexes that let each list walk its own order and stop at the page:
//   pinned posts, scheduled posts due, join requests, notes promoted from a
//   post, the people directory, and members by role then name (the name is
//   copied into memberships, kept equal by triggers, so one index orders them).
// - Counters kept by triggers in the transaction of every write, read instead
//   of counting rows: reactions per object and kind, visible comments per
//   post, acknowledgements per post and site, ballots per poll, choices per
//   option, members per space and role. A post with 10,000 reactions costs
//   its page one row per kind, not 10,000. Triggers (not application code)
//   keep them right whatever writes the rows: routes, cascades, the seed and
//   the bulk generator alike. They are written in SQLite's syntax; on
//   PostgreSQL each becomes a trigger function with the same statements
//   (db/dialect.ts).
const TRIGGERS: readonly string[] = [
  // Reactions, per object and kind.
  `CREATE TRIGGER reaction_counts_insert AFTER INSERT ON reactions BEGIN
     INSERT INTO reaction_counts (object_id, kind, n) VALUES (NEW.object_id, NEW.kind, 1)
       ON CONFLICT (object_id, kind) DO UPDATE SET n = n + 1;
   END`,
  `CREATE TRIGGER reaction_counts_delete AFTER DELETE ON reactions BEGIN
     UPDATE reaction_counts SET n = n - 1 WHERE object_id = OLD.object_id AND kind = OLD.kind;
     DELETE FROM reaction_counts WHERE object_id = OLD.object_id AND kind = OLD.kind AND n <= 0;
   END`,
  // Comments that are not deleted placeholders, per post.
  `CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments WHEN NEW.deleted_at IS NULL BEGIN
     INSERT INTO comment_counts (post_id, n) VALUES (NEW.post_id, 1)
       ON CONFLICT (post_id) DO UPDATE SET n = n + 1;
   END`,
  `CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments WHEN OLD.deleted_at IS NULL BEGIN
     UPDATE comment_counts SET n = n - 1 WHERE post_id = OLD.post_id;
   END`,
  `CREATE TRIGGER comment_counts_placeholder AFTER UPDATE OF deleted_at ON comments
     WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
     UPDATE comment_counts SET n = n - 1 WHERE post_id = OLD.post_id;
   END`,
  // Acknowledgements, per post and the site of the person when they acknowledged ('' for none).
  `CREATE TRIGGER ack_counts_insert AFTER INSERT ON post_acks BEGIN
     INSERT INTO ack_counts (post_id, site, n)
       VALUES (NEW.post_id, coalesce((SELECT site FROM actors WHERE id = NEW.actor_id), ''), 1)
       ON CONFLICT (post_id, site) DO UPDATE SET n = n + 1;
   END`,
  // Voters per poll and choices per option.
  `CREATE TRIGGER poll_voter_counts_insert AFTER INSERT ON ballots BEGIN
     INSERT INTO poll_voter_counts (poll_id, n) VALUES (NEW.poll_id, 1)
       ON CONFLICT (poll_id) DO UPDATE SET n = n + 1;
   END`,
  `CREATE TRIGGER poll_voter_counts_delete AFTER DELETE ON ballots BEGIN
     UPDATE poll_voter_counts SET n = n - 1 WHERE poll_id = OLD.poll_id;
   END`,
  `CREATE TRIGGER poll_option_counts_insert AFTER INSERT ON ballot_choices BEGIN
     INSERT INTO poll_option_counts (poll_id, option_id, n) VALUES (NEW.poll_id, NEW.option_id, 1)
       ON CONFLICT (poll_id, option_id) DO UPDATE SET n = n + 1;
   END`,
  `CREATE TRIGGER poll_option_counts_delete AFTER DELETE ON ballot_choices BEGIN
     UPDATE poll_option_counts SET n = n - 1 WHERE poll_id = OLD.poll_id AND option_id = OLD.option_id;
   END`,
  // Members per space and role; and the member's name, for the members index.
  `CREATE TRIGGER member_counts_insert AFTER INSERT ON memberships BEGIN
     INSERT INTO member_counts (space_id, role, n) VALUES (NEW.space_id, NEW.role, 1)
       ON CONFLICT (space_id, role) DO UPDATE SET n = n + 1;
     UPDATE memberships SET display_name = (SELECT display_name FROM actors WHERE id = NEW.actor_id)
       WHERE space_id = NEW.space_id AND actor_id = NEW.actor_id;
   END`,
  `CREATE TRIGGER member_counts_delete AFTER DELETE ON memberships BEGIN
     UPDATE member_counts SET n = n - 1 WHERE space_id = OLD.space_id AND role = OLD.role;
   END`,
  `CREATE TRIGGER member_counts_role AFTER UPDATE OF role ON memberships WHEN OLD.role <> NEW.role BEGIN
     UPDATE member_counts SET n = n - 1 WHERE space_id = OLD.space_id AND role = OLD.role;
     INSERT INTO member_counts (space_id, role, n) VALUES (NEW.space_id, NEW.role, 1)
       ON CONFLICT (space_id, role) DO UPDATE SET n = n + 1;
   END`,
  // Counters of what goes with a post or a poll go with it.
  `CREATE TRIGGER post_counts_delete AFTER DELETE ON posts BEGIN
     DELETE FROM reaction_counts WHERE object_id = OLD.id;
     DELETE FROM comment_counts WHERE post_id = OLD.id;
     DELETE FROM ack_counts WHERE post_id = OLD.id;
   END`,
  `CREATE TRIGGER poll_counts_delete AFTER DELETE ON polls BEGIN
     DELETE FROM poll_voter_counts WHERE poll_id = OLD.id;
     DELETE FROM poll_option_counts WHERE poll_id = OLD.id;
   END`,
  `CREATE TRIGGER memberships_display_name AFTER UPDATE OF display_name ON actors BEGIN
     UPDATE memberships SET display_name = NEW.display_name WHERE actor_id = NEW.id;
   END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX posts_pinned_idx ON posts (space_id, pinned_at) WHERE pinned_at IS NOT NULL`.execute(db);
  await db.schema.dropIndex('posts_publish_pending_idx').execute();
  await sql`CREATE INDEX posts_due_idx ON posts (publish_at, id) WHERE publish_pending = 1`.execute(db);
  await db.schema.createIndex('join_requests_space_idx').on('join_requests').columns(['space_id', 'created_at', 'actor_id']).execute();
  await sql`CREATE INDEX notes_promoted_from_idx ON notes (promoted_from) WHERE promoted_from IS NOT NULL`.execute(db);
  await db.schema.createIndex('actors_name_idx').on('actors').columns(['display_name', 'id']).execute();
  await db.schema.createIndex('notes_review_order_idx').on('notes').columns(['review_by', 'created_at', 'id']).execute();
  await db.schema.dropIndex('notes_review_idx').execute();

  await db.schema.alterTable('memberships').addColumn('display_name', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`UPDATE memberships SET display_name = coalesce((SELECT display_name FROM actors WHERE actors.id = memberships.actor_id), '')`.execute(db);
  await db.schema.createIndex('memberships_list_idx').on('memberships').columns(['space_id', 'role', 'display_name', 'actor_id']).execute();

  const counter = (name: string, keys: string[]) =>
    keys
      .reduce((table, key) => table.addColumn(key, 'varchar(64)', (c) => c.notNull()), db.schema.createTable(name))
      .addColumn('n', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${name}_pk`, keys as never)
      .execute();
  await counter('reaction_counts', ['object_id', 'kind']);
  await counter('comment_counts', ['post_id']);
  await counter('ack_counts', ['post_id', 'site']);
  await counter('poll_voter_counts', ['poll_id']);
  await counter('poll_option_counts', ['poll_id', 'option_id']);
  await counter('member_counts', ['space_id', 'role']);

  await sql`INSERT INTO reaction_counts (object_id, kind, n) SELECT object_id, kind, count(*) FROM reactions GROUP BY object_id, kind`.execute(db);
  await sql`INSERT INTO comment_counts (post_id, n) SELECT post_id, count(*) FROM comments WHERE deleted_at IS NULL GROUP BY post_id`.execute(db);
  await sql`INSERT INTO ack_counts (post_id, site, n)
    SELECT a.post_id, coalesce(p.site, ''), count(*) FROM post_acks a LEFT JOIN actors p ON p.id = a.actor_id GROUP BY a.post_id, coalesce(p.site, '')`.execute(db);
  await sql`INSERT INTO poll_voter_counts (poll_id, n) SELECT poll_id, count(*) FROM ballots GROUP BY poll_id`.execute(db);
  await sql`INSERT INTO poll_option_counts (poll_id, option_id, n) SELECT poll_id, option_id, count(*) FROM ballot_choices GROUP BY poll_id, option_id`.execute(db);
  await sql`INSERT INTO member_counts (space_id, role, n) SELECT space_id, role, count(*) FROM memberships GROUP BY space_id, role`.execute(db);
  for (const trigger of TRIGGERS) await createTrigger(db, trigger);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const trigger of TRIGGERS) await dropTrigger(db, trigger);
  for (const table of ['reaction_counts', 'comment_counts', 'ack_counts', 'poll_voter_counts', 'poll_option_counts', 'member_counts']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('memberships_list_idx').execute();
  await db.schema.alterTable('memberships').dropColumn('display_name').execute();
  await db.schema.createIndex('notes_review_idx').on('notes').columns(['review_by']).execute();
  for (const index of ['notes_review_order_idx', 'actors_name_idx', 'notes_promoted_from_idx', 'join_requests_space_idx', 'posts_due_idx', 'posts_pinned_idx']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.createIndex('posts_publish_pending_idx').on('posts').columns(['publish_pending', 'publish_at']).execute();
}
