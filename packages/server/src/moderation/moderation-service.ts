/**
 * Moderation (docs/protocol.md#moderation) with the rules of
 * `@ecotone/protocol/rules` (rules/moderation.ts): reports, the owners'
 * queue, hiding and restoring, releasing held posts, and word filters.
 * Each change, its live events and its audit entry share one transaction.
 */
import { randomBytes } from 'node:crypto';
import {
  MODERATION_PREVIEW_MAX_CHARS,
  MODERATION_QUEUE_MAX,
  type Actor,
  type ContentHiddenEvent,
  type HideRequest,
  type ModerationQueue,
  type ModerationQueueItem,
  type ModerationTargetType,
  type Post,
  type Report,
  type ReportReason,
  type ReportRequest,
  type Role,
  type WordFilters,
} from '@ecotone/protocol';
import {
  INVALID_REQUEST_TITLE,
  canModerate,
  canReport,
  hideErrors,
  normalizeWordFilters,
  notificationExcerpt,
  reportErrors,
  wordFilterErrors,
  wordFilterMatches,
} from '@ecotone/protocol/rules';
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { HttpProblem, forbidden, notFound } from '../http/errors.js';
import { appendAudit } from '../audit/audit-log.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { announceHeldNotifications } from '../notifications/notifier.js';
import { actorFromRow } from '../people/actor-repository.js';
import { requireReadableSpace, requireReadablePost, requireVisibleComment, requireVisibleNote } from '../policy/authz.js';
import { findComment } from '../comments/comment-repository.js';
import { commentCountOf } from '../comments/comment-service.js';
import { findNote } from '../notes/note-repository.js';
import { findPost, findPosts } from '../posts/post-repository.js';
import { postViews } from '../posts/post-view.js';
import { moderationMark, moderationState } from './moderation-state.js';
import {
  findReport,
  insertReport,
  moderatedIds,
  openReports,
  reopenReport,
  replaceWordFilters,
  resolveReports,
  setModeration,
  wordFiltersOf,
} from './moderation-repository.js';

/** Random bytes in a report id (base64url: 16 characters). */
const REPORT_ID_BYTES = 12;

/** An item as moderation needs it. */
interface Target {
  targetType: ModerationTargetType;
  targetId: string;
  spaceId: string;
  postId: string | null;
  authorId: string;
  role: Role | null;
  moderation: 'hidden' | 'held' | null;
}

/** The item if the caller may read it (hidden or held content: its author and the owners); otherwise not_found. */
async function readableTarget(ctx: ServerContext, actor: Actor, targetType: ModerationTargetType, targetId: string): Promise<Target> {
  const now = ctx.now();
  switch (targetType) {
    case 'post': {
      const { row, role } = await requireReadablePost(ctx.db, actor, targetId, now);
      return { targetType, targetId, spaceId: row.post.space_id, postId: row.post.id, authorId: row.post.author_id, role, moderation: moderationState(row.post.moderation) };
    }
    case 'comment': {
      const { row, role } = await requireVisibleComment(ctx.db, actor, targetId, now);
      if (row.comment.deleted_at !== null) throw notFound('Comment');
      return { targetType, targetId, spaceId: row.comment.space_id, postId: row.comment.post_id, authorId: row.comment.author_id, role, moderation: moderationState(row.comment.moderation) };
    }
    case 'note': {
      const { note, role } = await requireVisibleNote(ctx.db, actor, targetId);
      return { targetType, targetId, spaceId: note.spaceId, postId: null, authorId: note.ownerId, role, moderation: moderationState(note.moderation) };
    }
  }
}

/** The item if the caller moderates its space; 404 if unreadable, 403 if only readable. */
async function moderatedTarget(ctx: ServerContext, actor: Actor, targetType: ModerationTargetType, targetId: string): Promise<Target> {
  const target = await readableTarget(ctx, actor, targetType, targetId);
  if (!canModerate(target.role)) throw forbidden('Only owners of the space moderate it');
  return target;
}

/** The space if the caller moderates it; 404 if unreadable, 403 if only readable. */
async function requireModeratedSpace(ctx: ServerContext, actor: Actor, spaceId: string): Promise<void> {
  const { role } = await requireReadableSpace(ctx.db, actor, spaceId);
  if (!canModerate(role)) throw forbidden('Only owners of the space moderate it');
}

/** `moderation.changed` for the space's owners. */
function queueChanged(trx: EventTransaction, now: Date, spaceId: string): Promise<StoredLiveEvent> {
  return recordEvent(trx, now, spaceId, { type: 'moderation.changed', spaceId });
}

/** Reports an item to its space's owners; a second report of the same item by the same person answers the first (200). */
export async function report(ctx: ServerContext, actor: Actor, request: ReportRequest): Promise<{ resource: Report; replayed: boolean }> {
  const target = await readableTarget(ctx, actor, request.targetType, request.targetId);
  if (!canReport(target, actor.id)) throw forbidden('You may not report what you wrote');
  const errors = reportErrors(request);
  if (errors.length > 0) throw new HttpProblem('validation_failed', INVALID_REQUEST_TITLE, errors);
  const now = ctx.now();
  const at = now.toISOString();
  const text = request.text?.trim() ? request.text.trim() : null;
  const outcome = await eventTransaction(ctx.db, async (trx) => {
    const existing = await findReport(trx, target.targetType, target.targetId, actor.id);
    if (existing && existing.resolved_at === null) return { report: existing, events: [], replayed: true };
    const id = existing?.id ?? randomBytes(REPORT_ID_BYTES).toString('base64url');
    const row = {
      id,
      space_id: target.spaceId,
      target_type: target.targetType,
      target_id: target.targetId,
      post_id: target.postId,
      reporter_id: actor.id,
      reason: request.reason,
      text,
      created_at: at,
      resolved_at: null,
    };
    if (existing) await reopenReport(trx, id, { reason: row.reason, text, created_at: at });
    else await insertReport(trx, row);
    await appendAudit(trx, now, [
      { action: 'report.create', actorId: actor.id, targetType: target.targetType, targetId: target.targetId, spaceId: target.spaceId, detail: { reason: request.reason, authorId: target.authorId } },
    ]);
    return { report: row, events: [await queueChanged(trx, now, target.spaceId)], replayed: false };
  });
  await afterCommit(ctx, outcome.events);
  const r = outcome.report;
  return {
    resource: { id: r.id, spaceId: r.space_id, targetType: r.target_type as ModerationTargetType, targetId: r.target_id, reason: r.reason as ReportReason, createdAt: r.created_at },
    replayed: outcome.replayed,
  };
}

/** Plain text of a body, cut for a queue item. */
function preview(markdown: string): string {
  const plain = notificationExcerpt(markdown) ?? '';
  return [...plain].slice(0, MODERATION_PREVIEW_MAX_CHARS).join('');
}

/** The owners' queue of a space: reported, hidden and held items, newest first. */
export async function moderationQueue(ctx: ServerContext, actor: Actor, spaceId: string): Promise<ModerationQueue> {
  await requireModeratedSpace(ctx, actor, spaceId);
  const db = ctx.db;
  const [reports, posts, comments, notes] = await Promise.all([
    openReports(db, spaceId),
    moderatedIds(db, 'post', spaceId),
    moderatedIds(db, 'comment', spaceId),
    moderatedIds(db, 'note', spaceId),
  ]);
  // Reports grouped per item, in the order of their newest report.
  const groups = new Map<string, { targetType: ModerationTargetType; targetId: string; reasons: Record<string, number>; reports: number; texts: string[]; at: string | null }>();
  const group = (targetType: ModerationTargetType, targetId: string) => {
    const key = `${targetType}:${targetId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { targetType, targetId, reasons: {}, reports: 0, texts: [], at: null }));
    return g;
  };
  for (const r of reports) {
    const g = group(r.target_type as ModerationTargetType, r.target_id);
    g.reasons[r.reason] = (g.reasons[r.reason] ?? 0) + 1;
    g.reports += 1;
    if (r.text !== null && g.texts.length < 5) g.texts.push(r.text);
    g.at ??= r.created_at;
  }
  for (const { id } of posts) group('post', id);
  for (const { id } of comments) group('comment', id);
  for (const { id } of notes) group('note', id);
  const chosen = [...groups.values()].slice(0, MODERATION_QUEUE_MAX * 2);
  const ids = (type: ModerationTargetType) => chosen.filter((g) => g.targetType === type).map((g) => g.targetId);
  const postRows = new Map((await findPosts(db, ids('post'))).map((row) => [row.post.id, row]));
  const items: ModerationQueueItem[] = [];
  for (const g of chosen) {
    let item: Omit<ModerationQueueItem, 'reasons' | 'reports' | 'texts' | 'at'> & { at: string | null } | null = null;
    if (g.targetType === 'post') {
      const row = postRows.get(g.targetId);
      if (row) {
        const mark = moderationMark(row.post);
        item = { targetType: 'post', targetId: g.targetId, spaceId, postId: row.post.id, author: actorFromRow(row.author), preview: preview(row.post.body), ...(mark ? { moderation: mark } : {}), at: mark?.at ?? null };
      }
    } else if (g.targetType === 'comment') {
      const row = await findComment(db, g.targetId);
      if (row && row.comment.deleted_at === null) {
        const mark = moderationMark(row.comment);
        item = { targetType: 'comment', targetId: g.targetId, spaceId, postId: row.comment.post_id, author: actorFromRow(row.author), preview: preview(row.comment.body), ...(mark ? { moderation: mark } : {}), at: mark?.at ?? null };
      }
    } else {
      const note = await findNote(db, g.targetId);
      if (note) {
        const [author] = (await db.selectFrom('actors').selectAll().where('id', '=', note.ownerId).execute()).map((a) => actorFromRow(a));
        const mark = moderationMark({ moderation: note.moderation, moderation_reason: note.moderationReason, moderated_at: note.moderatedAt });
        if (author) item = { targetType: 'note', targetId: g.targetId, spaceId, postId: null, author, preview: preview(`${note.title}\n${note.body}`), ...(mark ? { moderation: mark } : {}), at: mark?.at ?? null };
      }
    }
    // Gone meanwhile (deleted through its own route): nothing to moderate.
    if (!item) continue;
    const at = [g.at, item.at].filter((x): x is string => x !== null).sort().at(-1) ?? new Date(0).toISOString();
    items.push({ ...item, reasons: g.reasons, reports: g.reports, texts: g.texts, at });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { items: items.slice(0, MODERATION_QUEUE_MAX) };
}

/** A comment's `content.*` event with its post's comment count after the change (triggers keep it: migration 0033). */
async function withCommentCount<E extends ContentHiddenEvent>(db: Kysely<Database>, event: E): Promise<E> {
  if (event.targetType !== 'comment' || event.postId === null) return event;
  return { ...event, commentCount: await commentCountOf(db, event.postId) };
}

/** An owner hides a post, comment or note: everyone but its author and the space's owners stops seeing it at once. */
export async function hideContent(ctx: ServerContext, actor: Actor, type: ModerationTargetType, targetId: string, request: HideRequest): Promise<void> {
  const target = await moderatedTarget(ctx, actor, type, targetId);
  const errors = hideErrors(request);
  if (errors.length > 0) throw new HttpProblem('validation_failed', INVALID_REQUEST_TITLE, errors.map((e) => ({ ...e, path: `/body${e.path}` })));
  const reason = request.reason.trim();
  const now = ctx.now();
  const events = await eventTransaction(ctx.db, async (trx) => {
    const event = { type: 'content.hidden' as const, spaceId: target.spaceId, targetType: type, targetId, postId: target.postId, authorId: target.authorId };
    const state = { moderation: 'hidden' as const, reason, by: actor.id, at: now.toISOString() };
    let hidden: StoredLiveEvent;
    if (type === 'post') {
      // Recorded first: its audience is whoever saw the post until now (live/audience.ts).
      hidden = await recordEvent(trx, now, target.spaceId, event);
      await setModeration(trx, type, targetId, state);
    } else {
      // The audience is the post's or the space's, whatever the comment's or note's state: a comment's event carries its post's new count.
      await setModeration(trx, type, targetId, state);
      hidden = await recordEvent(trx, now, target.spaceId, await withCommentCount(trx, event));
    }
    const resolved = await resolveReports(trx, type, targetId, now.toISOString());
    await appendAudit(trx, now, [
      { action: 'content.hide', actorId: actor.id, targetType: type, targetId, spaceId: target.spaceId, detail: { reason, authorId: target.authorId, reports: resolved, ...(target.moderation ? { was: target.moderation } : {}) } },
    ]);
    return [hidden, await queueChanged(trx, now, target.spaceId)];
  });
  await afterCommit(ctx, events);
}

/**
 * An owner restores a hidden post, comment or note (readers see it again), or
 * dismisses the reports of visible content. A held post is released instead.
 */
export async function restoreContent(ctx: ServerContext, actor: Actor, targetType: ModerationTargetType, targetId: string): Promise<void> {
  const target = await moderatedTarget(ctx, actor, targetType, targetId);
  if (target.moderation === 'held') throw new HttpProblem('conflict', 'A held post is published with release, not restored');
  const now = ctx.now();
  const events = await eventTransaction(ctx.db, async (trx) => {
    const out: StoredLiveEvent[] = [];
    if (target.moderation === 'hidden') {
      // Then recorded: its audience is whoever sees it again.
      await setModeration(trx, targetType, targetId, null);
      const event = { type: 'content.restored' as const, spaceId: target.spaceId, targetType, targetId, postId: target.postId, authorId: target.authorId };
      out.push(await recordEvent(trx, now, target.spaceId, await withCommentCount(trx, event)));
    }
    const resolved = await resolveReports(trx, targetType, targetId, now.toISOString());
    await appendAudit(trx, now, [
      { action: 'content.restore', actorId: actor.id, targetType, targetId, spaceId: target.spaceId, detail: { authorId: target.authorId, reports: resolved, was: target.moderation ?? 'visible' } },
    ]);
    out.push(await queueChanged(trx, now, target.spaceId));
    return out;
  });
  await afterCommit(ctx, events);
}

/** An owner publishes a post the word filter held: readers get its `post.created` now, and its mentions their notifications. */
export async function releasePost(ctx: ServerContext, actor: Actor, postId: string): Promise<void> {
  const target = await moderatedTarget(ctx, actor, 'post', postId);
  if (target.moderation !== 'held') throw new HttpProblem('conflict', 'The post is not held for review');
  const now = ctx.now();
  const events = await eventTransaction(ctx.db, async (trx) => {
    await setModeration(trx, 'post', postId, null);
    const resolved = await resolveReports(trx, 'post', postId, now.toISOString());
    const row = await findPost(trx, postId);
    if (!row) throw notFound('Post');
    // As nobody in particular sees it; the stream shapes it per viewer (as a scheduled post's publication).
    const nobody = { id: '', roleIn: () => null, secret: ctx.ballotSecret, now };
    const [view] = await postViews(trx, nobody, [row], ctx.reactionKinds);
    if (!view) throw notFound('Post');
    const post: Post = view.polls ? { ...view, polls: view.polls.map(({ results: _results, ...poll }) => poll) } : view;
    const created = await recordEvent(trx, now, target.spaceId, { type: 'post.created', spaceId: target.spaceId, post });
    await appendAudit(trx, now, [
      { action: 'post.released', actorId: actor.id, targetType: 'post', targetId: postId, spaceId: target.spaceId, detail: { authorId: target.authorId, reports: resolved } },
    ]);
    return [created, ...(await announceHeldNotifications(trx, postId, now)), await queueChanged(trx, now, target.spaceId)];
  });
  await afterCommit(ctx, events);
}

/** A space's word filter; owners only. */
export async function readWordFilters(ctx: ServerContext, actor: Actor, spaceId: string): Promise<WordFilters> {
  await requireModeratedSpace(ctx, actor, spaceId);
  return { words: await wordFiltersOf(ctx.db, spaceId) };
}

/** Sets a space's word filter (owners only): entries trimmed, blanks and duplicates dropped. */
export async function setWordFilters(ctx: ServerContext, actor: Actor, spaceId: string, request: WordFilters): Promise<WordFilters> {
  await requireModeratedSpace(ctx, actor, spaceId);
  const errors = wordFilterErrors(request.words);
  if (errors.length > 0) throw new HttpProblem('validation_failed', INVALID_REQUEST_TITLE, errors.map((e) => ({ ...e, path: `/body${e.path}` })));
  const words = normalizeWordFilters(request.words);
  const now = ctx.now();
  await eventTransaction(ctx.db, async (trx) => {
    const before = await wordFiltersOf(trx, spaceId);
    await replaceWordFilters(trx, spaceId, words);
    await appendAudit(trx, now, [
      { action: 'moderation.word_filters', actorId: actor.id, targetType: 'space', targetId: spaceId, spaceId, detail: { before: before.length, after: words.length } },
    ]);
  });
  return { words };
}

/**
 * The words of the space's filter that `texts` contain, when `authorId`'s
 * post there must be held for review (`role`: the author's there); empty when it publishes at once (the
 * space's owners are never held: they would release it themselves).
 */
export async function heldFor(db: Kysely<Database>, role: Role | null, spaceId: string, texts: readonly string[]): Promise<string[]> {
  if (canModerate(role)) return [];
  const words = await wordFiltersOf(db, spaceId);
  return wordFilterMatches(texts, words);
}

/** Records a post held for review, in its publication's transaction: its audit entry and the owners' queue event. */
export async function recordHeldPost(trx: EventTransaction, now: Date, post: { id: string; spaceId: string; authorId: string }, words: readonly string[]): Promise<StoredLiveEvent> {
  await appendAudit(trx, now, [{ action: 'post.held', actorId: post.authorId, targetType: 'post', targetId: post.id, spaceId: post.spaceId, detail: { words: [...words] } }]);
  return queueChanged(trx, now, post.spaceId);
}
