/**
 * Reminders before a confirmation deadline (`acknowledgeBy`): once the
 * deadline is less than a day away, everyone in the announcement's space who
 * has not confirmed it gets an `ack_reminder`, exactly once (the
 * `ack_reminded` flag is claimed by one transaction, so with several
 * instances only one records them). A timer aims at the next reminder due and
 * rescans periodically, like the schedulers of polls and posts.
 */
import { sql, type SqlBool } from 'kysely';
import type { ServerContext } from '../context.js';
import { eventTransaction } from '../live/record.js';
import type { NotificationFanout } from './fanout.js';
import { DueTimer } from '../scheduling/due-timer.js';
import { plainExcerpt } from './notification-repository.js';
import { recordSpaceNotice } from './notifier.js';

/** Reminders go out this long before the deadline, in ms (a day). */
export const ACK_REMINDER_LEAD_MS = 24 * 60 * 60 * 1000;
/** The scheduler looks for reminders due at least this often, in ms. */
const REMINDER_RESCAN_MS = 60_000;

type ReminderContext = Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'>;

export class AckReminderScheduler {
  readonly #ctx: ReminderContext;
  readonly #timer: DueTimer;
  readonly #fanout: () => NotificationFanout;

  constructor(ctx: ReminderContext, fanout: () => NotificationFanout) {
    this.#ctx = ctx;
    this.#fanout = fanout;
    this.#timer = new DueTimer({
      now: () => ctx.now(),
      rescanMs: REMINDER_RESCAN_MS,
      runDue: () => this.remindDue(),
      nextDue: () => this.#nextDue(),
    });
  }

  async #nextDue(): Promise<string | null> {
    const row = await this.#ctx.db
      .selectFrom('posts')
      .select('ack_by as next')
      .where('ack_reminded', '=', 0)
      .where('ack_by', 'is not', null)
      .orderBy('ack_by')
      .limit(1)
      .executeTakeFirst();
    return row?.next ? new Date(Date.parse(row.next) - ACK_REMINDER_LEAD_MS).toISOString() : null;
  }

  /** Records the reminders of every deadline less than a day away; returns how many posts were reminded of. */
  async remindDue(): Promise<number> {
    const { db } = this.#ctx;
    const now = this.#ctx.now();
    const horizon = new Date(now.getTime() + ACK_REMINDER_LEAD_MS).toISOString();
    const due = await db
      .selectFrom('posts')
      .select(['id', 'space_id', 'author_id', 'body', 'ack_by', 'publish_at'])
      .where('ack_reminded', '=', 0)
      .where('ack_by', 'is not', null)
      .where('ack_by', '<=', horizon)
      .orderBy('ack_by')
      .limit(100)
      .execute();
    let reminded = 0;
    for (const post of due) {
      // A draft is reminded of once it is published (its deadline is after its publication).
      if (post.publish_at !== null && post.publish_at > now.toISOString()) continue;
      const claimed = await eventTransaction(db, async (trx) => {
        const claim = await trx
          .updateTable('posts')
          .set({ ack_reminded: 1 })
          .where('id', '=', post.id)
          .where(sql<SqlBool>`ack_reminded = 0`)
          .executeTakeFirst();
        if (Number(claim.numUpdatedRows) !== 1) return false;
        // Past the deadline already (the server was down): nothing to remind of.
        if (post.ack_by !== null && post.ack_by <= now.toISOString()) return true;
        const about = { type: 'post' as const, id: post.id, spaceId: post.space_id, postId: post.id, excerpt: plainExcerpt(post.body) };
        await recordSpaceNotice(
          trx,
          { kind: 'ack_reminder', spaceId: post.space_id, actorId: null, about, onlyWithoutAckOf: post.id, except: post.author_id },
          now,
          { live: true },
        );
        return true;
      });
      if (claimed) reminded += 1;
    }
    // The reminders themselves are recorded in batches, after these commits.
    if (reminded > 0) this.#fanout().kick();
    return reminded;
  }

  /** Starts (or restarts) the timer; resolves once what was due at start is done. */
  start(): Promise<void> {
    return this.#timer.start();
  }

  /** A deadline was set: wake up in time for its reminder. */
  noteDeadline(ackBy: string): void {
    this.#timer.note(new Date(Date.parse(ackBy) - ACK_REMINDER_LEAD_MS).toISOString());
  }

  stop(): void {
    this.#timer.stop();
  }
}
