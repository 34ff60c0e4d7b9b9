import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { HideRequest, ModerationQueue, ModerationTargetParams, Report, ReportRequest, WordFilters } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import { hideContent, moderationQueue, readWordFilters, releasePost, report, restoreContent, setWordFilters } from './moderation-service.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });
const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });

/** Reports, the owners' queue, hide/restore/release and word filters: the rules are in moderation-service.ts. */
export const moderationRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    apiPath(routes.reports),
    { schema: { body: ReportRequest, response: { 200: Report, 201: Report } } },
    async (request, reply): Promise<Report> => {
      const { resource, replayed } = await report(app.ecotone, request.actor, request.body);
      return reply.code(replayed ? 200 : 201).send(resource);
    },
  );

  app.get(
    apiPath(routes.moderationQueue, ':space'),
    { schema: { params: SpaceParams, response: { 200: ModerationQueue } } },
    async (request): Promise<ModerationQueue> => moderationQueue(app.ecotone, request.actor, request.params.space),
  );

  app.post(
    apiPath(routes.hideContent, ':targetType', ':targetId'),
    { schema: { params: ModerationTargetParams, body: HideRequest } },
    async (request, reply) => {
      await hideContent(app.ecotone, request.actor, request.params.targetType, request.params.targetId, request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    apiPath(routes.restoreContent, ':targetType', ':targetId'),
    { schema: { params: ModerationTargetParams } },
    async (request, reply) => {
      await restoreContent(app.ecotone, request.actor, request.params.targetType, request.params.targetId);
      return reply.code(204).send();
    },
  );

  app.post(
    apiPath(routes.releasePost, ':post'),
    { schema: { params: PostParams } },
    async (request, reply) => {
      await releasePost(app.ecotone, request.actor, request.params.post);
      return reply.code(204).send();
    },
  );

  app.get(
    apiPath(routes.wordFilters, ':space'),
    { schema: { params: SpaceParams, response: { 200: WordFilters } } },
    async (request): Promise<WordFilters> => readWordFilters(app.ecotone, request.actor, request.params.space),
  );

  app.put(
    apiPath(routes.wordFilters, ':space'),
    { schema: { params: SpaceParams, body: WordFilters, response: { 200: WordFilters } } },
    async (request): Promise<WordFilters> => setWordFilters(app.ecotone, request.actor, request.params.space, request.body),
  );
};
