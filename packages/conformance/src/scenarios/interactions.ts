/** Comments and reactions: who may write them, edits and deletes, counts. */
import {
  commentPath,
  commentsPath,
  postPath,
  reactionPath,
  reactionsPath,
  type Comment,
  type CommentPage,
  type Post,
  type ReactionSummary,
} from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';
import { publish } from './steps.js';

const comments: Scenario[] = [
  {
    feature: 'comments',
    name: 'a comment with a file that is not an upload of its author is 400 naming it, and is not written',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      const body = { body: ctx.unique('With someone else’s file'), attachments: [{ file: 'AAAAAAAAAAAAAAAAAAAAAA' }] };
      const problem = ctx.problem(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body }), 'validation_failed');
      const errors = (problem['errors'] ?? []) as { path: string; message: string }[];
      ctx.check(errors.some((e) => e.path === '/body/attachments/0/file' && e.message === 'is not a file you uploaded'), `no error names the file: ${JSON.stringify(errors)}`);
      const page = ctx.ok<CommentPage>(await ctx.call('member', { method: 'GET', path: commentsPath(post.id) }));
      ctx.check(page.items.length === 0, 'the refused comment was written');
    },
  },
  {
    feature: 'comments',
    name: 'a member comments and replies; the post counts both and lists them oldest first',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'private');
      const first = ctx.ok<Comment>(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Comment') } }), 201);
      ctx.check(first.postId === post.id && first.parentId === null && first.canEdit === true, 'wrong comment');
      const reply = ctx.ok<Comment>(
        await ctx.call('correspondent', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Reply'), parentId: first.id } }),
        201,
      );
      ctx.check(reply.parentId === first.id, 'the reply names no parent');
      const page = ctx.ok<CommentPage>(await ctx.call('reader', { method: 'GET', path: commentsPath(post.id) }));
      ctx.check(page.items.map((c) => c.id).join() === [first.id, reply.id].join(), 'comments are not listed oldest first');
      const read = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }));
      ctx.check(read.commentCount === 2, `commentCount is ${read.commentCount}`);
    },
  },
  {
    feature: 'comments',
    name: 'readers, and outsiders of an open space, may not comment (403)',
    async run(ctx) {
      const post = ctx.world.posts.open.published;
      ctx.problem(await ctx.call('reader', { method: 'POST', path: commentsPath(post.id), body: { body: 'x' } }), 'forbidden');
      ctx.problem(await ctx.call('outsider', { method: 'POST', path: commentsPath(post.id), body: { body: 'x' } }), 'forbidden');
      ctx.problem(await ctx.call('outsider', { method: 'POST', path: commentsPath(ctx.world.posts.secret.published.id), body: { body: 'x' } }), 'not_found');
    },
  },
  {
    feature: 'comments',
    name: 'its author edits a comment, others may not (403); an owner deletes it',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open');
      const comment = ctx.ok<Comment>(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Comment') } }), 201);
      const body = ctx.unique('Edited');
      const edited = ctx.ok<Comment>(await ctx.call('member', { method: 'PATCH', path: commentPath(comment.id), body: { body } }));
      ctx.check(edited.body === body && typeof edited.editedAt === 'string', 'the edit is not in the answer');
      ctx.problem(await ctx.call('correspondent', { method: 'PATCH', path: commentPath(comment.id), body: { body: 'no' } }), 'forbidden');
      ctx.problem(await ctx.call('correspondent', { method: 'DELETE', path: commentPath(comment.id) }), 'forbidden');
      ctx.ok(await ctx.call('owner', { method: 'DELETE', path: commentPath(comment.id) }), 204);
      const read = ctx.ok<Post>(await ctx.call('member', { method: 'GET', path: postPath(post.id) }));
      ctx.check(read.commentCount === 0, `commentCount is ${read.commentCount} after the delete`);
    },
  },
  {
    feature: 'comments',
    name: 'an empty comment is 400 validation_failed; a reply to a missing comment is refused',
    async run(ctx) {
      const post = ctx.world.posts.open.published;
      ctx.problem(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: '' } }), 'validation_failed');
      const exchange = await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: 'x', parentId: `${ctx.world.prefix}missing` } });
      ctx.check(exchange.response.status >= 400 && exchange.response.status < 500, `a reply to a missing comment answered ${exchange.response.status}`);
    },
  },
];

const reactions: Scenario[] = [
  {
    feature: 'reactions',
    name: 'adding a reaction is counted once however often it is sent, and removing it is idempotent',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open');
      const kind = ctx.world.reactionKinds[0]!;
      const added = ctx.ok<ReactionSummary>(await ctx.call('member', { method: 'PUT', path: reactionPath(post.id, kind) }));
      ctx.check(added.counts[kind] === 1 && added.mine.includes(kind), `after adding: ${JSON.stringify(added)}`);
      const again = ctx.ok<ReactionSummary>(await ctx.call('member', { method: 'PUT', path: reactionPath(post.id, kind) }));
      ctx.check(again.counts[kind] === 1, 'adding twice counted twice');
      for (const k of ctx.world.reactionKinds) ctx.check(typeof again.counts[k] === 'number', `counts lacks the configured kind ${k}`);
      const other = ctx.ok<ReactionSummary>(await ctx.call('reader', { method: 'GET', path: reactionsPath(post.id) }));
      ctx.check(other.counts[kind] === 1 && !other.mine.includes(kind), 'another reader sees someone else’s reaction as theirs');
      const removed = ctx.ok<ReactionSummary>(await ctx.call('member', { method: 'DELETE', path: reactionPath(post.id, kind) }));
      ctx.check(removed.counts[kind] === 0 && !removed.mine.includes(kind), 'not removed');
      ctx.ok(await ctx.call('member', { method: 'DELETE', path: reactionPath(post.id, kind) }));
    },
  },
  {
    feature: 'reactions',
    name: 'readers and outsiders of an open space react; an outsider of a secret space gets 404',
    async run(ctx) {
      const kind = ctx.world.reactionKinds[0]!;
      ctx.ok(await ctx.call('reader', { method: 'PUT', path: reactionPath(ctx.world.posts.secret.published.id, kind) }));
      ctx.ok(await ctx.call('outsider', { method: 'PUT', path: reactionPath(ctx.world.posts.open.published.id, kind) }));
      ctx.problem(await ctx.call('outsider', { method: 'PUT', path: reactionPath(ctx.world.posts.secret.published.id, kind) }), 'not_found');
      ctx.problem(await ctx.call('member', { method: 'PUT', path: reactionPath(ctx.world.posts.secret.draft.id, kind) }), 'not_found');
    },
  },
  {
    feature: 'reactions',
    name: 'an unknown reaction kind is 400 unknown_reaction_kind',
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'PUT', path: reactionPath(ctx.world.posts.open.published.id, 'conformance-unknown') }), 'unknown_reaction_kind');
    },
  },
  {
    feature: 'reactions',
    name: 'comments take reactions like posts',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open');
      const comment = ctx.ok<Comment>(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Comment') } }), 201);
      const kind = ctx.world.reactionKinds[0]!;
      const summary = ctx.ok<ReactionSummary>(await ctx.call('reader', { method: 'PUT', path: reactionPath(comment.id, kind) }));
      ctx.check(summary.objectId === comment.id && summary.counts[kind] === 1, `summary ${JSON.stringify(summary)}`);
    },
  },
];

export const interactionScenarios: Scenario[] = [...comments, ...reactions];
