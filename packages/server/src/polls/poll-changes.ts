import type { ServerContext } from '../context.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { DueTimer } from '../scheduling/due-timer.js';
import { effectiveClosedAt } from '@ecotone/protocol/rules';
import { findPoll, listPollsDue, markPollClosed, nextPollClosing, pollResults, type PollRecord } from './poll-repository.js';

/** The scheduler looks for polls closing soon at least this often, in ms. */
export const POLL_RESCAN_INTERVAL_MS = 60_000;

/**
 * Stores a poll.changed with the full results; the live stream strips them
 * per viewer on delivery. It names no voter, so anonymous ballots stay unlinked.
 * Call inside the transaction that made the change.
 */
export async function recordPollChanged(db: EventTransaction, now: Date, poll: PollRecord): Promise<StoredLiveEvent> {
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
  readonly #ctx: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout'>;
  readonly #timer: DueTimer;

  constructor(ctx: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout'>) {
    this.#ctx = ctx;
    this.#timer = new DueTimer({
      now: () => ctx.now(),
      rescanMs: POLL_RESCAN_INTERVAL_MS,
      runDue: () => this.closeDue(),
      nextDue: () => nextPollClosing(ctx.db),
    });
  }

  /** Closes every poll whose date has passed, one poll.changed each; returns how many. */
  async closeDue(): Promise<number> {
    const { db } = this.#ctx;
    const now = this.#ctx.now();
    const events: StoredLiveEvent[] = [];
    for (const id of await listPollsDue(db, now.toISOString())) {
      const event = await eventTransaction(db, async (trx) => {
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
    this.#timer.start();
  }

  /** A poll closing at `closesAt` was created: wake up in time for it. */
  notePoll(closesAt: string | null): void {
    this.#timer.note(closesAt);
  }

  stop(): void {
    this.#timer.stop();
  }
}
