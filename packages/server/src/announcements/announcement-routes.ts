import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { AcknowledgementSummary, PinRequest, Post } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import { acknowledgePost, acknowledgementSummary, pinPost, unpinPost } from './announcement-service.js';

const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });

/** Pinning announcements and acknowledging them: the rules are in announcement-service.ts. */
export const announcementRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.put(
    apiPath(routes.pin, ':post'),
    {
      schema: { params: PostParams, body: PinRequest, response: { 200: Post } },
      // No body at all is `{}`: pinned until unpinned.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request): Promise<Post> => pinPost(app.ecotone, request.actor, request.params.post, request.body.until),
  );

  app.delete(
    apiPath(routes.pin, ':post'),
    { schema: { params: PostParams, response: { 200: Post } } },
    async (request): Promise<Post> => unpinPost(app.ecotone, request.actor, request.params.post),
  );

  app.put(
    apiPath(routes.acknowledgements, ':post'),
    { schema: { params: PostParams, response: { 200: Post } } },
    async (request): Promise<Post> => acknowledgePost(app.ecotone, request.actor, request.params.post),
  );

  app.get(
    apiPath(routes.acknowledgements, ':post'),
    { schema: { params: PostParams, response: { 200: AcknowledgementSummary } } },
    async (request): Promise<AcknowledgementSummary> => acknowledgementSummary(app.ecotone, request.actor, request.params.post),
  );
};
