import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { Space, SpaceCapabilitiesUpdate, SpaceList, SpaceQuery } from '@ecotone/protocol/schemas';
import { listedSpaces, requireListedSpace } from '../policy/authz.js';
import { notFound } from '../http/errors.js';
import { searchWords } from '../search/text-folding.js';
import { apiPath } from '../http/paths.js';
import { spaceViews } from './space-view.js';
import { changeCapabilities } from './capability-service.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });

/** The directory of spaces and one space; their feeds are in posts/feed-routes.ts. */
export const spaceRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.spaces),
    // The directory searches names and descriptions (`q`).
    { schema: { querystring: SpaceQuery, response: { 200: SpaceList } }, config: { limitClass: 'search' } },
    async (request): Promise<SpaceList> => {
      const { db } = app.ecotone;
      const { site, q, mine } = request.query;
      const words = q === undefined ? [] : searchWords(q);
      const listed = await listedSpaces(db, request.actor, {
        ...(site !== undefined ? { site } : {}),
        ...(words.length > 0 ? { words } : {}),
        ...(mine ? { mine } : {}),
      });
      return { items: await spaceViews(db, request.actor.id, listed) };
    },
  );

  app.get(
    apiPath(routes.space, ':space'),
    { schema: { params: SpaceParams, response: { 200: Space } } },
    async (request): Promise<Space> => {
      const { db } = app.ecotone;
      const access = await requireListedSpace(db, request.actor, request.params.space);
      const [view] = await spaceViews(db, request.actor.id, [access]);
      if (!view) throw notFound('Space');
      return view;
    },
  );

  // Owners switch the space's features on or off (capability-service.ts).
  app.put(
    apiPath(routes.spaceCapabilities, ':space'),
    { schema: { params: SpaceParams, body: SpaceCapabilitiesUpdate, response: { 200: Space } } },
    async (request): Promise<Space> => changeCapabilities(app.ecotone, request.actor, request.params.space, request.body),
  );
};
