/**
 * The checks made before a server (or `ecotone migrate`) uses a database:
 * one clear error when it cannot be reached, refuses the credentials, does
 * not exist, or has a schema newer than this server. On both engines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Kysely } from 'kysely';
import { buildApp } from '../app.js';
import { startTestServer, TEST_ENGINE, type TestServer } from '../_harness.js';
import { createTestDatabase, databaseUrl } from '../_test-engine.js';
import { checkDatabase, DatabaseStartError, migrateToLatest, openPostgres, openSqlite } from './database.js';
import { parseDatabaseLocation } from './engine.js';
import type { Database } from './schema.js';

let server: TestServer | undefined;
let other: Kysely<Database> | undefined;
afterEach(async () => {
  await other?.destroy();
  other = undefined;
  await server?.close();
  server = undefined;
});

/** The start-up error of a database, or undefined when it passes. */
async function startFailure(db: Kysely<Database>, url?: string): Promise<DatabaseStartError | undefined> {
  try {
    await checkDatabase(db, url ? parseDatabaseLocation(url) : undefined);
    return undefined;
  } catch (error) {
    if (error instanceof DatabaseStartError) return error;
    throw error;
  }
}

describe('database checks at start', () => {
  it('refuses a schema newer than this server, before migrating anything', async () => {
    server = await startTestServer({ seed: false });
    expect(await startFailure(server.db)).toBeUndefined();
    await server.db.insertInto('kysely_migration' as never).values({ name: '9999_from_the_future', timestamp: new Date().toISOString() } as never).execute();
    const refused = await startFailure(server.db);
    expect(refused?.message).toMatch(/newer than this server \(it has migration 9999_from_the_future, unknown here\)/);
    // The server refuses to build on it, with the same error.
    await expect(buildApp({ db: server.db, auth: { mode: 'dev' }, ballotSecret: 'x'.repeat(32) })).rejects.toBeInstanceOf(DatabaseStartError);
  });

  it('says in one line that PostgreSQL cannot be reached, without the password', async () => {
    const url = 'postgres://ecotone:not-shown-pw@127.0.0.1:1/ecotone';
    other = openPostgres(url);
    const refused = await startFailure(other, url);
    expect(refused?.message).toBe('cannot reach the database at postgres://ecotone:***@127.0.0.1:1/ecotone: ECONNREFUSED');
  });

  it.runIf(TEST_ENGINE === 'postgres')('says when PostgreSQL refuses the password or has no such database', async () => {
    const { adminUrl } = inject('postgresTestRun');
    const wrong = new URL(adminUrl);
    wrong.password = 'certainly-not-the-password';
    other = openPostgres(wrong.toString());
    expect((await startFailure(other, wrong.toString()))?.message).toMatch(/^cannot use postgres:\/\/.*:\*\*\*@.*: PostgreSQL refused the password/);
    await other.destroy();
    const missing = databaseUrl(adminUrl, 'ecotone_no_such_database');
    other = openPostgres(missing);
    expect((await startFailure(other, missing))?.message).toMatch(/: the database does not exist/);
  });

  it.runIf(TEST_ENGINE === 'postgres')('opens a PostgreSQL URL given as the database, and closes it with the server', async () => {
    const database = await createTestDatabase();
    try {
      const app = await buildApp({ db: database.url, dbPoolSize: 2, auth: { mode: 'dev' }, ballotSecret: 'y'.repeat(32) });
      const ready = await app.inject({ url: '/readyz' });
      expect(ready.json()).toEqual({ status: 'ready' });
      await app.close();
    } finally {
      await database.drop();
    }
  });
});

describe.runIf(TEST_ENGINE === 'postgres')('the PostgreSQL schema', () => {
  it('compares and orders text by bytes, as SQLite does, whatever the database collation', async () => {
    server = await startTestServer({ seed: false });
    // The run's databases have an en-US collation (./_postgres-setup.ts), which orders these otherwise.
    const { sql } = await import('kysely');
    const other = await sql<{ table_name: string; column_name: string }>`
      SELECT c.relname AS table_name, a.attname AS column_name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely%'
        AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
        AND a.attcollation <> 'pg_catalog."C"'::regcollation`.execute(server.db);
    expect(other.rows).toEqual([]);
    const names = ['bob', 'Émile', 'alice', 'Zoé', 'Alice', 'élodie'];
    for (const [i, name] of names.entries()) {
      await server.db.insertInto('actors').values({ id: `a${i}`, display_name: name, avatar_url: null, site: null, locale: 'en', title: null, created_at: '2026-01-01T00:00:00.000Z', deactivated_at: null }).execute();
    }
    const ordered = await server.db.selectFrom('actors').select('display_name').orderBy('display_name').execute();
    const bytewise = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(ordered.map((r) => r.display_name)).toEqual(bytewise);
  });

  it('has the tables and columns the same migrations make on SQLite, but for its full-text tables', async () => {
    server = await startTestServer({ seed: false });
    const sqlite = openSqlite(':memory:');
    try {
      await migrateToLatest(sqlite);
      // Columns with their defaults, and those that may hold NULL: SQLite lets a
      // text primary key hold NULL (a legacy quirk), PostgreSQL never, so only
      // "PostgreSQL is at least as strict" is required of nullability.
      const shape = async (
        db: Kysely<Database>,
        show: (c: { name: string; hasDefaultValue: boolean; isNullable: boolean }) => string | undefined,
      ): Promise<Record<string, string[]>> =>
        Object.fromEntries(
          (await db.introspection.getTables())
            .filter((t) => !t.name.includes('_fts'))
            .map((t) => [t.name, t.columns.flatMap((c) => show(c) ?? []).sort()])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        );
      const columns = (c: { name: string; hasDefaultValue: boolean }) => `${c.name}${c.hasDefaultValue ? ' (default)' : ''}`;
      expect(await shape(server.db, columns)).toEqual(await shape(sqlite, columns));
      const nullable = (c: { name: string; isNullable: boolean }) => (c.isNullable ? c.name : undefined);
      const [onPostgres, onSqlite] = [await shape(server.db, nullable), await shape(sqlite, nullable)];
      for (const [table, names] of Object.entries(onPostgres)) expect(names.filter((n) => !onSqlite[table]?.includes(n)), table).toEqual([]);
    } finally {
      await sqlite.destroy();
    }
  });

  it('migrates a database already at the latest migration without change', async () => {
    server = await startTestServer({ seed: false });
    expect(await migrateToLatest(server.db)).toEqual([]);
  });
});
