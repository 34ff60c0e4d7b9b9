import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { routes } from '@ecotone/protocol';
import { PostSearchQuery, PostSearchResult } from '@ecotone/protocol/schemas';
import { INVALID_REQUEST_TITLE, namedSpaces, spaceListErrors } from '@ecotone/protocol/rules';
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
      const ids = spaces === undefined ? undefined : namedSpaces(spaces);
      const errors = ids ? spaceListErrors(ids) : [];
      if (errors.length > 0) throw new HttpProblem('validation_failed', INVALID_REQUEST_TITLE, errors);
      const readable = await searchableSpaces(ctx.db, request.actor, ids);
      return searchVisiblePosts(ctx, request.actor, readable, { q, cursor, limit });
    },
  );
};
