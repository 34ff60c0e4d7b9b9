import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { Post, WatchOpmlImport, WatchOpmlResult, WatchSource, WatchSourceDraft, WatchSourceList, WatchTriageRequest } from '@ecotone/protocol/schemas';
import { sendCreated } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import { addWatchSource, exportWatchOpml, importWatchOpml, listWatchSources, removeWatchSource, triageWatchPost } from './watch-service.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });
const SourceParams = Type.Object({ source: Type.String({ minLength: 1, maxLength: 64 }) });
const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });

/** Technology-watch sources and triage: the rules are in watch-service.ts. */
export const watchRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.watchSources, ':space'),
    { schema: { params: SpaceParams, response: { 200: WatchSourceList } } },
    async (request): Promise<WatchSourceList> => listWatchSources(app.ecotone, request.actor, request.params.space),
  );

  app.post(
    apiPath(routes.watchSources, ':space'),
    { schema: { params: SpaceParams, body: WatchSourceDraft, response: { 200: WatchSource, 201: WatchSource } } },
    async (request, reply): Promise<WatchSource> => sendCreated(reply, await addWatchSource(app.ecotone, request.actor, request.params.space, request.body)),
  );

  app.delete(
    apiPath(routes.watchSource, ':source'),
    { schema: { params: SourceParams } },
    async (request, reply) => {
      await removeWatchSource(app.ecotone, request.actor, request.params.source);
      return reply.code(204).send();
    },
  );

  app.post(
    apiPath(routes.watchOpml, ':space'),
    { schema: { params: SpaceParams, body: WatchOpmlImport, response: { 200: WatchOpmlResult } } },
    async (request): Promise<WatchOpmlResult> => importWatchOpml(app.ecotone, request.actor, request.params.space, request.body.opml),
  );

  app.get(
    apiPath(routes.watchOpml, ':space'),
    { schema: { params: SpaceParams } },
    async (request, reply) => {
      const { name, opml } = await exportWatchOpml(app.ecotone, request.actor, request.params.space);
      return reply
        .type('text/x-opml; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}-watch.opml`)}`)
        .header('cache-control', 'no-store')
        .send(opml);
    },
  );

  app.post(
    apiPath(routes.watchTriage, ':post'),
    { schema: { params: PostParams, body: WatchTriageRequest, response: { 200: Post } } },
    async (request): Promise<Post> => triageWatchPost(app.ecotone, request.actor, request.params.post, request.body),
  );
};
