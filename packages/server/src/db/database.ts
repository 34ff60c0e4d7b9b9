import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration, type MigrationProvider, type SqliteDialectConfig } from 'kysely';
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
import type { Database } from './schema.js';

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
};

const staticMigrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

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

/** Brings the schema to the latest migration; throws if one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrations });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error : undefined;
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause });
  }
}
