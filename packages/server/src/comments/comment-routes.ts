import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { Comment, CommentDraft, CommentPage, CommentPatch, CommentQuery } from '@ecotone/protocol/schemas';
import { IdempotencyHeaders, sendCreated } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import { addComment, deleteComment, editComment, listPostComments } from './comment-service.js';

const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });
const CommentParams = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 64 }) });

/** Comments and replies: the rules are in comment-service.ts. */
export const commentRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.comments, ':post'),
    { schema: { params: PostParams, querystring: CommentQuery, response: { 200: CommentPage } } },
    async (request): Promise<CommentPage> => listPostComments(app.ecotone, request.actor, request.params.post, request.query),
  );

  app.post(
    apiPath(routes.comments, ':post'),
    { schema: { params: PostParams, headers: IdempotencyHeaders, body: CommentDraft, response: { 201: Comment } } },
    async (request, reply): Promise<Comment> => {
      const created = await addComment(
        app.ecotone,
        request.actor,
        request.params.post,
        request.body,
        request.headers['idempotency-key'],
      );
      return sendCreated(reply, created);
    },
  );

  app.patch(
    apiPath(routes.comment, ':comment'),
    { schema: { params: CommentParams, body: CommentPatch, response: { 200: Comment } } },
    async (request): Promise<Comment> => editComment(app.ecotone, request.actor, request.params.comment, request.body),
  );

  app.delete(
    apiPath(routes.comment, ':comment'),
    { schema: { params: CommentParams } },
    async (request, reply) => {
      await deleteComment(app.ecotone, request.actor, request.params.comment);
      return reply.code(204).send();
    },
  );
};
