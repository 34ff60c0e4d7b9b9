/**
 * Moderation: anyone who reads content reports it (not their own), the
 * space's owners alone see the queue, hide (the content leaves everyone but
 * its author and the owners), restore, and hold posts with the word filter.
 */
import {
  hideContentPath,
  moderationQueuePath,
  postPath,
  publishPath,
  releasePostPath,
  reportsPath,
  restoreContentPath,
  wordFiltersPath,
  type ModerationQueue,
  type Post,
  type Report,
  type WordFilters,
} from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';

export const moderationScenarios: Scenario[] = [
  {
    feature: 'moderation',
    name: 'a reader reports a post (once), its author may not; only owners see the queue, hide it from everyone but its author, and restore it',
    needs: ['moderation'],
    async run(ctx) {
      const space = ctx.world.spaces.open;
      const post = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('Reported post') } }), 201);
      const report = { targetType: 'post', targetId: post.id, reason: 'spam', text: 'An advertisement' };
      const first = ctx.ok<Report>(await ctx.call('reader', { method: 'POST', path: reportsPath(), body: report }), 201);
      ctx.check(first.targetId === post.id && first.spaceId === space && first.reason === 'spam', `unexpected report: ${JSON.stringify(first)}`);
      const again = ctx.ok<Report>(await ctx.call('reader', { method: 'POST', path: reportsPath(), body: { ...report, reason: 'hate' } }), 200);
      ctx.check(again.id === first.id, 'a second report of the same post by the same person is a new report');
      ctx.problem(await ctx.call('member', { method: 'POST', path: reportsPath(), body: report }), 'forbidden');
      ctx.problem(await ctx.call('reader', { method: 'POST', path: reportsPath(), body: { ...report, reason: 'rude' } }), 'validation_failed');
      ctx.problem(await ctx.call('correspondent', { method: 'GET', path: moderationQueuePath(space) }), 'forbidden');
      const queue = ctx.ok<ModerationQueue>(await ctx.call('owner', { method: 'GET', path: moderationQueuePath(space) }));
      const item = queue.items.find((i) => i.targetId === post.id);
      ctx.check(item?.reports === 1 && item.reasons['spam'] === 1 && item.texts.includes('An advertisement'), `the queue does not hold the report: ${JSON.stringify(item)}`);

      ctx.problem(await ctx.call('correspondent', { method: 'POST', path: hideContentPath('post', post.id), body: { reason: 'No' } }), 'forbidden');
      ctx.problem(await ctx.call('owner', { method: 'POST', path: hideContentPath('post', post.id), body: { reason: ' ' } }), 'validation_failed');
      ctx.ok(await ctx.call('owner', { method: 'POST', path: hideContentPath('post', post.id), body: { reason: 'Advertising' } }), 204);
      ctx.problem(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }), 'not_found');
      const own = ctx.ok<Post>(await ctx.call('member', { method: 'GET', path: postPath(post.id) }));
      ctx.check(own.moderation?.state === 'hidden' && own.moderation.reason === 'Advertising', `its author does not see it marked hidden: ${JSON.stringify(own.moderation)}`);
      ctx.ok(await ctx.call('owner', { method: 'POST', path: restoreContentPath('post', post.id) }), 204);
      const back = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }));
      ctx.check(back.moderation === undefined, 'a restored post is still marked');
    },
  },
  {
    feature: 'moderation',
    name: 'the word filter holds a post (accents and case ignored) until an owner publishes it',
    needs: ['moderation'],
    async run(ctx) {
      const space = ctx.world.spaces.open;
      const word = ctx.unique('zorblax').replace(/[^A-Za-z0-9]/g, '');
      ctx.problem(await ctx.call('member', { method: 'GET', path: wordFiltersPath(space) }), 'forbidden');
      const before = ctx.ok<WordFilters>(await ctx.call('owner', { method: 'GET', path: wordFiltersPath(space) }));
      const set = ctx.ok<WordFilters>(await ctx.call('owner', { method: 'PUT', path: wordFiltersPath(space), body: { words: [...before.words, `Café ${word}`] } }));
      ctx.check(set.words.includes(`Café ${word}`), `the filter was not kept: ${JSON.stringify(set)}`);
      try {
        const held = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(space), body: { body: `A CAFE ${word.toUpperCase()} for everyone` } }), 201);
        ctx.check(held.moderation?.state === 'held', `the post was not held: ${JSON.stringify(held.moderation)}`);
        ctx.problem(await ctx.call('reader', { method: 'GET', path: postPath(held.id) }), 'not_found');
        ctx.problem(await ctx.call('member', { method: 'POST', path: releasePostPath(held.id) }), 'forbidden');
        ctx.ok(await ctx.call('owner', { method: 'POST', path: releasePostPath(held.id) }), 204);
        ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(held.id) }));
        ctx.problem(await ctx.call('owner', { method: 'POST', path: releasePostPath(held.id) }), 'conflict');
      } finally {
        ctx.ok(await ctx.call('owner', { method: 'PUT', path: wordFiltersPath(space), body: { words: before.words } }));
      }
    },
  },
];
