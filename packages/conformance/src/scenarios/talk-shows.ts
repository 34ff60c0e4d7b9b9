/**
 * Talk-shows: the session a `talk_show` post needs, stream links, the
 * question queue (one vote per person, moderators), hidden questions and
 * draft talk-shows invisible to those who may not see them, live and in lists.
 */
import { publishPath, questionStatePath, questionVotePath, questionsPath, type Post, type Question, type QuestionPage, type Visibility } from '@ecotone/protocol';
import type { Caller, LiveFrame } from '../backend.js';
import { isRecord, type Scenario, type ScenarioContext } from '../scenario.js';
import { draftPublishAt } from '../world.js';

const HOUR_MS = 3600_000;

/** A talk-show in a space, by `member`, hosted by `member`. */
async function talkShow(ctx: ScenarioContext, visibility: Visibility = 'open', extra: Record<string, unknown> = {}): Promise<Post> {
  const exchange = await ctx.call('member', {
    method: 'POST',
    path: publishPath(ctx.world.spaces[visibility]),
    body: {
      body: ctx.unique('Conformance talk-show'),
      locale: 'en',
      kind: 'talk_show',
      talkShow: { title: ctx.unique('Ask us'), hosts: [ctx.world.actors.member], startsAt: new Date(Date.now() + 24 * HOUR_MS).toISOString() },
      ...extra,
    },
  });
  const post = ctx.ok<Post>(exchange, 201);
  ctx.check(post.kind === 'talk_show' && post.talkShow?.durationMinutes === 60 && post.talkShow.hosts[0]?.id === ctx.world.actors.member, `wrong talk-show: ${JSON.stringify(post.talkShow)}`);
  ctx.check(post.talkShow?.moderator === true && post.talkShow.questionCount === 0, 'its host does not moderate it, or its queue is not empty');
  return post;
}

async function ask(ctx: ScenarioContext, as: Caller, postId: string, body = ctx.unique('A question')): Promise<Question> {
  const question = ctx.ok<Question>(await ctx.call(as, { method: 'POST', path: questionsPath(postId), body: { body } }), 201);
  ctx.check(question.state === 'open' && question.votes === 0 && question.voted === false && question.postId === postId, `wrong new question: ${JSON.stringify(question)}`);
  return question;
}

async function queue(ctx: ScenarioContext, as: Caller, postId: string, order: 'top' | 'new' = 'top'): Promise<string[]> {
  return ctx.ok<QuestionPage>(await ctx.call(as, { method: 'GET', path: questionsPath(postId), query: { order, limit: 100 } })).items.map((q) => q.id);
}

const questionFrame = (id: string) => (f: LiveFrame) => f.event === 'question.changed' && isRecord(f.data) && f.data.questionId === id;

export const talkShowScenarios: Scenario[] = [
  {
    feature: 'talk-shows',
    name: 'a talk-show needs its session, hosts who are members and a title; a session on another kind is refused',
    needs: ['talkShows'],
    async run(ctx) {
      const path = publishPath(ctx.world.spaces.open);
      const session = { title: 'Hosted', hosts: [ctx.world.actors.member], startsAt: new Date(Date.now() + HOUR_MS).toISOString() };
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body: 'x', kind: 'talk_show' } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body: 'x', kind: 'note', talkShow: session } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body: 'x', kind: 'talk_show', talkShow: { ...session, hosts: [ctx.world.actors.outsider] } } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body: 'x', kind: 'talk_show', talkShow: { ...session, title: '   ' } } }), 'validation_failed');
      // A link that is not http(s), or carries credentials, is never kept.
      for (const streamUrl of ['javascript:alert(1)', 'https://user:secret@stream.example.com/live']) {
        ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body: 'x', kind: 'talk_show', talkShow: { ...session, streamUrl } } }), 'stream_link_refused');
      }
      // With previews off (`--egress off`), no stream link is kept at all.
      if (!ctx.world.previews) {
        ctx.problem(
          await ctx.call('member', { method: 'POST', path, body: { body: 'x', kind: 'talk_show', talkShow: { ...session, streamUrl: 'https://stream.example.com/live' } } }),
          'stream_link_refused',
        );
      }
    },
  },
  {
    feature: 'talk-shows',
    name: 'readers ask and up-vote once; only hosts, owners and correspondents change a question’s state',
    needs: ['talkShows'],
    async run(ctx) {
      const post = await talkShow(ctx);
      const reader = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: `/api/v1/posts/${post.id}` }));
      ctx.check(reader.talkShow?.moderator === false, 'a reader moderates the talk-show');
      const first = await ask(ctx, 'reader', post.id);
      const second = await ask(ctx, 'outsider', post.id);
      for (let i = 0; i < 2; i++) {
        const voted = ctx.ok<Question>(await ctx.call('correspondent', { method: 'PUT', path: questionVotePath(second.id) }));
        ctx.check(voted.votes === 1 && voted.voted, `a repeated vote counted twice: ${JSON.stringify(voted)}`);
      }
      ctx.check((await queue(ctx, 'reader', post.id, 'top'))[0] === second.id, 'the question with most votes is not first');
      ctx.check((await queue(ctx, 'reader', post.id, 'new'))[0] === second.id, 'the newest question is not first');
      const back = ctx.ok<Question>(await ctx.call('correspondent', { method: 'DELETE', path: questionVotePath(second.id) }));
      ctx.check(back.votes === 0 && !back.voted, 'the vote was not taken back');
      ctx.ok(await ctx.call('correspondent', { method: 'DELETE', path: questionVotePath(second.id) }));
      ctx.problem(await ctx.call('reader', { method: 'POST', path: questionStatePath(first.id), body: { state: 'answered' } }), 'forbidden');
      // Its host, an owner and a correspondent moderate, in turn.
      for (const [moderator, state] of [['member', 'answered'], ['owner', 'open'], ['correspondent', 'answered']] as const) {
        const changed = ctx.ok<Question>(await ctx.call(moderator, { method: 'POST', path: questionStatePath(first.id), body: { state } }));
        ctx.check(changed.state === state, `the ${moderator} could not mark it ${state}`);
      }
      // An answered question takes no more votes.
      ctx.problem(await ctx.call('outsider', { method: 'PUT', path: questionVotePath(first.id) }), 'conflict');
    },
  },
  {
    feature: 'talk-shows',
    name: 'a hidden question is 404 to everyone but the moderators and its author, in lists and live',
    needs: ['talkShows', 'live'],
    async run(ctx) {
      const post = await talkShow(ctx);
      const readerStream = await ctx.stream('reader');
      const hostStream = await ctx.stream('member');
      const question = await ask(ctx, 'outsider', post.id, ctx.unique('Off topic'));
      await readerStream.waitFor(questionFrame(question.id), ctx.liveWaitMs);
      await hostStream.waitFor(questionFrame(question.id), ctx.liveWaitMs);
      const hidden = ctx.ok<Question>(await ctx.call('member', { method: 'POST', path: questionStatePath(question.id), body: { state: 'hidden' } }));
      ctx.check(hidden.state === 'hidden', 'not hidden');
      const isHidden = (f: LiveFrame) => questionFrame(question.id)(f) && isRecord(f.data) && (!isRecord(f.data.question) || f.data.question.state === 'hidden');
      const toReader = await readerStream.waitFor(isHidden, ctx.liveWaitMs);
      ctx.check(isRecord(toReader.data) && toReader.data.question === undefined, 'a reader got the hidden question live');
      const toHost = await hostStream.waitFor(isHidden, ctx.liveWaitMs);
      ctx.check(isRecord(toHost.data) && isRecord(toHost.data.question), 'the host did not get the hidden question live');
      ctx.check(!(await queue(ctx, 'reader', post.id)).includes(question.id), 'a reader lists the hidden question');
      ctx.check((await queue(ctx, 'owner', post.id)).includes(question.id), 'an owner does not list the hidden question');
      ctx.check((await queue(ctx, 'outsider', post.id)).includes(question.id), 'its author does not list the hidden question');
      ctx.problem(await ctx.call('reader', { method: 'PUT', path: questionVotePath(question.id) }), 'not_found');
      ctx.problem(await ctx.call('reader', { method: 'POST', path: questionStatePath(question.id), body: { state: 'open' } }), 'not_found');
      const count = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: `/api/v1/posts/${post.id}` })).talkShow?.questionCount;
      ctx.check(count === 0, `the hidden question is counted: ${count}`);
    },
  },
  {
    feature: 'talk-shows',
    name: 'the queue of a draft talk-show, or of a secret space’s, is 404 to those who may not see it',
    needs: ['talkShows'],
    async run(ctx) {
      const draft = await talkShow(ctx, 'open', { publishAt: draftPublishAt() });
      const asked = await ask(ctx, 'owner', draft.id);
      ctx.problem(await ctx.call('reader', { method: 'GET', path: questionsPath(draft.id) }), 'not_found');
      ctx.problem(await ctx.call('correspondent', { method: 'POST', path: questionsPath(draft.id), body: { body: 'Early?' } }), 'not_found');
      ctx.problem(await ctx.call('reader', { method: 'PUT', path: questionVotePath(asked.id) }), 'not_found');
      const secret = await talkShow(ctx, 'secret');
      const inside = await ask(ctx, 'reader', secret.id);
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: questionsPath(secret.id) }), 'not_found');
      ctx.problem(await ctx.call('outsider', { method: 'PUT', path: questionVotePath(inside.id) }), 'not_found');
      ctx.problem(await ctx.call('outsider', { method: 'POST', path: questionsPath(secret.id), body: { body: 'Let me in' } }), 'not_found');
    },
  },
];
