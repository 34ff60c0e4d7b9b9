import { randomBytes } from 'node:crypto';
import { seesModerated } from '@ecotone/protocol/rules';
import { moderationState } from '../moderation/moderation-state.js';
import { normalizeBody, type Actor, type Comment, type CommentDraft, type CommentPage, type CommentPatch, type CommentQuery, type Locale } from '@ecotone/protocol';
import { commentNotices, commentUses, mentionedIds, replyParentErrors } from '@ecotone/protocol/rules';
import { requireSpaceCapabilities } from '../spaces/capability-service.js';
import { deleteMentions, replaceMentions, requireMentionableIn } from '../notifications/mentions.js';
import { deleteNotificationsAbout, plainExcerpt } from '../notifications/notification-repository.js';
import { NOTHING_RECORDED, recordNotices, type Notice } from '../notifications/notifier.js';
import { afterNotices } from '../notifications/notification-service.js';
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import {
  requireCommentablePost,
  requireDeletableComment,
  requireEditableComment,
  requireReadablePost,
} from '../policy/authz.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { HttpProblem, notFound } from '../http/errors.js';
import { idempotentTransaction, type Created } from '../http/idempotency.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import { appendAudit } from '../audit/audit-log.js';
import { attachFiles, releaseFiles, requireAttachable } from '../files/attachments.js';
import { anonymousComment, commentViews } from './comment-view.js';
import {
  countComments,
  hasReplies,
  findComment,
  insertComment,
  listComments,
  markCommentDeleted,
  removeComment,
  updateCommentBody,
  type CommentWithAuthorRow,
} from './comment-repository.js';

/** Random bytes in a comment id (base64url: 16 characters). */
const COMMENT_ID_BYTES = 12;
/** Page size when the query names none. */
const COMMENT_LIMIT_DEFAULT = 50;

/** The post's comments that every reader sees (hidden ones are not counted: migration 0033). */
export async function commentCountOf(db: Kysely<Database>, postId: string): Promise<number> {
  return (await countComments(db, [postId])).get(postId) ?? 0;
}

/** Stored events carry nothing per viewer; delivery fills in rights and own reactions. */
async function storedComment(ctx: ServerContext, db: Kysely<Database>, row: CommentWithAuthorRow): Promise<Comment> {
  const [view] = await commentViews(db, { id: '', role: null }, [row], ctx.reactionKinds);
  if (!view) throw notFound('Comment');
  return anonymousComment(view);
}

/** One page of a readable post's comments. */
export async function listPostComments(ctx: ServerContext, actor: Actor, postId: string, query: CommentQuery): Promise<CommentPage> {
  const { db, reactionKinds } = ctx;
  const { row: post, role } = await requireReadablePost(db, actor, postId, ctx.now());
  const limit = query.limit ?? COMMENT_LIMIT_DEFAULT;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  // One extra row tells whether a next page exists without a count query.
  const rows = await listComments(db, post.post.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // Hidden comments only for their author and the space's owners (the cursor still walks past them).
  const shown = page.filter((r) => seesModerated({ authorId: r.comment.author_id, moderation: moderationState(r.comment.moderation) }, actor.id, role));
  return {
    items: await commentViews(db, { id: actor.id, role }, shown, reactionKinds),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.comment.created_at, id: last.comment.id }) : null,
  };
}

/** Comments on a post, or replies to one of its top-level comments (one level only). */
export async function addComment(
  ctx: ServerContext,
  actor: Actor,
  postId: string,
  draft: CommentDraft,
  key: string | undefined,
): Promise<Created<Comment>> {
  const { db, reactionKinds } = ctx;
  const { row: post, role } = await requireCommentablePost(db, actor, postId, ctx.now());
  await requireSpaceCapabilities(db, post.post.space_id, commentUses(draft), reactionKinds);
  const parentId = draft.parentId ?? null;
  const body = normalizeBody(draft.body);
  const mentioned = mentionedIds(body);
  let parentAuthor: string | null = null;
  let parentExcerpt = '';
  if (parentId !== null) {
    const parent = await findComment(db, parentId);
    parentAuthor = parent?.comment.author_id ?? null;
    parentExcerpt = parent ? plainExcerpt(parent.comment.body) : '';
    // One level of replies: the parent is a live top-level comment of this very post.
    const errors = replyParentErrors(
      parent && { postId: parent.comment.post_id, parentId: parent.comment.parent_id, deleted: parent.comment.deleted_at !== null },
      post.post.id,
    );
    if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
  }
  await requireMentionableIn(db, post.post.space_id, mentioned, '/body/body');
  const attachments = draft.attachments ?? [];
  await requireAttachable(db, attachments, actor.id, post.post.space_id);
  const now = ctx.now();
  const id = randomBytes(COMMENT_ID_BYTES).toString('base64url');
  const spaceId = post.post.space_id;
  const excerpt = plainExcerpt(body);
  // The post's author hears of every comment, the replied-to comment's author of each reply: each person once.
  const told = commentNotices({ mentioned, postAuthorId: post.post.author_id, parentAuthorId: parentAuthor });
  const notices: Notice[] = [
    { kind: 'mention', recipients: told.mention, actorId: actor.id, about: { type: 'comment', id, spaceId, postId: post.post.id, excerpt } },
    { kind: 'comment', recipients: told.comment, actorId: actor.id, about: { type: 'post', id: post.post.id, spaceId, postId: post.post.id, excerpt: plainExcerpt(post.post.body) } },
    ...(parentId !== null
      ? [{ kind: 'reply' as const, recipients: told.reply, actorId: actor.id, about: { type: 'comment' as const, id: parentId, spaceId, postId: post.post.id, excerpt: parentExcerpt } }]
      : []),
  ];
  const locale: Locale = draft.locale ?? actor.locale;
  const write = {
    actorId: actor.id,
    key,
    scope: 'comment',
    request: [post.post.id, draft],
    resourceId: id,
    at: now.toISOString(),
  };
  const outcome = await idempotentTransaction(db, write, async (trx) => {
    await insertComment(trx, {
      id,
      post_id: post.post.id,
      space_id: post.post.space_id,
      parent_id: parentId,
      author_id: actor.id,
      body,
      locale,
      created_at: now.toISOString(),
      edited_at: null,
      deleted_at: null,
    });
    await replaceMentions(trx, 'comment', id, mentioned);
    await attachFiles(trx, attachments, actor.id, { type: 'comment', id });
    await appendAudit(trx, now, [
      {
        action: 'comment.create',
        actorId: actor.id,
        targetType: 'comment',
        targetId: id,
        spaceId: post.post.space_id,
        detail: { postId: post.post.id, ...(parentId ? { parentId } : {}), ...(attachments.length ? { files: attachments.map((a) => a.file) } : {}) },
      },
    ]);
    const row = await findComment(trx, id);
    if (!row) throw notFound('Comment');
    const event = await recordEvent(trx, now, post.post.space_id, {
      type: 'comment.created',
      spaceId: post.post.space_id,
      postId: post.post.id,
      comment: await storedComment(ctx, trx, row),
      commentCount: await commentCountOf(trx, post.post.id),
    });
    return { event, recorded: await recordNotices(trx, notices, now) };
  });
  const replayed = 'replayOf' in outcome;
  if (!replayed) await afterNotices(ctx, outcome.created.recorded, [outcome.created.event]);
  const row = await findComment(db, 'replayOf' in outcome ? outcome.replayOf : id);
  if (!row) throw notFound('Comment');
  const [view] = await commentViews(db, { id: actor.id, role }, [row], reactionKinds);
  if (!view) throw notFound('Comment');
  return { resource: view, replayed };
}

/** Changes the body of the caller's own comment. */
export async function editComment(ctx: ServerContext, actor: Actor, commentId: string, patch: CommentPatch): Promise<Comment> {
  const { db, reactionKinds } = ctx;
  const { row, role } = await requireEditableComment(db, actor, commentId, ctx.now());
  const body = normalizeBody(patch.body);
  const mentioned = mentionedIds(body);
  await requireMentionableIn(db, row.comment.space_id, mentioned, '/body/body', { type: 'comment', id: row.comment.id });
  const now = ctx.now();
  const { event, recorded } = await eventTransaction(db, async (trx) => {
    await updateCommentBody(trx, row.comment.id, body, now.toISOString());
    await appendAudit(trx, now, [{ action: 'comment.edit', actorId: actor.id, targetType: 'comment', targetId: row.comment.id, spaceId: row.comment.space_id, detail: { postId: row.comment.post_id } }]);
    // Only people the edit adds are notified.
    const added = await replaceMentions(trx, 'comment', row.comment.id, mentioned);
    const updated = await findComment(trx, row.comment.id);
    if (!updated) throw notFound('Comment');
    const event = await recordEvent(trx, now, row.comment.space_id, {
      type: 'comment.updated',
      spaceId: row.comment.space_id,
      postId: row.comment.post_id,
      comment: await storedComment(ctx, trx, updated),
      commentCount: await commentCountOf(trx, row.comment.post_id),
    });
    const about = { type: 'comment' as const, id: row.comment.id, spaceId: row.comment.space_id, postId: row.comment.post_id, excerpt: plainExcerpt(body) };
    const recorded = added.length > 0 ? await recordNotices(trx, [{ kind: 'mention', recipients: added, actorId: actor.id, about }], now) : NOTHING_RECORDED;
    return { event, recorded };
  });
  await afterNotices(ctx, recorded, [event]);
  const updated = await findComment(db, row.comment.id);
  if (!updated) throw notFound('Comment');
  const [view] = await commentViews(db, { id: actor.id, role }, [updated], reactionKinds);
  if (!view) throw notFound('Comment');
  return view;
}

/** Deletes a comment, or leaves a placeholder while it has replies. */
export async function deleteComment(ctx: ServerContext, actor: Actor, commentId: string): Promise<void> {
  const { db } = ctx;
  const { row } = await requireDeletableComment(db, actor, commentId, ctx.now());
  const { id, post_id: postId, space_id: spaceId, parent_id: parentId } = row.comment;
  const now = ctx.now();
  const events = await eventTransaction(db, async (trx) => {
    await appendAudit(trx, now, [{ action: 'comment.delete', actorId: actor.id, targetType: 'comment', targetId: id, spaceId, detail: { postId, authorId: row.comment.author_id } }]);
    return eraseComment(trx, now, { id, postId, spaceId, parentId });
  });
  await afterCommit(ctx, events.recorded);
  await ctx.uploads?.removeFiles(events.files);
}

/**
 * Deletes a comment in the caller's transaction (which records its audit
 * entry), or leaves a placeholder while it has replies: a person's
 * deletion, or the space's retention (retention/purge.ts). Answers the
 * `comment.deleted` events to hand to `afterCommit` and the files whose
 * bytes go after the commit.
 */
export async function eraseComment(
  trx: EventTransaction,
  now: Date,
  comment: { id: string; postId: string; spaceId: string; parentId: string | null },
): Promise<{ recorded: StoredLiveEvent[]; files: string[] }> {
  const { id, postId, spaceId, parentId } = comment;
  const gone: string[] = [id];
  if (await hasReplies(trx, id)) {
    // Its replies stay, under a placeholder that keeps the thread readable.
    await markCommentDeleted(trx, id, now.toISOString());
  } else {
    await removeComment(trx, id);
    // The last reply of a placeholder takes the placeholder with it: nothing is left to show.
    if (parentId !== null) {
      const parent = await findComment(trx, parentId);
      if (parent && parent.comment.deleted_at !== null && !(await hasReplies(trx, parentId))) {
        await removeComment(trx, parentId);
        gone.push(parentId);
      }
    }
  }
  // What was said in it goes with it: its mentions, and what people were notified of about it.
  await deleteMentions(trx, 'comment', gone);
  await deleteNotificationsAbout(trx, { objectIds: gone });
  // Its files too, placeholder or not: unreadable from the commit on.
  const files = await releaseFiles(trx, 'comment', gone);
  const commentCount = await commentCountOf(trx, postId);
  const recorded: StoredLiveEvent[] = [];
  for (const commentId of gone) {
    recorded.push(await recordEvent(trx, now, spaceId, { type: 'comment.deleted', spaceId, postId, commentId, commentCount }));
  }
  return { recorded, files };
}
