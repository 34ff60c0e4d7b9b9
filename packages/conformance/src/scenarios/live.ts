/**
 * Live events: what reaches whom, and replay after a reconnect. To show that
 * something did NOT arrive without waiting on a clock, each check ends with
 * a "barrier": a post everyone may see, published after the action; events
 * come in order, so once the barrier arrives, anything leaked would have
 * arrived before it.
 */
import { ballotPath, commentsPath, memberPath, postPath, reactionPath, spacePollsPath, type Poll } from '@ecotone/protocol';
import type { LiveFrame, LiveStream } from '../backend.js';
import { isRecord, type Scenario, type ScenarioContext } from '../scenario.js';
import { draftPublishAt } from '../world.js';
import { publish } from './steps.js';

const data = (frame: LiveFrame): Record<string, unknown> => (isRecord(frame.data) ? frame.data : {});
const postIdOf = (frame: LiveFrame): unknown => {
  const d = data(frame);
  return isRecord(d.post) ? d.post.id : (d.postId ?? d.objectId);
};
const createdPost = (id: string) => (f: LiveFrame) => f.event === 'post.created' && postIdOf(f) === id;

async function waitFor(ctx: ScenarioContext, stream: LiveStream, match: (f: LiveFrame) => boolean, what: string): Promise<LiveFrame> {
  try {
    return await stream.waitFor(match, ctx.liveWaitMs);
  } catch (error) {
    return ctx.fail(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Publishes a post in the open space and waits until every stream has it; returns the frames before it. */
async function barrier(ctx: ScenarioContext, ...streams: LiveStream[]): Promise<LiveFrame[][]> {
  const post = await publish(ctx, 'owner', 'open', {}, 'Barrier');
  const before: LiveFrame[][] = [];
  for (const stream of streams) {
    const frame = await waitFor(ctx, stream, createdPost(post.id), 'the barrier post did not arrive');
    before.push(stream.frames.slice(0, stream.frames.indexOf(frame)));
  }
  return before;
}

/** Opens a stream, sees one post's event on it, and closes it: returns that event, to resume after. */
async function seenThenClosed(ctx: ScenarioContext, persona: string): Promise<LiveFrame & { id: string }> {
  const stream = await ctx.stream(persona);
  const post = await publish(ctx, 'owner', 'open');
  const frame = await waitFor(ctx, stream, createdPost(post.id), 'no post.created');
  stream.close();
  if (frame.id === null) return ctx.fail('the event has no id');
  return { ...frame, id: frame.id };
}

const describe = (frames: readonly LiveFrame[]) => frames.map((f) => `${f.event}(${String(data(f).spaceId)})`).join(', ');

export const liveScenarios: Scenario[] = [
  {
    feature: 'live',
    name: 'a member receives post.created for a post in their space',
    needs: ['live'],
    async run(ctx) {
      const stream = await ctx.stream('member');
      const post = await publish(ctx, 'owner', 'private');
      const frame = await waitFor(ctx, stream, createdPost(post.id), 'no post.created');
      ctx.check(data(frame).spaceId === ctx.world.spaces.private, 'post.created names another space');
    },
  },
  {
    feature: 'live',
    name: 'reaction.changed and comment.created reach the space’s readers with counts',
    needs: ['live'],
    async run(ctx) {
      const stream = await ctx.stream('reader');
      const post = await publish(ctx, 'owner', 'secret');
      const kind = ctx.world.reactionKinds[0]!;
      ctx.ok(await ctx.call('member', { method: 'PUT', path: reactionPath(post.id, kind) }));
      const reaction = await waitFor(ctx, stream, (f) => f.event === 'reaction.changed' && data(f).objectId === post.id, 'no reaction.changed');
      const counts = data(reaction).counts;
      ctx.check(isRecord(counts) && counts[kind] === 1 && data(reaction).active === true, `reaction.changed carries ${JSON.stringify(reaction.data)}`);
      ctx.ok(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Live comment') } }), 201);
      const comment = await waitFor(ctx, stream, (f) => f.event === 'comment.created' && data(f).postId === post.id, 'no comment.created');
      ctx.check(data(comment).commentCount === 1, `comment.created carries commentCount ${String(data(comment).commentCount)}`);
    },
  },
  {
    feature: 'live',
    name: 'post.updated and post.deleted reach the space’s readers',
    needs: ['live'],
    async run(ctx) {
      const stream = await ctx.stream('reader');
      const post = await publish(ctx, 'member', 'open');
      ctx.ok(await ctx.call('member', { method: 'PATCH', path: postPath(post.id), body: { body: ctx.unique('Edited live') } }));
      const updated = await waitFor(ctx, stream, (f) => f.event === 'post.updated' && postIdOf(f) === post.id, 'no post.updated');
      const body = isRecord(data(updated).post) ? (data(updated).post as Record<string, unknown>).body : undefined;
      ctx.check(typeof body === 'string' && body.startsWith('Edited live'), 'post.updated does not carry the edited post');
      ctx.ok(await ctx.call('member', { method: 'DELETE', path: postPath(post.id) }), 204);
      await waitFor(ctx, stream, (f) => f.event === 'post.deleted' && postIdOf(f) === post.id, 'no post.deleted');
    },
  },
  {
    feature: 'live',
    name: 'membership.changed reaches the person it is about and the owners, no one else',
    needs: ['live'],
    async run(ctx) {
      const [ownerStream, outsiderStream, memberStream] = [await ctx.stream('owner'), await ctx.stream('outsider'), await ctx.stream('member')];
      const space = ctx.world.spaces.private;
      const outsider = ctx.world.actors.outsider!;
      const about = (f: LiveFrame) => f.event === 'membership.changed' && data(f).actorId === outsider && data(f).spaceId === space;
      ctx.ok(await ctx.call('owner', { method: 'PUT', path: memberPath(space, outsider), body: { role: 'reader' } }));
      const added = await waitFor(ctx, outsiderStream, about, 'the person added did not receive membership.changed');
      ctx.check(data(added).role === 'reader', `membership.changed carries role ${String(data(added).role)}`);
      await waitFor(ctx, ownerStream, about, 'the owner did not receive membership.changed');
      ctx.ok(await ctx.call('owner', { method: 'DELETE', path: memberPath(space, outsider) }), 204);
      await waitFor(ctx, outsiderStream, (f) => about(f) && data(f).role === null, 'the person removed did not learn it');
      const [before] = await barrier(ctx, memberStream);
      const leaked = before!.filter((f) => f.event === 'membership.changed');
      ctx.check(leaked.length === 0, `another member received: ${describe(leaked)}`);
    },
  },
  {
    feature: 'live',
    name: 'an outsider receives nothing of a secret or private space',
    needs: ['live'],
    async run(ctx) {
      const stream = await ctx.stream('outsider');
      const secret = await publish(ctx, 'owner', 'secret');
      const priv = await publish(ctx, 'owner', 'private');
      ctx.ok(await ctx.call('member', { method: 'PUT', path: reactionPath(secret.id, ctx.world.reactionKinds[0]!) }));
      ctx.ok(await ctx.call('member', { method: 'POST', path: commentsPath(priv.id), body: { body: ctx.unique('Hidden') } }), 201);
      const [before] = await barrier(ctx, stream);
      const leaked = before!.filter((f) => data(f).spaceId === ctx.world.spaces.secret || data(f).spaceId === ctx.world.spaces.private);
      ctx.check(leaked.length === 0, `leaked: ${describe(leaked)}`);
    },
  },
  {
    feature: 'live',
    name: 'events of a scheduled draft reach its author and owners only, not members or correspondents',
    needs: ['live'],
    async run(ctx) {
      const [ownerStream, memberStream, correspondentStream] = [await ctx.stream('owner'), await ctx.stream('member'), await ctx.stream('correspondent')];
      const draft = await publish(ctx, 'owner', 'open', { publishAt: draftPublishAt() }, 'Live draft');
      ctx.ok(await ctx.call('owner', { method: 'PUT', path: reactionPath(draft.id, ctx.world.reactionKinds[0]!) }));
      await waitFor(ctx, ownerStream, createdPost(draft.id), 'the author did not receive the draft’s post.created');
      const [memberBefore, correspondentBefore] = await barrier(ctx, memberStream, correspondentStream);
      for (const [who, frames] of [['member', memberBefore!], ['correspondent', correspondentBefore!]] as const) {
        const leaked = frames.filter((f) => postIdOf(f) === draft.id);
        ctx.check(leaked.length === 0, `the draft leaked to the ${who}: ${describe(leaked)}`);
      }
    },
  },
  {
    feature: 'live',
    name: 'poll.changed carries results only to those who may see them',
    needs: ['live'],
    async run(ctx) {
      const stream = await ctx.stream('reader');
      const votedOn = async (question: string, resultsVisibility: 'after-close' | 'after-vote'): Promise<Poll> => {
        const poll = ctx.ok<Poll>(
          await ctx.call('member', {
            method: 'POST',
            path: spacePollsPath(ctx.world.spaces.open),
            body: { question: ctx.unique(question), mode: 'single', options: ['a', 'b'], resultsVisibility },
          }),
          201,
        );
        ctx.ok(await ctx.call('correspondent', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [poll.options[0]!.id] } }));
        return poll;
      };
      const changed = (poll: Poll) => (f: LiveFrame) => f.event === 'poll.changed' && data(f).pollId === poll.id;
      const afterClose = await votedOn('Hidden results?', 'after-close');
      const frame = await waitFor(ctx, stream, changed(afterClose), 'no poll.changed');
      ctx.check(data(frame).results === undefined, 'poll.changed carries after-close results while the poll is open');
      // After-vote: the same event carries results to the voter, not to a reader who has not voted.
      const voterStream = await ctx.stream('correspondent');
      const afterVote = await votedOn('Results once voted?', 'after-vote');
      const toVoter = await waitFor(ctx, voterStream, changed(afterVote), 'no poll.changed for the voter');
      const toReader = await waitFor(ctx, stream, changed(afterVote), 'no poll.changed for the reader');
      ctx.check(data(toVoter).results !== undefined, 'poll.changed of an after-vote poll carries no results to the person who voted');
      ctx.check(data(toReader).results === undefined, 'poll.changed of an after-vote poll carries results to a reader who has not voted');
    },
  },
  {
    feature: 'live',
    name: '?spaces= narrows the stream to the named spaces',
    needs: ['live', 'liveSpacesFilter'],
    async run(ctx) {
      const stream = await ctx.stream('member', { spaces: [ctx.world.spaces.private] });
      const other = await publish(ctx, 'owner', 'secret');
      const mine = await publish(ctx, 'owner', 'private');
      await waitFor(ctx, stream, createdPost(mine.id), 'no post.created in the named space');
      ctx.check(!stream.frames.some(createdPost(other.id)), 'an event of another space came through ?spaces=');
    },
  },
  {
    feature: 'live',
    name: 'reconnecting with Last-Event-ID replays what was missed, in order, without duplicates',
    needs: ['live', 'liveReplay'],
    async run(ctx) {
      const seenFrame = await seenThenClosed(ctx, 'member');
      const missed = [await publish(ctx, 'owner', 'private'), await publish(ctx, 'owner', 'secret'), await publish(ctx, 'owner', 'open')];
      const again = await ctx.stream('member', { lastEventId: seenFrame.id });
      for (const post of missed) await waitFor(ctx, again, createdPost(post.id), `post ${post.id} was not replayed`);
      const ids = again.frames.filter((f) => f.id !== null).map((f) => Number(f.id));
      ctx.check(ids.every((id, i) => id > Number(seenFrame.id) && (i === 0 || id > ids[i - 1]!)), `replayed ids are not increasing after ${seenFrame.id}: ${ids.join()}`);
      ctx.check(!again.frames.some(createdPost(String(postIdOf(seenFrame)))), 'the event already seen was replayed');
      const order = missed.map((p) => again.frames.findIndex(createdPost(p.id)));
      ctx.check(order.every((at, i) => i === 0 || at > order[i - 1]!), 'missed events were replayed out of order');
    },
  },
  {
    feature: 'live',
    name: 'replay after a reconnect leaks no secret-space or draft event to an outsider',
    needs: ['live', 'liveReplay'],
    async run(ctx) {
      const startFrame = await seenThenClosed(ctx, 'outsider');
      await publish(ctx, 'owner', 'secret');
      const draft = await publish(ctx, 'owner', 'open', { publishAt: draftPublishAt() }, 'Replay draft');
      const again = await ctx.stream('outsider', { lastEventId: startFrame.id });
      const [before] = await barrier(ctx, again);
      const leaked = before!.filter((f) => data(f).spaceId === ctx.world.spaces.secret || data(f).spaceId === ctx.world.spaces.private || postIdOf(f) === draft.id);
      ctx.check(leaked.length === 0, `replay leaked: ${describe(leaked)}`);
    },
  },
  {
    feature: 'live',
    name: 'a stream without credentials is 401 unauthenticated, with a bad token 401 invalid_token',
    needs: ['live', 'authFailures'],
    async run(ctx) {
      const none = await ctx.openStream('anonymous');
      ctx.check(none.stream === null, 'a stream opened without credentials');
      ctx.problem(ctx.last!, 'unauthenticated');
      const bad = await ctx.openStream('badToken');
      ctx.check(bad.stream === null, 'a stream opened with a bad token');
      ctx.problem(ctx.last!, 'invalid_token');
    },
  },
];
