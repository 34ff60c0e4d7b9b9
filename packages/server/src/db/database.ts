import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_polls.js';
import * as m0003 from './migrations/0003_link_previews.js';
import * as m0004 from './migrations/0004_knowledge_notes.js';
import * as m0005 from './migrations/0005_comments_variants.js';
import * as m0006 from './migrations/0006_announcements.js';
import * as m0007 from './migrations/0007_memberships.js';
import * as m0008 from './migrations/0008_post_search.js';
import * as m0009 from './migrations/0009_event_audience_idempotency.js';
import * as m0010 from './migrations/0010_actor_deactivation.js';
import * as m0011 from './migrations/0011_bounded_reads.js';
import * as m0012 from './migrations/0012_postgres_search.js';
import * as m0013 from './migrations/0013_shared_limits.js';
import * as m0014 from './migrations/0014_row_change_notices.js';
import * as m0015 from './migrations/0015_actor_subjects.js';
import * as m0016 from './migrations/0016_directory_memberships.js';
import * as m0017 from './migrations/0017_post_extensions.js';
import * as m0018 from './migrations/0018_notifications.js';
import * as m0019 from './migrations/0019_people.js';
import * as m0020 from './migrations/0020_files.js';
import * as m0021 from './migrations/0021_attachments.js';
import * as m0022 from './migrations/0022_file_store.js';
import * as m0023 from './migrations/0023_video_extras.js';
import * as m0024 from './migrations/0024_talk_shows.js';
import * as m0025 from './migrations/0025_upload_parts.js';
import * as m0026 from './migrations/0026_audit_log.js';
import * as m0028 from './migrations/0028_watch_sources.js';
import * as m0030 from './migrations/0030_classification.js';
import * as m0033 from './migrations/0033_visible_comment_counts.js';
import * as m0027 from './migrations/0027_space_capabilities.js';
import * as m0029 from './migrations/0029_moderation.js';
import * as m0031 from './migrations/0031_space_retention.js';
import * as m0032 from './migrations/0032_post_quotes.js';
import type { Database } from './schema.js';
import { useByteOrderCollation } from './dialect.js';
import { describeLocation, engineOf, parseDatabaseLocation, type DatabaseLocation } from './engine.js';

/** How long SQLite waits on a locked database before failing, in ms. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

// A static provider (not FileMigrationProvider) so migrations ship inside
// dist and bundles without filesystem lookups.
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_polls': m0002,
  '0003_link_previews': m0003,
  '0004_knowledge_notes': m0004,
  '0005_comments_variants': m0005,
  '0006_announcements': m0006,
  '0007_memberships': m0007,
  '0008_post_search': m0008,
  '0009_event_audience_idempotency': m0009,
  '0010_actor_deactivation': m0010,
  '0011_bounded_reads': m0011,
  '0012_postgres_search': m0012,
  '0013_shared_limits': m0013,
  '0014_row_change_notices': m0014,
  '0015_actor_subjects': m0015,
  '0016_directory_memberships': m0016,
  '0017_post_extensions': m0017,
  '0018_notifications': m0018,
  '0019_people': m0019,
  '0020_files': m0020,
  '0021_attachments': m0021,
  '0022_file_store': m0022,
  '0023_video_extras': m0023,
  '0024_talk_shows': m0024,
  '0025_upload_parts': m0025,
  '0026_audit_log': m0026,
  '0028_watch_sources': m0028,
  '0030_classification': m0030,
  '0033_visible_comment_counts': m0033,
  '0027_space_capabilities': m0027,
  '0029_moderation': m0029,
  '0031_space_retention': m0031,
  '0032_post_quotes': m0032,
};

/**
 * The migrations as a database of `engine` runs them: on PostgreSQL each is
 * followed, in its transaction, by the byte-order collation of new text
 * columns (db/dialect.ts).
 */
function migrationsFor(engine: 'sqlite' | 'postgres'): MigrationProvider {
  if (engine === 'sqlite') return { getMigrations: () => Promise.resolve(MIGRATIONS) };
  const wrapped = Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, migration]) => [
      name,
      {
        up: async (db: Kysely<unknown>) => {
          // A migration may rewrite every row of a large table: the pool's
          // statement timeout (meant for requests) does not apply to it.
          await sql`SET LOCAL statement_timeout = 0`.execute(db);
          await migration.up(db);
          await useByteOrderCollation(db);
        },
        ...(migration.down ? { down: migration.down } : {}),
      } satisfies Migration,
    ]),
  );
  return { getMigrations: () => Promise.resolve(wrapped) };
}

/**
 * Prepared statements kept per SQL text. Kysely prepares every query it
 * runs; compiling the same SQL again costs more than running it (a feed
 * page is a dozen statements of a few dozen shapes), so the connection
 * keeps the most recent ones. Queries run one at a time on the connection
 * (Kysely's mutex), so a statement is never in use twice.
 */
const STATEMENT_CACHE_MAX_ENTRIES = 500;

function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement) {
        // Most recently used last: the first entry is the one to drop.
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_MAX_ENTRIES) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

/** The connection behind each database opened here. */
const connections = new WeakMap<Kysely<Database>, SqliteDatabase.Database>();

/** Opens (creating if needed) a SQLite database file; `:memory:` works too. */
export function openSqlite(path: string): Kysely<Database> {
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  connections.set(db, sqlite);
  return db;
}

/**
 * A function that tells whether another connection (the CLI, an operator's
 * tool, another process) has committed to the database since it was last
 * called: SQLite's `data_version`, which this connection's own commits
 * leave as it is. It reads the connection directly (about a microsecond),
 * or through Kysely for a database not opened by `openSqlite`.
 */
export function watchOtherConnections(db: Kysely<Database>): () => boolean | Promise<boolean> {
  // PostgreSQL has no such counter: its instances announce changed rows
  // instead (db/row-changes.ts).
  if (engineOf(db) === 'postgres') throw new Error('watchOtherConnections is for SQLite: PostgreSQL announces changed rows (db/row-changes.ts)');
  let seen: number | undefined;
  const changed = (version: number) => {
    const before = seen;
    seen = version;
    return before !== version;
  };
  const sqlite = connections.get(db);
  if (sqlite) {
    const statement = sqlite.prepare('pragma data_version').pluck();
    return () => changed(statement.get() as number);
  }
  return async () => changed(Number((await sql<{ data_version: number }>`pragma data_version`.execute(db)).rows[0]?.data_version));
}

/** Connections a server keeps open to PostgreSQL unless `--db-pool` says otherwise. */
export const DEFAULT_POOL_SIZE = 10;
/**
 * How long a request waits for a free pooled connection (or a new one)
 * before failing, in ms. Short: while the database is down, a request
 * answers 503 at once rather than queueing for a connection that will not
 * come (db/availability.ts).
 */
const POSTGRES_CONNECT_TIMEOUT_MS = 2_000;
/**
 * Longest a statement of the server may run before PostgreSQL cancels it, in
 * ms: a query stuck behind a lock or a broken plan answers 503 instead of
 * holding its connection. Migrations lift it (see migrationsFor).
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * `count(*)`, `sum()` and identity keys are int8, which `pg` reads as strings
 * by default; every int8 here (counts, ids) stays far below 2^53, so they
 * are read as numbers, as SQLite gives them. Set on this pool only.
 */
const NUMERIC_INT8: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Opens a pool of at most `poolSize` connections to a PostgreSQL database
 * (connections are made on first use); `statementTimeoutMs` 0 lets
 * statements run as long as they take (bulk copies).
 */
export function openPostgres(url: string, options: { poolSize?: number; statementTimeoutMs?: number } = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    // A peer that vanished without closing (a cut network) is noticed by TCP.
    keepAlive: true,
    types: NUMERIC_INT8,
  });
  // An idle connection that breaks (the database restarted, a proxy closed
  // it) is dropped from the pool and the next query opens another; without
  // a listener the error would end the process.
  pool.on('error', () => {});
  // A connection checked out of the pool has no listener of the pool's: one
  // the server ends (an administrator, a shutdown, a failover) between two
  // statements of a transaction would otherwise end the process. Its error
  // reaches the statement that uses it next (503, db/availability.ts), and
  // the pool drops it when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database at `location` (a PostgreSQL URL or a SQLite path, see {@link parseDatabaseLocation}). */
export function openDatabase(location: string | DatabaseLocation, options: { poolSize?: number; statementTimeoutMs?: number } = {}): Kysely<Database> {
  const where = typeof location === 'string' ? parseDatabaseLocation(location) : location;
  return where.engine === 'postgres' ? openPostgres(where.url, options) : openSqlite(where.path);
}

/** A database that cannot be used: its message is one line, for an operator (no stack trace). */
export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
}

/** The PostgreSQL error codes an operator can act on at start, with what to say. */
const POSTGRES_START_ERRORS: Readonly<Record<string, string>> = {
  '28P01': 'PostgreSQL refused the password',
  '28000': 'PostgreSQL refused the connection (pg_hba.conf or role)',
  '3D000': 'the database does not exist (create it first, e.g. createdb)',
  '42501': 'the role may not use this database or schema',
  '57P03': 'PostgreSQL is starting up or shutting down',
};
/** Network failures of the connection itself. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Why the database could not be used, as one line, or undefined when the error is not about reaching it. */
export function describeStartFailure(error: unknown, location: DatabaseLocation): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const where = describeLocation(location);
  if (POSTGRES_START_ERRORS[code]) return `cannot use ${where}: ${POSTGRES_START_ERRORS[code]} (${message})`;
  if (UNREACHABLE_CODES.has(code) || /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return `cannot reach the database at ${where}: ${code || message}`;
  }
  if (location.engine === 'sqlite' && /SQLITE_CANTOPEN|unable to open|directory does not exist/i.test(`${code} ${message}`)) {
    return `cannot open the SQLite database ${where}: ${message}`;
  }
  return undefined;
}

/**
 * Checks at start that the database answers and that its schema is not
 * newer than this server (a migration applied by a later version): both
 * refused with a {@link DatabaseStartError}, before anything is written.
 */
export async function checkDatabase(db: Kysely<Database>, location?: DatabaseLocation): Promise<void> {
  const where: DatabaseLocation = location ?? (engineOf(db) === 'postgres' ? { engine: 'postgres', url: 'the PostgreSQL database' } : { engine: 'sqlite', path: 'the SQLite database' });
  let applied: string[];
  try {
    await sql`SELECT 1`.execute(db);
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    applied = tables.some((t) => t.name === 'kysely_migration')
      ? (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows.map((row) => row.name)
      : [];
  } catch (error) {
    const reason = describeStartFailure(error, where);
    if (reason) throw new DatabaseStartError(reason, { cause: error });
    throw error;
  }
  const unknown = applied.filter((name) => !Object.hasOwn(MIGRATIONS, name)).sort();
  if (unknown.length > 0) {
    throw new DatabaseStartError(
      `the schema of ${describeLocation(where)} is newer than this server (it has migration ${unknown.join(', ')}, unknown here): run a version of Ecotone that knows it`,
    );
  }
}

/** How long a readiness check waits for the database, in ms. */
export const READINESS_TIMEOUT_MS = 2_000;

/** Whether the database answers one trivial query within `timeoutMs`. */
export async function databaseAnswers(db: Kysely<Database>, timeoutMs = READINESS_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([sql`SELECT 1`.execute(db).then(() => true as const, () => false as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Brings the schema to the latest migration and returns the names of those it applied; throws if one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationsFor(engineOf(db)) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error : undefined;
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The name of the newest migration this server knows. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
