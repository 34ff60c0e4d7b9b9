import type { FastifyPluginAsync } from 'fastify';
import { routes } from '@ecotone/protocol';
import { Me } from '@ecotone/protocol/schemas';
import { listLabelledMemberships, listMemberships } from '../spaces/space-repository.js';
import { clearanceOf } from '../policy/classification.js';
import { apiPath } from '../http/paths.js';

export const meRoutes: FastifyPluginAsync = async (app) => {
  app.get(apiPath(routes.me), { schema: { response: { 200: Me } } }, async (request): Promise<Me> => {
    const { db, reactionKinds, previews, auditors, classification } = app.ecotone;
    return {
      actor: request.actor,
      // On a server with labels, each membership says its space's label (elements show it).
      memberships:
        classification.order.length > 0
          ? await listLabelledMemberships(db, request.actor.id, classification.order)
          : await listMemberships(db, request.actor.id),
      reactionKinds: [...reactionKinds],
      capabilities: { previews: previews.enabled },
      ...(auditors.has(request.actor.id) ? { auditor: true as const } : {}),
      ...(classification.order.length > 0
        ? { classification: { labels: [...classification.labels], clearance: clearanceOf(request.actor) ?? classification.order[0]! } }
        : {}),
    };
  });
};
