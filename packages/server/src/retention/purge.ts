/**
 * Per-space retention (docs/security.md#retention): a space given
 * `retention_days` (`ecotone spaces retention`) keeps its content that many
 * days. Older content is deleted through the same code as a person's
 * deletion, so everything attached goes with it and open pages are told
 * (`post.deleted`, `comment.deleted`):
 *
 * - posts published before the cutoff (a scheduled post counts from its
 *   publication time; pinned posts are no exception), with their comments,
 *   reactions, polls and ballots, acknowledgements, files, search entries,
 *   reports, mentions and notifications (a technology-watch item keeps
 *   only the keys that stop its feed from bringing it back);
 * - comments written before the cutoff on newer posts (one with replies
 *   becomes the usual placeholder, removed with its last reply);
 * - knowledge notes last changed before the cutoff, with their revisions.
 *
 * The work goes in batches of at most `batchSize` items, each in one
 * transaction that records ONE audit entry (`retention.purge`: the space,
 * the cutoff, counts per kind and the first and last of each kind, in time
 * order), so the trail proves what was removed without keeping any of it.
 * Each batch reads what it deletes inside the event-recording transaction,
 * which runs alone (one writer on SQLite, the event-order lock on
 * PostgreSQL): instances that run the purge at the same time share the
 * work, never delete or record anything twice.
 */
import type { Kysely } from 'kysely';
import { RETENTION_MAX_DAYS } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { appendAudit } from '../audit/audit-log.js';
import { afterCommit, eventTransaction } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { effectiveAt } from '../posts/post-visibility.js';
import { erasePost } from '../posts/post-service.js';
import { eraseComment } from '../comments/comment-service.js';
import { eraseNote } from '../notes/note-service.js';

/** Items deleted per transaction (the next batch goes on). */
export const RETENTION_BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the purge needs of the server: events go out after each commit; files' bytes too, when it has a store. */
export type PurgeContext = Pick<ServerContext, 'db' | 'bus' | 'retention' | 'now'> & {
  uploads?: { removeFiles(ids: readonly string[]): Promise<void> };
};

/** The items of one kind a batch removed: how many, and the first and last in time order. */
export interface PurgedRange {
  count: number;
  first: string;
  last: string;
  /** The time of the first and of the last (publication, creation or last change). */
  from: string;
  through: string;
}

/** What was removed from one space. */
export interface SpacePurge {
  spaceId: string;
  retentionDays: number;
  /** Content older than this was removed (ISO time). */
  olderThan: string;
  posts: number;
  comments: number;
  notes: number;
  /** Transactions (and audit entries) it took. */
  batches: number;
}

export interface PurgeOptions {
  /** Items per transaction (default {@link RETENTION_BATCH}). */
  batchSize?: number;
  /** Asked between batches: true stops the run (the server is closing). */
  stopped?: () => boolean;
}

/** The time before which a space keeping `days` days deletes content, at `now`. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** `days` as a space's retention: a whole number of days from 1 to {@link RETENTION_MAX_DAYS}, or null (kept for good). */
export function parseRetentionDays(text: string): number | null | undefined {
  if (text === 'keep') return null;
  if (!/^[1-9]\d*$/.test(text)) return undefined;
  const days = Number(text);
  return days <= RETENTION_MAX_DAYS ? days : undefined;
}

/**
 * Deletes the content every space with a retention keeps no longer, batch
 * after batch until none is left (or `stopped` says so). Answers what went,
 * per space that had something to remove.
 */
export async function purgeExpiredContent(ctx: PurgeContext, options: PurgeOptions = {}): Promise<SpacePurge[]> {
  const batchSize = options.batchSize ?? RETENTION_BATCH;
  const spaces = await ctx.db
    .selectFrom('spaces')
    .select(['id', 'retention_days'])
    .where('retention_days', 'is not', null)
    .orderBy('id')
    .execute();
  const report: SpacePurge[] = [];
  for (const space of spaces) {
    const days = space.retention_days!;
    // One cutoff per space and run: a run that takes long does not chase content as it ages.
    const olderThan = retentionCutoff(ctx.now(), days);
    const purge: SpacePurge = { spaceId: space.id, retentionDays: days, olderThan, posts: 0, comments: 0, notes: 0, batches: 0 };
    for (;;) {
      if (options.stopped?.()) break;
      const batch = await purgeBatch(ctx, space.id, days, olderThan, batchSize);
      if (!batch) break;
      purge.posts += batch.posts;
      purge.comments += batch.comments;
      purge.notes += batch.notes;
      purge.batches += 1;
    }
    if (purge.batches > 0) report.push(purge);
  }
  return report;
}

/** One transaction: up to `batchSize` items of the space older than `olderThan`, posts first, then comments, then notes. */
async function purgeBatch(
  ctx: PurgeContext,
  spaceId: string,
  days: number,
  olderThan: string,
  batchSize: number,
): Promise<{ posts: number; comments: number; notes: number } | null> {
  const now = ctx.now();
  const done = await eventTransaction(ctx.db, async (trx) => {
    const events: StoredLiveEvent[] = [];
    const files: string[] = [];
    // Posts by publication time: a walk of posts_feed_effective_idx.
    const posts = await trx
      .selectFrom('posts')
      .select(['id', effectiveAt.as('at')])
      .where('space_id', '=', spaceId)
      .where(effectiveAt, '<', olderThan)
      .orderBy(effectiveAt)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const post of posts) {
      const erased = await erasePost(trx, now, { id: post.id, spaceId });
      events.push(erased.deleted);
      files.push(...erased.files);
    }
    if (posts.length > 0) {
      // A watch item outlives its deleted post, so that the feed does not bring it back
      // (watch/watch-service.ts): it keeps its keys, not what it said.
      await trx
        .updateTable('watch_items')
        .set({ title: '', summary: '', link: null })
        .where('post_id', 'in', posts.map((p) => p.id))
        .execute();
    }
    // Read after the posts went: what is left are comments on newer posts. Placeholders are already empty.
    let room = batchSize - posts.length;
    const comments = room <= 0 ? [] : await expiredComments(trx, spaceId, olderThan, room);
    const erasedComments: typeof comments = [];
    for (const comment of comments) {
      // Gone already (a placeholder removed with its last reply earlier in this batch): nothing to do.
      const still = await trx.selectFrom('comments').select('deleted_at').where('id', '=', comment.id).executeTakeFirst();
      if (!still || still.deleted_at !== null) continue;
      const erased = await eraseComment(trx, now, { id: comment.id, postId: comment.post_id, spaceId, parentId: comment.parent_id });
      events.push(...erased.recorded);
      files.push(...erased.files);
      erasedComments.push(comment);
    }
    const commentCount = erasedComments.length;
    room -= comments.length;
    const notes = room <= 0 ? [] : await expiredNotes(trx, spaceId, olderThan, room);
    for (const note of notes) files.push(...(await eraseNote(trx, note)));
    if (posts.length + commentCount + notes.length === 0) return null;
    await appendAudit(trx, now, [
      {
        action: 'retention.purge',
        actorId: null,
        targetType: 'space',
        targetId: spaceId,
        spaceId,
        detail: {
          retentionDays: days,
          olderThan,
          counts: { posts: posts.length, comments: commentCount, notes: notes.length },
          ...rangeOf('posts', posts.map((p) => ({ id: p.id, at: p.at }))),
          ...rangeOf('comments', erasedComments.map((c) => ({ id: c.id, at: c.created_at }))),
          ...rangeOf('notes', notes.map((n) => ({ id: n.id, at: n.updated_at }))),
        },
      },
    ]);
    return { events, files, posts: posts.length, comments: commentCount, notes: notes.length };
  });
  if (!done) return null;
  await afterCommit(ctx, done.events);
  // Unreadable since the commit; the bytes go now (the uploads' sweep finishes the job otherwise).
  await ctx.uploads?.removeFiles(done.files);
  return { posts: done.posts, comments: done.comments, notes: done.notes };
}

/** Comments of the space written before `olderThan`, oldest first: a walk of comments_space_created_idx. */
function expiredComments(db: Kysely<Database>, spaceId: string, olderThan: string, limit: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'post_id', 'parent_id', 'created_at'])
    .where('space_id', '=', spaceId)
    .where('created_at', '<', olderThan)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Notes of the space last changed before `olderThan`, oldest first: a walk of notes_space_updated_idx. */
function expiredNotes(db: Kysely<Database>, spaceId: string, olderThan: string, limit: number) {
  return db
    .selectFrom('notes')
    .select(['seq', 'id', 'updated_at'])
    .where('space_id', '=', spaceId)
    .where('updated_at', '<', olderThan)
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The audit detail of one kind: how many went, the first and last (time order), with their times; nothing when none. */
function rangeOf(kind: string, items: readonly { id: string; at: string }[]): Record<string, PurgedRange> {
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return {};
  return { [kind]: { count: items.length, first: first.id, last: last.id, from: first.at, through: last.at } };
}

/** How often the server runs the purge, in ms (hourly). */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** How long after start the server first runs it, in ms: not in the way of starting. */
export const RETENTION_FIRST_RUN_MS = 30_000;

export interface ContentRetentionOptions extends Pick<PurgeOptions, 'batchSize'> {
  /** Between runs, in ms (default {@link RETENTION_INTERVAL_MS}). */
  intervalMs?: number;
  /** From start to the first run, in ms (default {@link RETENTION_FIRST_RUN_MS}). */
  firstRunMs?: number;
}

/**
 * Runs {@link purgeExpiredContent} shortly after the server starts and then
 * every hour, on every instance (they share the work: see the module's
 * comment). `stop()` ends the run in progress after its current batch.
 */
export class ContentRetention {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly ctx: PurgeContext,
    private readonly options: ContentRetentionOptions,
    private readonly onPurged: (purged: readonly SpacePurge[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#arm(this.options.firstRunMs ?? RETENTION_FIRST_RUN_MS);
  }

  /** Runs the purge now (unless one is running: then waits for it). */
  run(): Promise<void> {
    this.#running ??= purgeExpiredContent(this.ctx, { ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}), stopped: () => this.#stopped })
      .then((purged) => {
        if (purged.length > 0) this.onPurged(purged);
      }, this.onError)
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** No further run; resolves once the run in progress (if any) has stopped after its batch. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #arm(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.run().finally(() => this.#arm(this.options.intervalMs ?? RETENTION_INTERVAL_MS));
    }, delayMs);
    // Pending work must not keep the process alive.
    this.#timer.unref();
  }
}
