import type { Kysely } from 'kysely';

// Attaching files (docs/attachments.md).
// - `files.alt`: what an image or a video shows, written by its author.
// - `files.position`: its place among the files of what it is attached to
//   (they are listed by `files_object_idx`, then put in this order).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').addColumn('alt', 'varchar(1000)').execute();
  await db.schema.alterTable('files').addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
