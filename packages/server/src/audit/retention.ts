/**
 * Audit retention (`--audit-retention-days`): entries older than the
 * retention are deleted, oldest first, and the deletion is itself an entry
 * of the trail (`audit.pruned`, naming the last entry deleted and its hash),
 * so that `verify` still checks the chain from the first entry kept. By
 * default nothing is ever deleted.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { eventTransaction } from '../live/event-transaction.js';
import { appendAudit } from './audit-log.js';

/** How often the retention runs, in ms. */
export const AUDIT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** Entries deleted per transaction (the next run goes on). */
const PRUNE_BATCH = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes up to PRUNE_BATCH entries older than `days` at `now`, never the
 * newest entry (the chain keeps a head), and records it. Answers how many
 * went.
 */
export async function pruneAudit(db: Kysely<Database>, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * DAY_MS).toISOString();
  return eventTransaction(db, async (trx) => {
    const newest = await trx.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!newest) return 0;
    // The oldest entries, in order: the chain is cut at its start, never in its middle.
    const old = await trx.selectFrom('audit_log').select(['seq', 'at', 'hash']).orderBy('seq').limit(PRUNE_BATCH).execute();
    const gone: typeof old = [];
    for (const entry of old) {
      if (entry.at >= before || entry.seq >= newest.seq) break;
      gone.push(entry);
    }
    const last = gone.at(-1);
    if (!last) return 0;
    await trx.deleteFrom('audit_log').where('seq', '<=', last.seq).execute();
    await appendAudit(trx, now, [
      { action: 'audit.pruned', actorId: null, targetType: 'audit', detail: { throughSeq: last.seq, lastHash: last.hash, olderThan: before, retentionDays: days, entries: gone.length } },
    ]);
    return gone.length;
  });
}

/** Runs {@link pruneAudit} at start and then every hour, while the server runs. */
export class AuditRetention {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly days: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    await pruneAudit(this.db, this.now(), this.days);
    this.#timer = setInterval(() => void pruneAudit(this.db, this.now(), this.days).catch(this.onError), AUDIT_RETENTION_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
