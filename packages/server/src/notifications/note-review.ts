/**
 * Tells a note's owner when the note is due for review (`note_review`): once
 * per review date (a new date tells them again), claimed by one transaction
 * so that with several instances only one records it. A timer aims at the
 * next date due and rescans periodically, like the other schedulers.
 */
import { sql, type SqlBool } from 'kysely';
import type { ServerContext } from '../context.js';
import { eventTransaction } from '../live/record.js';
import { DueTimer } from '../scheduling/due-timer.js';
import { plainExcerpt } from './notification-repository.js';
import { afterNotices } from './notification-service.js';
import { NOTHING_RECORDED, recordNotices } from './notifier.js';

/** The scheduler looks for notes due at least this often, in ms (dates change once a day). */
const REVIEW_RESCAN_MS = 15 * 60_000;
/** Notes told of per run at most (the next run takes the rest). */
const REVIEWS_PER_RUN = 100;

type ReviewContext = Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'>;

/** Not yet told of this review date. */
const notTold = sql<SqlBool>`(review_notified_for IS NULL OR review_notified_for <> review_by)`;

export class NoteReviewScheduler {
  readonly #ctx: ReviewContext;
  readonly #timer: DueTimer;

  constructor(ctx: ReviewContext) {
    this.#ctx = ctx;
    this.#timer = new DueTimer({
      now: () => ctx.now(),
      rescanMs: REVIEW_RESCAN_MS,
      runDue: () => this.notifyDue(),
      nextDue: async () => {
        const row = await ctx.db
          .selectFrom('notes')
          .select('review_by')
          .where('review_by', 'is not', null)
          .where(notTold)
          .orderBy('review_by')
          .limit(1)
          .executeTakeFirst();
        return row?.review_by ? `${row.review_by}T00:00:00.000Z` : null;
      },
    });
  }

  /** Tells the owners of notes due today or earlier; returns how many were told. */
  async notifyDue(): Promise<number> {
    const { db } = this.#ctx;
    const now = this.#ctx.now();
    const today = now.toISOString().slice(0, 10);
    const due = await db
      .selectFrom('notes')
      .select(['id', 'space_id', 'owner_id', 'title', 'review_by'])
      .where('review_by', 'is not', null)
      .where('review_by', '<=', today)
      .where(notTold)
      .orderBy('review_by')
      .limit(REVIEWS_PER_RUN)
      .execute();
    let told = 0;
    for (const note of due) {
      const recorded = await eventTransaction(db, async (trx) => {
        const claim = await trx
          .updateTable('notes')
          .set({ review_notified_for: note.review_by })
          .where('id', '=', note.id)
          .where('review_by', '=', note.review_by)
          .where(notTold)
          .executeTakeFirst();
        if (Number(claim.numUpdatedRows) !== 1) return null;
        const about = { type: 'note' as const, id: note.id, spaceId: note.space_id, excerpt: plainExcerpt(note.title) };
        return recordNotices(trx, [{ kind: 'note_review', recipients: [note.owner_id], actorId: null, about }], now);
      });
      if (recorded === null) continue;
      told += 1;
      if (recorded !== NOTHING_RECORDED) await afterNotices(this.#ctx, recorded);
    }
    return told;
  }

  /** Starts (or restarts) the timer; resolves once what was due at start is done. */
  start(): Promise<void> {
    return this.#timer.start();
  }

  stop(): void {
    this.#timer.stop();
  }
}
