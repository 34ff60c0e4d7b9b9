/**
 * The visibility matrix: open, private and secret spaces × every persona ×
 * published post and scheduled draft, through every read path. A post is
 * seen by whoever may read its space; a draft only by its author and the
 * space's owners (here the author is `owner`). What may not be seen is 404,
 * or simply absent from lists, never 403.
 */
import {
  commentsPath,
  multiFeedPath,
  pollPath,
  postPath,
  postSearchPath,
  reactionsPath,
  type Post,
  type PostSearchResult,
  type Visibility,
} from '@ecotone/protocol';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { PERSONAS, VISIBILITY_LIST, type Persona } from '../world.js';
import { spaceFeed, walkFeed } from './steps.js';

type State = 'published' | 'draft';

/** Whether a persona may read a space of this visibility at all. */
export const readsSpace = (visibility: Visibility, persona: Persona): boolean => visibility === 'open' || persona !== 'outsider';

/** Whether a persona sees the world's post in this state. */
export const seesPost = (visibility: Visibility, state: State, persona: Persona): boolean =>
  state === 'draft' ? persona === 'owner' : readsSpace(visibility, persona);

type ReadPath = (ctx: ScenarioContext, persona: Persona, visibility: Visibility, state: State, visible: boolean) => Promise<void>;

/** A by-id read: 200 with the thing when visible, 404 not_found when not. */
const byId = (path: (ctx: ScenarioContext, visibility: Visibility, state: State) => string): ReadPath =>
  async (ctx, persona, visibility, state, visible) => {
    const exchange = await ctx.call(persona, { method: 'GET', path: path(ctx, visibility, state) });
    if (visible) ctx.ok(exchange);
    else ctx.problem(exchange, 'not_found');
  };

/** A list read: the post is in it when visible; the whole list is 404 when the space cannot be read. */
const inFeed = (multi: boolean): ReadPath => async (ctx, persona, visibility, state, visible) => {
  const post = ctx.world.posts[visibility][state];
  const { ids, refused } = multi
    ? await walkFeed(ctx, persona, multiFeedPath(), { spaces: ctx.world.spaces[visibility] }, post.id)
    : await walkFeed(ctx, persona, spaceFeed(ctx, visibility), {}, post.id);
  if (!readsSpace(visibility, persona)) {
    if (!refused) return ctx.fail(`expected the feed to be refused (404), it answered ${ids.length} posts`);
    ctx.problem(refused, 'not_found');
    return;
  }
  ctx.check(!refused, 'the feed was refused', refused ?? undefined);
  if (visible) ctx.check(ids.includes(post.id), `the ${state} post ${post.id} is missing from the feed`);
  else ctx.check(!ids.includes(post.id), `the ${state} post ${post.id} leaked into the feed`);
};

const inSearch: ReadPath = async (ctx, persona, visibility, state, visible) => {
  const post = ctx.world.posts[visibility][state];
  const exchange = await ctx.call(persona, { method: 'GET', path: postSearchPath(), query: { q: post.word } });
  const result = ctx.ok<PostSearchResult>(exchange);
  const found = result.items.some((hit) => hit.post.id === post.id);
  if (visible) ctx.check(found, `search for "${post.word}" did not find the ${state} post`);
  else {
    ctx.check(!found, `search for "${post.word}" found the ${state} post`);
    ctx.check(result.total === 0, `search counts ${result.total} invisible post(s) in total`);
  }
};

const postById: ReadPath = async (ctx, persona, visibility, state, visible) => {
  await byId((c, v, s) => postPath(c.world.posts[v][s].id))(ctx, persona, visibility, state, visible);
  if (visible && state === 'draft') {
    const post = ctx.last!.response.body as Post;
    ctx.check(typeof post.publishAt === 'string', 'a draft shown to its author has no `publishAt`');
  }
};

const READ_PATHS: Record<string, ReadPath> = {
  'the post by id': postById,
  'its space feed': inFeed(false),
  'the multi-space feed': inFeed(true),
  'post search': inSearch,
  'its comments': byId((c, v, s) => commentsPath(c.world.posts[v][s].id)),
  'its reactions': byId((c, v, s) => reactionsPath(c.world.posts[v][s].id)),
  'its poll': byId((c, v, s) => pollPath(c.world.posts[v][s].pollId)),
};

export const visibilityScenarios: Scenario[] = VISIBILITY_LIST.flatMap((visibility) =>
  (['published', 'draft'] as const).flatMap((state) =>
    PERSONAS.flatMap((persona) =>
      Object.entries(READ_PATHS).map(([label, read]): Scenario => {
        const visible = seesPost(visibility, state, persona);
        return {
          feature: 'visibility',
          name: `${visibility} space, ${state} post: the ${persona} ${visible ? 'sees' : 'does not see'} it through ${label}`,
          run: (ctx) => read(ctx, persona, visibility, state, visible),
        };
      }),
    ),
  ),
);
