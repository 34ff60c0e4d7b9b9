/**
 * Schema differences between SQLite and PostgreSQL, each decided here once,
 * so the numbered migrations stay one list for both engines. What a
 * migration writes for SQLite is exactly what it wrote before PostgreSQL was
 * supported: databases already migrated are never touched again.
 */
import { sql, type ColumnDefinitionBuilder, type ColumnDataType, type Kysely } from 'kysely';
import { engineOf } from './engine.js';

type ColumnBuild = (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

/**
 * An integer primary key the database assigns. SQLite: an `INTEGER PRIMARY
 * KEY` (the rowid; `neverReused` adds AUTOINCREMENT, so the ids of deleted
 * newest rows are not given again). PostgreSQL: a bigint identity, whose
 * sequence never goes back anyway (the pool's int8 parser reads it as a number).
 */
export function rowKeyColumn(db: Kysely<unknown>, options: { neverReused?: boolean } = {}): [ColumnDataType, ColumnBuild] {
  if (engineOf(db) === 'postgres') return ['bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()];
  return ['integer', options.neverReused ? (c) => c.primaryKey().autoIncrement() : (c) => c.primaryKey()];
}

/** Bytes: SQLite's blob, PostgreSQL's bytea (both read as a Buffer). */
export function bytesType(db: Kysely<unknown>): ColumnDataType {
  return engineOf(db) === 'postgres' ? 'bytea' : 'blob';
}

/** `CREATE TRIGGER name AFTER … ON table [WHEN cond] BEGIN stmts END`, as SQLite writes it. */
const SQLITE_TRIGGER = /^\s*CREATE TRIGGER (\w+)\s+(AFTER (?:INSERT|DELETE|UPDATE(?: OF \w+)?) ON (\w+))(?:\s+WHEN (.+?))?\s+BEGIN\s+(.+?)\s*END\s*$/s;

/**
 * Creates a row trigger written in SQLite's syntax. Its statements (INSERT
 * … ON CONFLICT, UPDATE, DELETE with NEW./OLD. references) mean the same in
 * PL/pgSQL, so on PostgreSQL they become the body of a trigger function of
 * the same name, and the trigger calls it for each row.
 */
export async function createTrigger(db: Kysely<unknown>, sqliteText: string): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    await sql.raw(sqliteText).execute(db);
    return;
  }
  const [, name, timing, , when, body] = SQLITE_TRIGGER.exec(sqliteText) ?? [];
  if (!name || !timing || !body) throw new Error(`Not a trigger this module can translate: ${sqliteText.slice(0, 80)}`);
  // `ON CONFLICT … DO UPDATE SET n = n + 1`: SQLite reads the right-hand `n`
  // as the stored row's; PostgreSQL finds it ambiguous (the stored row or
  // `excluded`), so it is qualified with the table's name.
  const statements = body.replace(/(INSERT INTO (\w+)\b[\s\S]*?DO UPDATE SET (\w+) = )\3\b/g, '$1$2.$3');
  await sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $trigger$ BEGIN ${statements} RETURN NULL; END $trigger$`).execute(db);
  await sql.raw(`CREATE TRIGGER ${name} ${timing} FOR EACH ROW ${when ? `WHEN (${when}) ` : ''}EXECUTE FUNCTION ${name}()`).execute(db);
}

/** Drops a trigger made by {@link createTrigger} (and its function on PostgreSQL). */
export async function dropTrigger(db: Kysely<unknown>, sqliteText: string): Promise<void> {
  const [, name, , table] = SQLITE_TRIGGER.exec(sqliteText) ?? [];
  if (!name || !table) throw new Error(`Not a trigger this module can translate: ${sqliteText.slice(0, 80)}`);
  if (engineOf(db) === 'sqlite') {
    await sql.raw(`DROP TRIGGER ${name}`).execute(db);
    return;
  }
  await sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(db);
  await sql.raw(`DROP FUNCTION ${name}()`).execute(db);
}

/**
 * PostgreSQL only: gives every text column of the schema the "C" collation
 * (byte order, as SQLite compares text). A database created with a language
 * collation (en_US.UTF-8…) would otherwise order names, ids and cursors
 * differently from SQLite, and cursor pages could skip or repeat rows.
 * Run after each migration (db/database.ts), so columns added later get it
 * too; columns already in "C" are left alone.
 */
export async function useByteOrderCollation(db: Kysely<unknown>): Promise<void> {
  const columns = await sql<{ table_name: string; column_name: string; column_type: string }>`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS column_type
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely\\_%'
      AND a.attnum > 0 AND NOT a.attisdropped
      AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
      AND a.attcollation <> 'pg_catalog."C"'::regcollation
    ORDER BY c.relname, a.attnum`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name, column_type } of columns.rows) {
    const changes = byTable.get(table_name) ?? [];
    changes.push(`ALTER COLUMN "${column_name}" TYPE ${column_type} COLLATE "C"`);
    byTable.set(table_name, changes);
  }
  for (const [table, changes] of byTable) await sql.raw(`ALTER TABLE "${table}" ${changes.join(', ')}`).execute(db);
}
