import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { FeedPage, FeedQuery, MultiFeedQuery, Post } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import { multiSpaceFeed, spaceFeed } from './feed-service.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });

/** The wire post's schema, as Fastify compiles serialisers from it (one object: compiled once per route). */
const POST_SCHEMA: Record<string, unknown> = { ...Post };

/** Sends JSON made by the route, as text or bytes (its parts were serialised with the route's schemas). */
function sendJsonText(reply: FastifyReply, json: string | Buffer): FastifyReply {
  reply.header('content-type', 'application/json; charset=utf-8');
  // Bytes are sent as they are; text would go through the route's serialiser.
  return typeof json === 'string' ? reply.serializer((payload: unknown) => payload as string).send(json) : reply.send(json);
}

/** The feed of one space and of several at once: pages are built (and kept) in feed-service.ts. */
export const feedRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.feed, ':space'),
    { schema: { params: SpaceParams, querystring: FeedQuery, response: { 200: FeedPage } } },
    async (request, reply) => {
      const serializePost = reply.compileSerializationSchema(POST_SCHEMA);
      return sendJsonText(reply, await spaceFeed(app.ecotone, request.actor, request.params.space, request.query, serializePost));
    },
  );

  app.get(
    apiPath(routes.multiFeed),
    { schema: { querystring: MultiFeedQuery, response: { 200: FeedPage } } },
    async (request, reply) => {
      const serializePost = reply.compileSerializationSchema(POST_SCHEMA);
      return sendJsonText(reply, await multiSpaceFeed(app.ecotone, request.actor, request.query.spaces, request.query, serializePost));
    },
  );
};
