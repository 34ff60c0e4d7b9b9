/**
 * Steps several scenarios take (publish a post, walk a feed): each one a
 * checked request, so a failure still shows the request that broke it.
 */
import { feedPath, publishPath, type FeedPage, type Post, type PublishRequest, type Visibility } from '@ecotone/protocol';
import type { Caller } from '../backend.js';
import type { ScenarioContext } from '../scenario.js';

/** Pages a scenario walks at most when it looks for a post, or for its absence. */
const FEED_PAGES_MAX = 20;
const FEED_PAGE_LIMIT = 100;

/** Publishes a post with a unique body; fails the scenario unless it was created. */
export async function publish(ctx: ScenarioContext, as: Caller, visibility: Visibility, extra: Partial<PublishRequest> = {}, label = 'Conformance post'): Promise<Post> {
  const exchange = await ctx.call(as, {
    method: 'POST',
    path: publishPath(ctx.world.spaces[visibility]),
    body: { body: ctx.unique(label), locale: 'en', ...extra },
  });
  const post = ctx.ok<Post>(exchange, 201);
  ctx.check(typeof post?.id === 'string', 'the created post has no id', exchange);
  return post;
}

/**
 * Walks a feed (a space's, or `GET /feed?spaces=`) and returns every post
 * id seen, pinned ones included, or the exchange of the first page when it
 * was refused.
 */
export async function walkFeed(
  ctx: ScenarioContext,
  as: Caller,
  path: string,
  query: Record<string, string> = {},
  stopAt?: string,
): Promise<{ ids: string[]; refused: Awaited<ReturnType<ScenarioContext['call']>> | null }> {
  const ids: string[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < FEED_PAGES_MAX; page++) {
    const exchange = await ctx.call(as, { method: 'GET', path, query: { ...query, limit: FEED_PAGE_LIMIT, ...(cursor ? { cursor } : {}) } });
    if (page === 0 && exchange.response.status >= 400) return { ids, refused: exchange };
    const body = ctx.ok<FeedPage>(exchange);
    for (const post of [...(body.pinned ?? []), ...body.items]) ids.push(post.id);
    if (stopAt && ids.includes(stopAt)) break;
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return { ids, refused: null };
}

export const spaceFeed = (ctx: ScenarioContext, visibility: Visibility) => feedPath(ctx.world.spaces[visibility]);
