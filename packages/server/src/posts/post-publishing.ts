import type { Post } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { afterCommit, eventTransaction, recordEvent } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { DueTimer } from '../scheduling/due-timer.js';
import { announceHeldNotifications } from '../notifications/notifier.js';
import { postViews } from './post-view.js';
import { findPost, listPostsDue, markPostPublished, nextPostDue } from './post-repository.js';

/** The scheduler looks for posts due soon at least this often, in ms. */
export const PUBLISH_RESCAN_INTERVAL_MS = 60_000;

/**
 * Publishes scheduled posts: their visibility follows the clock anyway (a
 * draft is a post whose `publish_at` is still ahead), but readers learn of
 * them from a post.created sent when their time comes, exactly once (the
 * `publish_pending` flag is cleared by one transaction). A timer aims at the
 * next time due and rescans periodically, so posts scheduled on another node
 * are caught too. Like the poll closing scheduler.
 */
export class PostPublishingScheduler {
  readonly #ctx: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'>;
  readonly #timer: DueTimer;

  constructor(ctx: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'>) {
    this.#ctx = ctx;
    this.#timer = new DueTimer({
      now: () => ctx.now(),
      rescanMs: PUBLISH_RESCAN_INTERVAL_MS,
      runDue: () => this.publishDue(),
      nextDue: () => nextPostDue(ctx.db),
    });
  }

  /** Announces every scheduled post whose time has come, one post.created each; returns how many. */
  async publishDue(): Promise<number> {
    const { db, reactionKinds, ballotSecret } = this.#ctx;
    const now = this.#ctx.now();
    const events: StoredLiveEvent[] = [];
    for (const id of await listPostsDue(db, now.toISOString())) {
      const event = await eventTransaction(db, async (trx) => {
        if (!(await markPostPublished(trx, id))) return null;
        const row = await findPost(trx, id);
        if (!row) return null;
        // As nobody in particular sees it; the stream shapes it per viewer.
        const nobody = { id: '', roleIn: () => null, secret: ballotSecret, now };
        const [view] = await postViews(trx, nobody, [row], reactionKinds);
        if (!view) return null;
        const post: Post = view.polls ? { ...view, polls: view.polls.map(({ results: _results, ...poll }) => poll) } : view;
        const created = await recordEvent(trx, now, row.post.space_id, { type: 'post.created', spaceId: row.post.space_id, post });
        // What its mentions and confirmation request recorded is listed from now on: tell those concerned.
        return [created, ...(await announceHeldNotifications(trx, id, now))];
      });
      if (event) events.push(...event);
    }
    await afterCommit(this.#ctx, events);
    return events.length;
  }

  /** Starts (or restarts) the timer; resolves once what was due at start is done. */
  start(): Promise<void> {
    return this.#timer.start();
  }

  /** A post scheduled at `publishAt` was created: wake up in time for it. */
  notePost(publishAt: string | null): void {
    this.#timer.note(publishAt);
  }

  stop(): void {
    this.#timer.stop();
  }
}
