import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  FEED_LIMIT_DEFAULT,
  FeedPage,
  FeedQuery,
  MULTI_FEED_SPACES_MAX,
  MultiFeedQuery,
  Space,
  SpaceList,
  SpaceQuery,
  routes,
  type Actor,
} from '@ecotone/protocol';
import { listedSpaces, requireListedSpace, requireReadableSpace, requireReadableSpaces, type SpaceAccess } from '../authz.js';
import type { ServerContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { HttpProblem, notFound } from '../errors.js';
import { loadSharedPostFacts, postViewsOf, seesEveryDraft } from '../post-view.js';
import type { SharedFeedPage } from '../feed-cache.js';
import { pollViewerOf } from '../poll-view.js';
import { effectiveTime, hasScheduledPosts, listFeed, listPinned, nextPostDueIn } from '../repositories/posts.js';
import type { FeedViewer } from '../repositories/post-visibility.js';
import { spaceViews } from '../space-view.js';
import { searchWords } from '../text-folding.js';
import { apiPath } from './paths.js';

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * One page of the feed over the given readable spaces (one or several),
 * newest first; pinned posts of all of them head the first page.
 */
async function feedPage(
  ctx: ServerContext,
  actor: Actor,
  spaces: readonly SpaceAccess[],
  query: { cursor?: string | undefined; limit?: number | undefined },
): Promise<FeedPage> {
  const { db, reactionKinds } = ctx;
  const limit = query.limit ?? FEED_LIMIT_DEFAULT;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const viewer = await pollViewerOf(ctx, actor.id);
  const ids = spaces.map(({ space }) => space.id);
  // Drafts (scheduled posts) show only to their author and, space by space, its owners.
  const feedViewer: FeedViewer = {
    viewerId: actor.id,
    seesDraftsIn: spaces.filter(({ role }) => seesEveryDraft(role)).map(({ space }) => space.id),
    now: viewer.now.toISOString(),
  };
  const read = async (): Promise<Omit<SharedFeedPage, 'changesAt'>> => {
    // One extra row tells whether a next page exists without a count query.
    const rows = await listFeed(db, ids, after, limit + 1, feedViewer);
    // Pinned posts head the first page only, and never repeat in items.
    const pinned = after ? null : await listPinned(db, ids, feedViewer);
    return { rows, pinned, shared: await loadSharedPostFacts(db, [...rows.slice(0, limit), ...(pinned ?? [])]) };
  };
  // A kept page also knows when time alone changes it: a scheduled post's time, a pin's end.
  const readToKeep = async (): Promise<SharedFeedPage> => {
    const [page, nextScheduled] = await Promise.all([read(), nextPostDueIn(db, ids)]);
    const changes = [nextScheduled, ...(page.pinned ?? []).map((r) => r.post.pinned_until)]
      .filter((at): at is string => at !== null)
      .map((at) => Date.parse(at));
    return { ...page, changesAt: changes.length > 0 ? Math.min(...changes) : null };
  };
  // Those who may see drafts here read their own page; everyone else shares one.
  const alike = feedViewer.seesDraftsIn.length === 0 && !(await hasScheduledPosts(db, actor.id, ids));
  const { rows, pinned, shared } = alike
    ? await ctx.feedCache.page(`${ids.join(',')}|${query.cursor ?? ''}|${limit}`, ids, readToKeep)
    : await read();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // The reader's own part of the page and of the pinned posts, read once for both.
  const views = await postViewsOf(db, viewer, [...page, ...(pinned ?? [])], shared, reactionKinds);
  return {
    items: views.slice(0, page.length),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: effectiveTime(last.post), id: last.post.id }) : null,
    ...(pinned ? { pinned: views.slice(page.length) } : {}),
  };
}

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

  app.get(
    apiPath(routes.feed, ':space'),
    { schema: { params: SpaceParams, querystring: FeedQuery, response: { 200: FeedPage } } },
    async (request): Promise<FeedPage> => {
      const access = await requireReadableSpace(app.ecotone.db, request.actor, request.params.space);
      return feedPage(app.ecotone, request.actor, [access], request.query);
    },
  );

  app.get(
    apiPath(routes.multiFeed),
    { schema: { querystring: MultiFeedQuery, response: { 200: FeedPage } } },
    async (request): Promise<FeedPage> => {
      const ids = [...new Set(request.query.spaces.split(','))];
      if (ids.length > MULTI_FEED_SPACES_MAX) {
        throw new HttpProblem('validation_failed', 'The request is not valid', [
          { path: '/query/spaces', message: `must name at most ${MULTI_FEED_SPACES_MAX} spaces` },
        ]);
      }
      const spaces = await requireReadableSpaces(app.ecotone.db, request.actor, ids);
      return feedPage(app.ecotone, request.actor, spaces, request.query);
    },
  );
};
