import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ReactionSummary, routes } from '@ecotone/protocol';
import { requireReactableObject } from '../policy/authz.js';
import { HttpProblem } from '../http/errors.js';
import { afterCommit, recordEvent } from '../live/record.js';
import { countsFor, reactionSummary } from '../posts/post-view.js';
import { addReaction, countReactions, removeReaction } from './reaction-repository.js';
import { apiPath } from '../http/paths.js';

const ObjectParams = Type.Object({ object: Type.String({ minLength: 1, maxLength: 64 }) });
const ReactionParams = Type.Object({
  object: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.String({ minLength: 1, maxLength: 64 }),
});

export const reactionRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.reactions, ':object'),
    { schema: { params: ObjectParams, response: { 200: ReactionSummary } } },
    async (request): Promise<ReactionSummary> => {
      const { db, reactionKinds, now } = app.ecotone;
      await requireReactableObject(db, request.actor, request.params.object, now());
      return reactionSummary(db, request.actor.id, request.params.object, reactionKinds);
    },
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    const active = method === 'PUT';
    app.route({
      method,
      url: apiPath(routes.reaction, ':object', ':kind'),
      schema: { params: ReactionParams, response: { 200: ReactionSummary } },
      handler: async (request): Promise<ReactionSummary> => {
        const ctx = app.ecotone;
        const { db, reactionKinds } = ctx;
        const { object: objectId, kind } = request.params;
        const actorId = request.actor.id;
        // Visibility first: an unknown kind on an invisible object is still 404.
        const { space } = await requireReactableObject(db, request.actor, objectId, ctx.now());
        if (!reactionKinds.includes(kind)) {
          throw new HttpProblem('unknown_reaction_kind', `Reaction kind "${kind}" is not configured on this server`);
        }
        const now = ctx.now();
        const event = await db.transaction().execute(async (trx) => {
          const changed = active
            ? await addReaction(trx, { objectId, actorId, kind, createdAt: now.toISOString() })
            : await removeReaction(trx, { objectId, actorId, kind });
          // Idempotent: a repeated PUT or DELETE changes nothing and tells nobody.
          if (!changed) return null;
          const counts = countsFor(reactionKinds, (await countReactions(trx, [objectId])).get(objectId));
          return recordEvent(trx, now, space.id, {
            type: 'reaction.changed',
            spaceId: space.id,
            objectId,
            counts,
            actorId,
            kind,
            active,
          });
        });
        if (event) await afterCommit(ctx, [event]);
        return reactionSummary(db, actorId, objectId, reactionKinds);
      },
    });
  }
};
