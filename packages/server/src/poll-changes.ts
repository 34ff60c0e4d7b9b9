import type { Kysely } from 'kysely';
import type { ServerContext } from './context.js';
import type { Database } from './db/schema.js';
import { afterCommit, recordEvent } from './live/record.js';
import type { StoredLiveEvent } from './live/bus.js';
import { effectiveClosedAt } from './poll-view.js';
import { findPoll, listPollsDue, markPollClosed, nextPollClosing, pollResults, type PollRecord } from './repositories/polls.js';

/** The scheduler looks for polls closing soon at least this often, in ms. */
export const POLL_RESCAN_INTERVAL_MS = 60_000;
/** Longest delay setTimeout accepts, in ms (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Stores a poll.changed with the full results; the live stream strips them
 * per viewer on delivery. It names no voter, so anonymous ballots stay unlinked.
 * Call inside the transaction that made the change.
 */
export async function recordPollChanged(db: Kysely<Database>, now: Date, poll: PollRecord): Promise<StoredLiveEvent> {
  return recordEvent(db, now, poll.spaceId, {
    type: 'poll.changed',
    spaceId: poll.spaceId,
    pollId: poll.id,
    closedAt: effectiveClosedAt(poll, now),
    results: await pollResults(db, poll),
  });
}

/**
 * Announces polls whose `closesAt` has passed: ballots are refused from that
 * moment anyway (the clock decides), but viewers learn it from a poll.changed.
 * A timer aims at the next closing and rescans periodically, so polls created
 * on another node are caught too.
 */
export class PollClosingScheduler {
  readonly #ctx: Omit<ServerContext, 'polls' | 'publishing'>;
  #timer: NodeJS.Timeout | null = null;
  #dueAt = Number.POSITIVE_INFINITY;
  #stopped = false;

  constructor(ctx: Omit<ServerContext, 'polls' | 'publishing'>) {
    this.#ctx = ctx;
  }

  /** Closes every poll whose date has passed, one poll.changed each; returns how many. */
  async closeDue(): Promise<number> {
    const { db } = this.#ctx;
    const now = this.#ctx.now();
    const events: StoredLiveEvent[] = [];
    for (const id of await listPollsDue(db, now.toISOString())) {
      const event = await db.transaction().execute(async (trx) => {
        const poll = await findPoll(trx, id);
        if (!poll?.closesAt || !(await markPollClosed(trx, id, poll.closesAt))) return null;
        return recordPollChanged(trx, now, { ...poll, closedAt: poll.closesAt });
      });
      if (event) events.push(event);
    }
    await afterCommit(this.#ctx, events);
    return events.length;
  }

  /** Starts (or restarts) the timer. */
  start(): void {
    this.#arm(0);
  }

  /** A poll closing at `closesAt` was created: wake up in time for it. */
  notePoll(closesAt: string | null): void {
    if (closesAt === null || this.#stopped) return;
    const at = Date.parse(closesAt);
    if (at < this.#dueAt) this.#arm(at - this.#ctx.now().getTime());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    const delay = Math.min(Math.max(0, delayMs), POLL_RESCAN_INTERVAL_MS, MAX_TIMER_DELAY_MS);
    this.#dueAt = this.#ctx.now().getTime() + delay;
    this.#timer = setTimeout(() => void this.#tick(), delay);
    // A pending closing must not keep the process alive.
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    let next: string | null = null;
    try {
      await this.closeDue();
      next = await nextPollClosing(this.#ctx.db);
    } catch {
      // The database may be closing under us; the next rescan retries.
    }
    const now = this.#ctx.now().getTime();
    this.#arm(next === null ? POLL_RESCAN_INTERVAL_MS : Date.parse(next) - now);
  }
}
