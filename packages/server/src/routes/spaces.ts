import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FEED_LIMIT_DEFAULT, FeedPage, FeedQuery, Space, SpaceList, SpaceQuery, routes } from '@ecotone/protocol';
import { listedSpaces, requireListedSpace, requireReadableSpace } from '../authz.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { notFound } from '../errors.js';
import { postViews } from '../post-view.js';
import { pollViewerOf } from '../poll-view.js';
import { effectiveTime, listFeed, listPinned, type FeedViewer } from '../repositories/posts.js';
import { spaceViews } from '../space-view.js';
import { searchWords } from '../text-folding.js';
import { apiPath } from './paths.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });

export const spaceRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.spaces),
    { schema: { querystring: SpaceQuery, response: { 200: SpaceList } } },
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

  app.get(
    apiPath(routes.feed, ':space'),
    { schema: { params: SpaceParams, querystring: FeedQuery, response: { 200: FeedPage } } },
    async (request): Promise<FeedPage> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      const { space, role } = await requireReadableSpace(db, request.actor, request.params.space);
      const limit = request.query.limit ?? FEED_LIMIT_DEFAULT;
      const after = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      const viewer = await pollViewerOf(ctx, request.actor.id);
      // Drafts (scheduled posts) show only to their author and the space's owners.
      const feedViewer: FeedViewer = { viewerId: request.actor.id, seesDrafts: role === 'owner', now: viewer.now.toISOString() };
      // One extra row tells whether a next page exists without a count query.
      const rows = await listFeed(db, space.id, after, limit + 1, feedViewer);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      // Pinned posts head the first page only, and never repeat in items.
      const pinned = after ? null : await listPinned(db, space.id, feedViewer);
      return {
        items: await postViews(db, viewer, page, reactionKinds),
        nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: effectiveTime(last.post), id: last.post.id }) : null,
        ...(pinned ? { pinned: await postViews(db, viewer, pinned, reactionKinds) } : {}),
      };
    },
  );
};
