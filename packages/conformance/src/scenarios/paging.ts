/** Paging: cursors walk a list without duplicates or gaps; limits are enforced. */
import { commentsPath, feedPath, membersPath, type CommentPage, type FeedPage, type MemberPage } from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';
import { publish } from './steps.js';

const POSTS = 5;

export const pagingScenarios: Scenario[] = [
  {
    feature: 'paging',
    name: `a feed walked two at a time gives the ${POSTS} newest posts newest first, each once`,
    async run(ctx) {
      const made: string[] = [];
      for (let i = 0; i < POSTS; i++) made.push((await publish(ctx, 'member', 'secret')).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < POSTS; page++) {
        const body: FeedPage = ctx.ok<FeedPage>(
          await ctx.call('reader', { method: 'GET', path: feedPath(ctx.world.spaces.secret), query: { limit: 2, ...(cursor ? { cursor } : {}) } }),
        );
        ctx.check(body.items.length <= 2, `a page of limit 2 has ${body.items.length} posts`);
        seen.push(...body.items.map((p) => p.id));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      ctx.check(new Set(seen).size === seen.length, 'a post came twice');
      const newest = seen.slice(0, POSTS);
      ctx.check(newest.join() === [...made].reverse().join(), `the newest posts came as ${newest.join()}, expected ${[...made].reverse().join()}`);
    },
  },
  {
    feature: 'paging',
    name: 'a limit out of 1 to 100 is 400 validation_failed; a forged cursor 400 invalid_cursor',
    async run(ctx) {
      const path = feedPath(ctx.world.spaces.open);
      ctx.problem(await ctx.call('member', { method: 'GET', path, query: { limit: 0 } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'GET', path, query: { limit: 101 } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'GET', path, query: { cursor: 'bm90LWEtY3Vyc29y' } }), 'invalid_cursor');
    },
  },
  {
    feature: 'paging',
    name: 'comments walked two at a time come oldest first, each once, to the last page',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open');
      const made: string[] = [];
      for (let i = 0; i < POSTS; i++) {
        made.push(ctx.ok<{ id: string }>(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Comment') } }), 201).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page <= POSTS; page++) {
        const body: CommentPage = ctx.ok<CommentPage>(await ctx.call('reader', { method: 'GET', path: commentsPath(post.id), query: { limit: 2, ...(cursor ? { cursor } : {}) } }));
        seen.push(...body.items.map((c) => c.id));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      ctx.check(cursor === null, 'the last page has a nextCursor');
      ctx.check(seen.join() === made.join(), `comments came as ${seen.join()}, expected ${made.join()}`);
    },
  },
  {
    feature: 'paging',
    name: 'members walked one at a time are each listed once',
    async run(ctx) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 200; page++) {
        const body: MemberPage = ctx.ok<MemberPage>(await ctx.call('member', { method: 'GET', path: membersPath(ctx.world.spaces.secret), query: { limit: 1, ...(cursor ? { cursor } : {}) } }));
        ctx.check(body.items.length <= 1, `a page of limit 1 has ${body.items.length} members`);
        seen.push(...body.items.map((m) => m.actor.id));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      ctx.check(new Set(seen).size === seen.length, 'a member came twice');
      for (const p of ['owner', 'correspondent', 'member', 'reader']) ctx.check(seen.includes(ctx.world.actors[p]!), `${p} is missing`);
    },
  },
];
