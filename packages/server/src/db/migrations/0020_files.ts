import type { Kysely } from 'kysely';

// Attachments (docs/attachments.md).
//
// - `uploads`: resumable uploads in progress (tus), one row each: who
//   started it and for which space, so that only they can see or continue
//   it; its bytes wait in the upload directory. Deleted once the upload
//   completes (or is refused, or abandoned: collected by age).
// - `files`: a complete, accepted file: its type decided by its bytes, its
//   size, its image dimensions; attached to nothing yet (`object_id` null,
//   collected after a day) or to one post, comment or note.
// - `file_variants`: the responsive sizes of an image (WebP), with their
//   dimensions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('declared_type', 'varchar(255)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uploads_created_idx').on('uploads').columns(['created_at']).execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('space_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('animated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('placeholder', 'varchar(64)')
    .addColumn('object_type', 'varchar(16)')
    .addColumn('object_id', 'varchar(64)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_object_idx').on('files').columns(['object_id', 'object_type']).execute();
  await db.schema.createIndex('files_unattached_idx').on('files').columns(['object_id', 'created_at']).execute();
  await db.schema.createIndex('files_owner_idx').on('files').columns(['owner_id', 'created_at']).execute();

  await db.schema
    .createTable('file_variants')
    .addColumn('file_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(16)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(128)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_variants_pk', ['file_id', 'name'])
    .execute();
}
