import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  Comment,
  CommentDraft,
  CommentPage,
  CommentPatch,
  CommentQuery,
  normalizeBody,
  routes,
  type Locale,
} from '@ecotone/protocol';
import {
  requireCommentablePost,
  requireDeletableComment,
  requireEditableComment,
  requireReadablePost,
} from '../policy/authz.js';
import { anonymousComment, commentViews } from './comment-view.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import type { Database } from '../db/schema.js';
import { HttpProblem, notFound } from '../http/errors.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { afterCommit, recordEvent } from '../live/record.js';
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
import { IdempotencyHeaders, idempotentTransaction, markReplayed } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import type { Kysely } from 'kysely';

/** Random bytes in a comment id (base64url: 16 characters). */
const COMMENT_ID_BYTES = 12;
/** Page size when the query names none. */
const COMMENT_LIMIT_DEFAULT = 50;

const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });
const CommentParams = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 64 }) });

async function commentCountOf(db: Kysely<Database>, postId: string): Promise<number> {
  return (await countComments(db, [postId])).get(postId) ?? 0;
}

export const commentRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  /** Stored events carry nothing per viewer; delivery fills in rights and own reactions. */
  const storedComment = async (db: Kysely<Database>, row: CommentWithAuthorRow): Promise<Comment> => {
    const [view] = await commentViews(db, { id: '', role: null }, [row], app.ecotone.reactionKinds);
    if (!view) throw notFound('Comment');
    return anonymousComment(view);
  };

  app.get(
    apiPath(routes.comments, ':post'),
    { schema: { params: PostParams, querystring: CommentQuery, response: { 200: CommentPage } } },
    async (request): Promise<CommentPage> => {
      const { db, reactionKinds } = app.ecotone;
      const { row: post, role } = await requireReadablePost(db, request.actor, request.params.post, app.ecotone.now());
      const limit = request.query.limit ?? COMMENT_LIMIT_DEFAULT;
      const after = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      // One extra row tells whether a next page exists without a count query.
      const rows = await listComments(db, post.post.id, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await commentViews(db, { id: request.actor.id, role }, page, reactionKinds),
        nextCursor:
          rows.length > limit && last ? encodeCursor({ createdAt: last.comment.created_at, id: last.comment.id }) : null,
      };
    },
  );

  app.post(
    apiPath(routes.comments, ':post'),
    { schema: { params: PostParams, headers: IdempotencyHeaders, body: CommentDraft, response: { 201: Comment } } },
    async (request, reply): Promise<Comment> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      const actor = request.actor;
      const { row: post, role } = await requireCommentablePost(db, actor, request.params.post, ctx.now());
      const parentId = request.body.parentId ?? null;
      if (parentId !== null) {
        const parent = await findComment(db, parentId);
        // One level of replies: the parent is a live top-level comment of this very post.
        const why = !parent || parent.comment.post_id !== post.post.id
          ? 'is not a comment of this post'
          : parent.comment.parent_id !== null
            ? 'is a reply; reply to its top-level comment instead'
            : parent.comment.deleted_at !== null
              ? 'is deleted'
              : null;
        if (why) throw new HttpProblem('validation_failed', 'The request is not valid', [{ path: '/body/parentId', message: why }]);
      }
      const now = ctx.now();
      const id = randomBytes(COMMENT_ID_BYTES).toString('base64url');
      const locale: Locale = request.body.locale ?? actor.locale;
      const write = {
        actorId: actor.id,
        key: request.headers['idempotency-key'],
        scope: 'comment',
        request: [post.post.id, request.body],
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
          body: normalizeBody(request.body.body),
          locale,
          created_at: now.toISOString(),
          edited_at: null,
          deleted_at: null,
        });
        const row = await findComment(trx, id);
        if (!row) throw notFound('Comment');
        return recordEvent(trx, now, post.post.space_id, {
          type: 'comment.created',
          spaceId: post.post.space_id,
          postId: post.post.id,
          comment: await storedComment(trx, row),
          commentCount: await commentCountOf(trx, post.post.id),
        });
      });
      if ('replayOf' in outcome) markReplayed(reply);
      else await afterCommit(ctx, [outcome.created]);
      const row = await findComment(db, 'replayOf' in outcome ? outcome.replayOf : id);
      if (!row) throw notFound('Comment');
      const [view] = await commentViews(db, { id: actor.id, role }, [row], reactionKinds);
      if (!view) throw notFound('Comment');
      return reply.code(201).send(view);
    },
  );

  app.patch(
    apiPath(routes.comment, ':comment'),
    { schema: { params: CommentParams, body: CommentPatch, response: { 200: Comment } } },
    async (request): Promise<Comment> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      const { row, role } = await requireEditableComment(db, request.actor, request.params.comment, ctx.now());
      const now = ctx.now();
      const event = await db.transaction().execute(async (trx) => {
        await updateCommentBody(trx, row.comment.id, normalizeBody(request.body.body), now.toISOString());
        const updated = await findComment(trx, row.comment.id);
        if (!updated) throw notFound('Comment');
        return recordEvent(trx, now, row.comment.space_id, {
          type: 'comment.updated',
          spaceId: row.comment.space_id,
          postId: row.comment.post_id,
          comment: await storedComment(trx, updated),
          commentCount: await commentCountOf(trx, row.comment.post_id),
        });
      });
      await afterCommit(ctx, [event]);
      const updated = await findComment(db, row.comment.id);
      if (!updated) throw notFound('Comment');
      const [view] = await commentViews(db, { id: request.actor.id, role }, [updated], reactionKinds);
      if (!view) throw notFound('Comment');
      return view;
    },
  );

  app.delete(
    apiPath(routes.comment, ':comment'),
    { schema: { params: CommentParams } },
    async (request, reply) => {
      const ctx = app.ecotone;
      const { db } = ctx;
      const { row } = await requireDeletableComment(db, request.actor, request.params.comment, ctx.now());
      const { id, post_id: postId, space_id: spaceId, parent_id: parentId } = row.comment;
      const now = ctx.now();
      const events = await db.transaction().execute(async (trx) => {
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
        const commentCount = await commentCountOf(trx, postId);
        const recorded: StoredLiveEvent[] = [];
        for (const commentId of gone) {
          recorded.push(await recordEvent(trx, now, spaceId, { type: 'comment.deleted', spaceId, postId, commentId, commentCount }));
        }
        return recorded;
      });
      await afterCommit(ctx, events);
      return reply.code(204).send();
    },
  );
};
