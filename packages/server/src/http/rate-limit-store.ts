/**
 * A store for @fastify/rate-limit that counts in the database, so that the
 * instances sharing one PostgreSQL hold each person and each address to one
 * budget, not one per instance. As the plugin's own store: a key's window
 * starts with its first hit and lasts the limit's window; one upsert per
 * counted request, which starts a new window when the last one is over and
 * reads the count back in the same statement (concurrent requests on any
 * instance each get their own count); keys idle for long are deleted now
 * and then. SQLite keeps the
 * plugin's in-memory store: one process is the whole server.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** How often windows that ended are deleted, in ms. */
const PRUNE_INTERVAL_MS = 60_000;

export interface DatabaseRateLimits {
  /**
   * The store class to give the plugin. It makes one store per limiter
   * (`child`), named by the limiter's `limiterName` option, which keeps the
   * keys of limiters apart (a person's writes and searches are two counts).
   */
  store: FastifyRateLimitStoreCtor;
  close(): void;
}

/**
 * Counting in `db` for limits whose windows are at most `longestWindowMs`.
 * A counting failure is answered as an error by the plugin's caller (the
 * request fails, it is not let through uncounted).
 */
export function databaseRateLimits(db: Kysely<Database>, longestWindowMs: number, now: () => number = Date.now): DatabaseRateLimits {
  const prune = setInterval(() => {
    db.deleteFrom('rate_limit_hits')
      .where('window_start', '<', now() - 2 * longestWindowMs)
      .execute()
      .catch(() => {
        // The next round tries again; counting does not depend on it.
      });
  }, PRUNE_INTERVAL_MS);
  prune.unref();

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(private readonly name = '') {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const at = now();
      db.insertInto('rate_limit_hits')
        .values({ key: `${this.name}:${key}`, window_start: at, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => {
            // Both read the stored row: a window that is over starts again now.
            const over = eb(eb('rate_limit_hits.window_start', '+', timeWindow), '<=', at);
            return {
              hits: eb.case().when(over).then(1).else(eb('rate_limit_hits.hits', '+', 1)).end(),
              window_start: eb.case().when(over).then(at).else(eb.ref('rate_limit_hits.window_start')).end(),
            };
          }),
        )
        .returning(['hits', 'window_start'])
        .executeTakeFirstOrThrow()
        .then(
          (row) => callback(null, { current: Number(row.hits), ttl: Number(row.window_start) + timeWindow - at }),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
    }

    child(options: object): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(String((options as { limiterName?: unknown }).limiterName ?? ''));
    }
  }

  return { store: DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor, close: () => clearInterval(prune) };
}
