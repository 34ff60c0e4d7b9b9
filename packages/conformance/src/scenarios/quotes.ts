/**
 * Quoting and moving posts (docs/protocol.md#quoting-and-moving-posts): a
 * quote shows the quoted post only to those who may read it, a post one
 * cannot read cannot be quoted, and an owner of a space moves its posts.
 * In-process transports do neither (they answer not_found): HTTP only.
 */
import { movePostPath, postPath, publishPath, type Post } from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';

export const quoteScenarios: Scenario[] = [
  {
    feature: 'quotes',
    name: 'a quote shows the quoted post to those who may read it and says it is unavailable to others; a post one cannot see cannot be quoted',
    needs: ['quotes'],
    async run(ctx) {
      const { open, secret } = ctx.world.spaces;
      const text = ctx.unique('Quoted secret plan');
      const quoted = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(secret), body: { body: text } }), 201);
      // The owner's scheduled draft is not the member's to see: quoting it is as if it did not exist.
      ctx.problem(await ctx.call('member', { method: 'POST', path: publishPath(open), body: { body: 'Look', quote: ctx.world.posts.open.draft.id } }), 'not_found');
      const quoting = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(open), body: { body: ctx.unique('Sharing'), quote: quoted.id } }), 201);
      const summary = quoting.quoted as { id: string; spaceId?: string; excerpt?: string } | undefined;
      ctx.check(summary?.id === quoted.id && summary.spaceId === secret && summary.excerpt === text, `its author does not see the summary: ${JSON.stringify(quoting.quoted)}`);
      const asReader = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(quoting.id) }));
      ctx.check((asReader.quoted as { excerpt?: string } | undefined)?.excerpt === text, `a reader of both spaces does not see the summary: ${JSON.stringify(asReader.quoted)}`);
      const asOutsider = ctx.ok<Post>(await ctx.call('outsider', { method: 'GET', path: postPath(quoting.id) }));
      ctx.check(JSON.stringify(asOutsider.quoted) === JSON.stringify({ id: quoted.id, unavailable: true }), `the outsider sees more than unavailable: ${JSON.stringify(asOutsider.quoted)}`);
      ctx.ok(await ctx.call('member', { method: 'DELETE', path: postPath(quoted.id) }), 204);
      const gone = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(quoting.id) }));
      ctx.check((gone.quoted as { unavailable?: boolean } | undefined)?.unavailable === true, `a deleted quoted post is still shown: ${JSON.stringify(gone.quoted)}`);
    },
  },
  {
    feature: 'quotes',
    name: 'an owner moves a post to another space, where only its readers find it; nobody else may move it',
    needs: ['quotes'],
    async run(ctx) {
      const { open, private: closed } = ctx.world.spaces;
      const post = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(open), body: { body: ctx.unique('Moving post') } }), 201);
      ctx.problem(await ctx.call('member', { method: 'POST', path: movePostPath(post.id), body: { spaceId: closed } }), 'forbidden');
      ctx.problem(await ctx.call('owner', { method: 'POST', path: movePostPath(post.id), body: { spaceId: open } }), 'validation_failed');
      const moved = ctx.ok<Post>(await ctx.call('owner', { method: 'POST', path: movePostPath(post.id), body: { spaceId: closed } }));
      ctx.check(moved.id === post.id && moved.spaceId === closed && moved.author.id === post.author.id, `unexpected moved post: ${JSON.stringify(moved)}`);
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: postPath(post.id) }), 'not_found');
      const read = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }));
      ctx.check(read.spaceId === closed, `the post is not in its new space: ${read.spaceId}`);
    },
  },
];
