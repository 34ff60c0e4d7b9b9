import { sql, type Kysely } from 'kysely';
import { ANNOUNCED_TABLES, ROW_CHANGES_CHANNEL } from '../row-changes.js';
import { engineOf } from '../engine.js';

// PostgreSQL: every inserted, updated or deleted row of `actors`,
// `memberships` and `spaces` is announced on the `ecotone_changes` channel
// when its transaction commits (`<table>:<key>`, the key column named in
// db/row-changes.ts), whoever wrote it: another instance, the CLI, an
// operator in psql. Instances drop the rows they keep for readers as the
// notices arrive (spaces/reader-cache.ts). PostgreSQL sends nothing on
// rollback and sends one notice for identical ones in a transaction.
// Nothing on SQLite: one process, whose `data_version` tells the same.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`CREATE FUNCTION ecotone_announce_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify(${sql.lit(ROW_CHANGES_CHANNEL)}, TG_TABLE_NAME || ':' || (to_jsonb(OLD) ->> TG_ARGV[0]));
      END IF;
      IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify(${sql.lit(ROW_CHANGES_CHANNEL)}, TG_TABLE_NAME || ':' || (to_jsonb(NEW) ->> TG_ARGV[0]));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const [table, key] of Object.entries(ANNOUNCED_TABLES)) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_announce_change`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ecotone_announce_row_change(${sql.lit(key)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const table of Object.keys(ANNOUNCED_TABLES)) {
    await sql`DROP TRIGGER ${sql.id(`${table}_announce_change`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION ecotone_announce_row_change()`.execute(db);
}
