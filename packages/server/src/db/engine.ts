/**
 * Which database engine is behind a Kysely instance. The server runs on
 * SQLite (embedded, one process) or PostgreSQL (several instances). Where the
 * two differ, the difference is decided once per feature from this answer
 * (db/dialect.ts for schema, search/text-index.ts for the full-text index,
 * db/database.ts for connections), never by `if`s in repositories.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** The engine of `db` (plugins and transactions keep their instance's adapter). */
export function engineOf(db: Pick<Kysely<unknown>, 'getExecutor'>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Where a database is: a PostgreSQL URL, or a SQLite file (a plain path, `sqlite:<path>` or `:memory:`). */
export type DatabaseLocation = { engine: 'postgres'; url: string } | { engine: 'sqlite'; path: string };

/** Reads `--db` / `DATABASE_URL`: `postgres://` and `postgresql://` URLs are PostgreSQL, anything else a SQLite file. */
export function parseDatabaseLocation(value: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(value)) return { engine: 'postgres', url: value };
  if (value.startsWith('sqlite://')) return { engine: 'sqlite', path: value.slice('sqlite://'.length) };
  if (value.startsWith('sqlite:')) return { engine: 'sqlite', path: value.slice('sqlite:'.length) };
  return { engine: 'sqlite', path: value };
}

/** The URL without its password, for messages and logs. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.engine === 'sqlite') return location.path;
  try {
    const url = new URL(location.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return location.url.includes('@') ? 'postgres://(unparsable URL)' : location.url;
  }
}
