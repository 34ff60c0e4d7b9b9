import type { Kysely } from 'kysely';

// A video's poster and captions (docs/attachments.md#video).
// - `files.parent_id`: the video a poster or caption file goes with (null
//   for the files of a post themselves); `files.role`: `poster` or `caption`;
//   `files.locale`: a caption's language.
// - `files.text`: a caption file's words without timings or markup, taken
//   when it is uploaded, indexed with the post's text in its language.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').addColumn('parent_id', 'varchar(64)').execute();
  await db.schema.alterTable('files').addColumn('role', 'varchar(16)').execute();
  await db.schema.alterTable('files').addColumn('locale', 'varchar(8)').execute();
  await db.schema.alterTable('files').addColumn('text', 'text').execute();
}
