import type { Kysely } from 'kysely';
import { engineOf } from '../engine.js';

// Files kept in the database (`--files-store database`, files/database-store.ts):
// the store several instances share, with the database they share.
// - `file_objects`: a stored file by key: its size, and the generation of
//   chunks that holds its bytes (a new one per write, switched in one
//   transaction: a key never shows half a file).
// - `file_chunks`: the bytes, 1 MiB per row, by generation and position.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('file_objects')
    .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('generation', 'varchar(48)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('file_chunks')
    .addColumn('generation', 'varchar(48)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', engineOf(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_chunks_pk', ['generation', 'seq'])
    .execute();
}
