import type { FastifyPluginAsync } from 'fastify';
import { routes } from '@ecotone/protocol';
import { Me } from '@ecotone/protocol/schemas';
import { clearanceOf } from '../policy/classification.js';
import { listMeMemberships } from '../spaces/space-repository.js';
import { apiPath } from '../http/paths.js';

export const meRoutes: FastifyPluginAsync = async (app) => {
  app.get(apiPath(routes.me), { schema: { response: { 200: Me } } }, async (request): Promise<Me> => {
    const { db, reactionKinds, previews, auditors, classification } = app.ecotone;
    return {
      actor: request.actor,
      // Each membership says what its space offers and, on a server with labels, its label (elements show both).
      memberships: await listMeMemberships(db, request.actor.id, classification.order),
      reactionKinds: [...reactionKinds],
      capabilities: { previews: previews.enabled },
      ...(auditors.has(request.actor.id) ? { auditor: true as const } : {}),
      ...(classification.order.length > 0
        ? { classification: { labels: [...classification.labels], clearance: clearanceOf(request.actor) ?? classification.order[0]! } }
        : {}),
    };
  });
};
