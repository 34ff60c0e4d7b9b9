/**
 * Idempotency: the same key from the same person gives the first answer and
 * one effect, even when the retries race; the same key for another request
 * is refused.
 */
import { commentsPath, feedPath, publishPath, spaceNotesPath, type Comment, type CommentPage, type FeedPage, type Post } from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';
import { publish } from './steps.js';

/** How many copies of one request race each other. */
const CONCURRENT_RETRIES = 6;

export const idempotencyScenarios: Scenario[] = [
  {
    feature: 'idempotency',
    name: 'publishing twice with one key answers the first post (Idempotent-Replayed) and creates one',
    async run(ctx) {
      const key = ctx.key();
      const request = { method: 'POST' as const, path: publishPath(ctx.world.spaces.open), idempotencyKey: key, body: { body: ctx.unique('Once'), locale: 'en' } };
      const first = ctx.ok<Post>(await ctx.call('member', request), 201);
      const replay = await ctx.call('member', request);
      ctx.check(ctx.ok<Post>(replay, 201).id === first.id, 'the replay answered another post', replay);
      if (ctx.has('httpHeaders')) ctx.check(replay.response.headers['idempotent-replayed'] === 'true', 'no `Idempotent-Replayed: true` on the replay', replay);
    },
  },
  {
    feature: 'idempotency',
    name: `${CONCURRENT_RETRIES} concurrent publishes with one key create one post and all answer it`,
    async run(ctx) {
      const key = ctx.key();
      const body = ctx.unique('Raced');
      const request = { method: 'POST' as const, path: publishPath(ctx.world.spaces.private), idempotencyKey: key, body: { body, locale: 'en' } };
      const answers = await Promise.all(Array.from({ length: CONCURRENT_RETRIES }, () => ctx.call('member', request)));
      const ids = new Set(answers.map((a) => ctx.ok<Post>(a, 201).id));
      ctx.check(ids.size === 1, `the retries answered ${ids.size} different posts`, answers[0]);
      const feed = ctx.ok<FeedPage>(await ctx.call('member', { method: 'GET', path: feedPath(ctx.world.spaces.private), query: { limit: 50 } }));
      const copies = feed.items.filter((p) => p.body === body).length;
      ctx.check(copies === 1, `the feed holds ${copies} copies`);
    },
  },
  {
    feature: 'idempotency',
    name: `${CONCURRENT_RETRIES} concurrent comments with one key create one comment`,
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open');
      const request = { method: 'POST' as const, path: commentsPath(post.id), idempotencyKey: ctx.key(), body: { body: ctx.unique('Raced comment') } };
      const answers = await Promise.all(Array.from({ length: CONCURRENT_RETRIES }, () => ctx.call('member', request)));
      const ids = new Set(answers.map((a) => ctx.ok<Comment>(a, 201).id));
      ctx.check(ids.size === 1, `the retries answered ${ids.size} different comments`, answers[0]);
      const page = ctx.ok<CommentPage>(await ctx.call('member', { method: 'GET', path: commentsPath(post.id) }));
      ctx.check(page.items.length === 1, `the post has ${page.items.length} comments`);
    },
  },
  {
    feature: 'idempotency',
    name: 'one key for another body, or another route, is 422 idempotency_key_reused',
    async run(ctx) {
      const key = ctx.key();
      ctx.ok(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), idempotencyKey: key, body: { body: ctx.unique('First') } }), 201);
      ctx.problem(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), idempotencyKey: key, body: { body: ctx.unique('Second') } }), 'idempotency_key_reused');
      ctx.problem(await ctx.call('member', { method: 'POST', path: spaceNotesPath(ctx.world.spaces.open), idempotencyKey: key, body: { title: 'Other route' } }), 'idempotency_key_reused');
    },
  },
  {
    feature: 'idempotency',
    name: 'keys are per person: another person’s same key creates their own post',
    async run(ctx) {
      const key = ctx.key();
      const body = { body: ctx.unique('Shared key'), locale: 'en' };
      const mine = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), idempotencyKey: key, body }), 201);
      const theirs = ctx.ok<Post>(await ctx.call('correspondent', { method: 'POST', path: publishPath(ctx.world.spaces.open), idempotencyKey: key, body }), 201);
      ctx.check(mine.id !== theirs.id && theirs.author.id === ctx.world.actors.correspondent, 'another person got the first person’s post');
    },
  },
];
