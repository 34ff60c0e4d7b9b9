import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { ReactionSummary } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import { readReactions, setReaction } from './reaction-service.js';

const ObjectParams = Type.Object({ object: Type.String({ minLength: 1, maxLength: 64 }) });
const ReactionParams = Type.Object({
  object: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.String({ minLength: 1, maxLength: 64 }),
});

/** Reactions on posts and comments: the rules are in reaction-service.ts. */
export const reactionRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.reactions, ':object'),
    { schema: { params: ObjectParams, response: { 200: ReactionSummary } } },
    async (request): Promise<ReactionSummary> => readReactions(app.ecotone, request.actor, request.params.object),
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    const active = method === 'PUT';
    app.route({
      method,
      url: apiPath(routes.reaction, ':object', ':kind'),
      schema: { params: ReactionParams, response: { 200: ReactionSummary } },
      handler: async (request): Promise<ReactionSummary> =>
        setReaction(app.ecotone, request.actor, request.params.object, request.params.kind, active),
    });
  }
};
