import type { ServerContext } from '../context.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { DueTimer } from '../scheduling/due-timer.js';
import { effectiveClosedAt } from '@ecotone/protocol/rules';
import { findPoll, listPollsDue, markPollClosed, nextPollClosing, pollResults, type PollRecord } from './poll-repository.js';
import { recordSpaceNotice } from '../notifications/notifier.js';
import { plainExcerpt } from '../notifications/notification-repository.js';
import type { NotificationFanout } from '../notifications/fanout.js';

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
  readonly #ctx: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'>;
  readonly #timer: DueTimer;
  readonly #fanout: () => NotificationFanout;

  constructor(ctx: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'>, fanout: () => NotificationFanout) {
    this.#ctx = ctx;
    this.#fanout = fanout;
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
        await notifyVotersOfClosing(trx, poll, null, now);
        return recordPollChanged(trx, now, { ...poll, closedAt: poll.closesAt });
      });
      if (event) events.push(event);
    }
    await afterCommit(this.#ctx, events);
    if (events.length > 0) this.#fanout().kick();
    return events.length;
  }

  /** Starts (or restarts) the timer; resolves once what was due at start is done. */
  start(): Promise<void> {
    return this.#timer.start();
  }

  /** A poll closing at `closesAt` was created: wake up in time for it. */
  notePoll(closesAt: string | null): void {
    this.#timer.note(closesAt);
  }

  stop(): void {
    this.#timer.stop();
  }
}

/**
 * A poll closed: its named voters are told, in batches after the change
 * commits (notifications/fanout.ts), when they may see its results. An
 * anonymous poll's voters are known to nobody, the server included: they are
 * not told. `closedBy` (its author or an owner) is not told of their own action.
 */
export async function notifyVotersOfClosing(trx: EventTransaction, poll: PollRecord, closedBy: string | null, now: Date): Promise<void> {
  if (poll.anonymous || poll.resultsVisibility === 'author-only') return;
  await recordSpaceNotice(
    trx,
    {
      kind: 'poll_closed',
      spaceId: poll.spaceId,
      actorId: closedBy,
      about: { type: 'poll', id: poll.id, spaceId: poll.spaceId, postId: poll.postId, excerpt: plainExcerpt(poll.question) },
      votersOf: poll.id,
    },
    now,
    { live: true },
  );
}
