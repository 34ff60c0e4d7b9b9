/**
 * What the server does while its database is down after a good start: the
 * errors that mean "the database cannot be reached now" (as opposed to a bug
 * or a refused query), and a watch that tells the live streams to end while
 * it lasts. Requests fail fast on their own (bounded pool and statement
 * waits, db/database.ts) and answer 503 `unavailable` (http/errors.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { databaseAnswers } from './database.js';

/** When a client may try again after a 503 caused by the database, in seconds. */
export const DATABASE_RETRY_AFTER_S = 3;
/** How often the watch asks the database whether it answers, in ms. */
export const DEFAULT_DATABASE_CHECK_MS = 2_000;

/** Network failures of a connection (Node's codes, as `pg` passes them on). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * PostgreSQL SQLSTATEs of a server that is going away, not there yet or full:
 * class 08 (connection exception) is matched by prefix; 57P01–57P03 are an
 * administrator's or a crash's shutdown and "starting up"; 53300 too many
 * connections; 57014 a statement cancelled by `statement_timeout`.
 */
const POSTGRES_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
/** What `pg` says (without a code) when a connection breaks or none comes in time. */
const PG_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|not queryable/i;
/**
 * SQLite's busy and locked (another writer held the file past the busy
 * timeout), I/O errors, a file that cannot be opened any more, a full disk:
 * nothing the request did wrong, and a retry can succeed.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL)/;

/** How far down an error's `cause` chain to look (services wrap database errors). */
const CAUSE_DEPTH_MAX = 5;

/** Whether `error` (or what caused it) says the database cannot be used right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth <= CAUSE_DEPTH_MAX && typeof current === 'object' && current !== null; depth++) {
    const code = 'code' in current ? String((current as { code: unknown }).code) : '';
    const message = current instanceof Error ? current.message : '';
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.has(code) || code.startsWith('08') || SQLITE_UNAVAILABLE.test(code)) return true;
    if (!code && PG_CONNECTION_MESSAGES.test(message)) return true;
    current = 'cause' in current ? (current as { cause: unknown }).cause : undefined;
  }
  return false;
}

/**
 * Knows whether the database answered lately. It asks every `checkMs`
 * (one trivial query, bounded by the readiness timeout) and at once when a
 * request has just failed for want of the database; listeners hear when it
 * stops answering, so streams that can no longer be fed end and their
 * clients reconnect (to another instance, or here once it is back) with
 * Last-Event-ID.
 */
export class DatabaseWatch {
  readonly #db: Kysely<Database>;
  readonly #listeners = new Set<() => void>();
  readonly #timer: ReturnType<typeof setInterval>;
  #down = false;
  #checking: Promise<void> | undefined;
  #stopped = false;

  constructor(db: Kysely<Database>, checkMs: number = DEFAULT_DATABASE_CHECK_MS) {
    this.#db = db;
    this.#timer = setInterval(() => void this.check(), checkMs);
    this.#timer.unref();
  }

  /** True from a failed check until one succeeds. */
  get down(): boolean {
    return this.#down;
  }

  /** Calls `listener` each time the database stops answering. */
  onDown(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the database now (one check at a time; a caller during one waits for it). */
  check(): Promise<void> {
    this.#checking ??= (async () => {
      const answers = await databaseAnswers(this.#db);
      if (this.#stopped) return;
      const wasDown = this.#down;
      this.#down = !answers;
      if (this.#down && !wasDown) for (const listener of this.#listeners) listener();
    })().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#listeners.clear();
  }
}
