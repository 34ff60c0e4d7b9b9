import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { MovePostRequest, Post, PostPatch, PublishRequest, TranslationRequest } from '@ecotone/protocol/schemas';
import { IdempotencyHeaders, sendCreated } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import { editPost, publishPost, readPost, removePost, translatePost } from './post-service.js';
import { movePost } from './post-move.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });
const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });

/** Publishing, reading, editing, deleting, moving and translating posts: the rules are in post-service.ts and post-move.ts. */
export const postRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    apiPath(routes.publish, ':space'),
    {
      schema: {
        params: SpaceParams,
        headers: IdempotencyHeaders,
        body: PublishRequest,
        response: { 200: Post, 201: Post },
      },
    },
    async (request, reply): Promise<Post> => {
      const created = await publishPost(
        app.ecotone,
        request.actor,
        request.params.space,
        request.body,
        request.headers['idempotency-key'],
      );
      return sendCreated(reply, created);
    },
  );

  app.get(
    apiPath(routes.post, ':post'),
    { schema: { params: PostParams, response: { 200: Post } } },
    async (request): Promise<Post> => readPost(app.ecotone, request.actor, request.params.post),
  );

  app.patch(
    apiPath(routes.post, ':post'),
    { schema: { params: PostParams, body: PostPatch, response: { 200: Post } } },
    async (request): Promise<Post> => editPost(app.ecotone, request.actor, request.params.post, request.body),
  );

  app.delete(
    apiPath(routes.post, ':post'),
    { schema: { params: PostParams } },
    async (request, reply) => {
      await removePost(app.ecotone, request.actor, request.params.post);
      return reply.code(204).send();
    },
  );

  app.post(
    apiPath(routes.movePost, ':post'),
    { schema: { params: PostParams, body: MovePostRequest, response: { 200: Post } } },
    async (request): Promise<Post> => movePost(app.ecotone, request.actor, request.params.post, request.body.spaceId),
  );

  app.post(
    apiPath(routes.translations, ':post'),
    { schema: { params: PostParams, body: TranslationRequest, response: { 200: Post } } },
    async (request): Promise<Post> => translatePost(app.ecotone, request.actor, request.params.post, request.body.locale),
  );
};
