import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MULTI_FEED_SPACES_MAX, PostSearchQuery, PostSearchResult, routes } from '@ecotone/protocol';
import { searchableSpaces } from '../policy/authz.js';
import { HttpProblem } from '../http/errors.js';
import { searchVisiblePosts } from './post-search.js';
import { apiPath } from '../http/paths.js';

/** GET /posts/search: posts of readable spaces, each language searched in its own. */
export const postSearchRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.postSearch),
    { schema: { querystring: PostSearchQuery, response: { 200: PostSearchResult } }, config: { limitClass: 'search' } },
    async (request): Promise<PostSearchResult> => {
      const ctx = app.ecotone;
      const { q, spaces, cursor, limit } = request.query;
      const ids = spaces === undefined ? undefined : [...new Set(spaces.split(','))];
      if (ids && ids.length > MULTI_FEED_SPACES_MAX) {
        throw new HttpProblem('validation_failed', 'The request is not valid', [
          { path: '/query/spaces', message: `must name at most ${MULTI_FEED_SPACES_MAX} spaces` },
        ]);
      }
      const readable = await searchableSpaces(ctx.db, request.actor, ids);
      return searchVisiblePosts(ctx, request.actor, readable, { q, cursor, limit });
    },
  );
};
