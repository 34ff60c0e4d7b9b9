import type { FastifyPluginAsync } from 'fastify';
import { routes } from '@ecotone/protocol';
import { ActorList } from '@ecotone/protocol/schemas';
import { listActors } from './actor-repository.js';
import { apiPath } from '../http/paths.js';

/**
 * Development-only routes, registered only with `--auth dev`. The actor list
 * needs no token: it feeds the examples' user switcher before anyone is
 * signed in, and dev mode is refused in production anyway.
 */
export const devRoutes: FastifyPluginAsync = async (app) => {
  app.get(apiPath(routes.devActors), { schema: { response: { 200: ActorList } } }, async (): Promise<ActorList> => ({
    items: await listActors(app.ecotone.db),
  }));
};
