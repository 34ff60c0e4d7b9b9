import type { Kysely } from 'kysely';
import { engineOf } from '../engine.js';

// Unfinished uploads kept in the database (`--files-store database`,
// files/database-uploads.ts), so that any instance sharing the database
// resumes an upload another one started:
// - `upload_sessions`: a tus upload (its length, metadata, creation);
// - `upload_parts`: its bytes as received, 1 MiB per row, by offset. The
//   offset is the key: two instances writing from one offset cannot both.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size', 'bigint')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('upload_sessions_created_idx').on('upload_sessions').column('created_at').execute();
  await db.schema
    .createTable('upload_parts')
    .addColumn('upload_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('start', 'bigint', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', engineOf(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_parts_pk', ['upload_id', 'start'])
    .execute();
}
