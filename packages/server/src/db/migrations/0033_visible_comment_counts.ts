import { sql, type Kysely } from 'kysely';
import { createTrigger, dropTrigger } from '../dialect.js';

// Comment counts count what every reader sees (docs/protocol.md#moderation):
// `comment_counts.n` (migration 0011) no longer counts comments an owner hid
// (`comments.moderation`, migration 0029), so a reader is never told of more
// comments than the thread shows. The triggers move the count in the
// transaction that hides or restores a comment, on both engines; the
// comment's author and the space's owners see a hidden comment in the
// thread beyond the count.
const OLD: readonly string[] = [
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
];

const NEW: readonly string[] = [
  // Comments that are neither deleted placeholders nor hidden, per post.
  `CREATE TRIGGER comment_counts_insert AFTER INSERT ON comments WHEN NEW.deleted_at IS NULL AND NEW.moderation IS NULL BEGIN
     INSERT INTO comment_counts (post_id, n) VALUES (NEW.post_id, 1)
       ON CONFLICT (post_id) DO UPDATE SET n = n + 1;
   END`,
  `CREATE TRIGGER comment_counts_delete AFTER DELETE ON comments WHEN OLD.deleted_at IS NULL AND OLD.moderation IS NULL BEGIN
     UPDATE comment_counts SET n = n - 1 WHERE post_id = OLD.post_id;
   END`,
  `CREATE TRIGGER comment_counts_placeholder AFTER UPDATE OF deleted_at ON comments
     WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL AND OLD.moderation IS NULL BEGIN
     UPDATE comment_counts SET n = n - 1 WHERE post_id = OLD.post_id;
   END`,
  `CREATE TRIGGER comment_counts_hide AFTER UPDATE OF moderation ON comments
     WHEN OLD.moderation IS NULL AND NEW.moderation IS NOT NULL AND NEW.deleted_at IS NULL BEGIN
     UPDATE comment_counts SET n = n - 1 WHERE post_id = OLD.post_id;
   END`,
  `CREATE TRIGGER comment_counts_restore AFTER UPDATE OF moderation ON comments
     WHEN OLD.moderation IS NOT NULL AND NEW.moderation IS NULL AND NEW.deleted_at IS NULL BEGIN
     INSERT INTO comment_counts (post_id, n) VALUES (NEW.post_id, 1)
       ON CONFLICT (post_id) DO UPDATE SET n = n + 1;
   END`,
];

async function recount(db: Kysely<unknown>, visibleOnly: boolean): Promise<void> {
  await sql`DELETE FROM comment_counts`.execute(db);
  await sql`INSERT INTO comment_counts (post_id, n)
    SELECT post_id, count(*) FROM comments WHERE deleted_at IS NULL ${visibleOnly ? sql`AND moderation IS NULL` : sql``} GROUP BY post_id`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const trigger of OLD) await dropTrigger(db, trigger);
  for (const trigger of NEW) await createTrigger(db, trigger);
  await recount(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const trigger of NEW) await dropTrigger(db, trigger);
  for (const trigger of OLD) await createTrigger(db, trigger);
  await recount(db, false);
}
