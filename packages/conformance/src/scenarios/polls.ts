/** Polls and surveys: ballots, closing, validation, who sees results. */
import { ballotPath, closePollPath, pollPath, postPath, spacePollsPath, surveyBallotPath, type Poll, type PollList, type Post } from '@ecotone/protocol';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { publish } from './steps.js';

async function standalonePoll(ctx: ScenarioContext, draft: Record<string, unknown> = {}): Promise<Poll> {
  const exchange = await ctx.call('member', {
    method: 'POST',
    path: spacePollsPath(ctx.world.spaces.private),
    body: { question: ctx.unique('Which one?'), mode: 'single', options: ['Red', 'Blue', 'Green'], ...draft },
  });
  const poll = ctx.ok<Poll>(exchange, 201);
  ctx.check(poll.postId === null && poll.options.length === 3 && poll.myBallot === null, 'wrong new poll');
  return poll;
}

export const pollScenarios: Scenario[] = [
  {
    feature: 'polls',
    name: 'a member casts, changes and withdraws a ballot; results count it',
    async run(ctx) {
      const poll = await standalonePoll(ctx, { resultsVisibility: 'always' });
      const [a, b] = [poll.options[0]!.id, poll.options[1]!.id];
      const cast = ctx.ok<Poll>(await ctx.call('reader', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [a] } }));
      ctx.check(cast.myBallot?.choices.join() === a && cast.results?.voters === 1 && cast.results.counts[a] === 1, `after casting: ${JSON.stringify(cast)}`);
      const changed = ctx.ok<Poll>(await ctx.call('reader', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [b] } }));
      ctx.check(changed.results?.voters === 1 && changed.results.counts[b] === 1 && changed.results.counts[a] === 0, 'changing a ballot counted two');
      const withdrawn = ctx.ok<Poll>(await ctx.call('reader', { method: 'DELETE', path: ballotPath(poll.id) }));
      ctx.check(withdrawn.myBallot === null && withdrawn.results?.voters === 0, 'not withdrawn');
      ctx.ok(await ctx.call('reader', { method: 'DELETE', path: ballotPath(poll.id) }));
    },
  },
  {
    feature: 'polls',
    name: 'a ballot the poll cannot take is 400 invalid_ballot',
    async run(ctx) {
      const poll = await standalonePoll(ctx);
      ctx.problem(await ctx.call('member', { method: 'PUT', path: ballotPath(poll.id), body: { choices: ['no-such-option'] } }), 'invalid_ballot');
      ctx.problem(
        await ctx.call('member', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [poll.options[0]!.id, poll.options[1]!.id] } }),
        'invalid_ballot',
      );
    },
  },
  {
    feature: 'polls',
    name: 'the author closes a poll, another member may not (403); then ballots are 409 poll_closed',
    async run(ctx) {
      const poll = await standalonePoll(ctx);
      ctx.problem(await ctx.call('correspondent', { method: 'POST', path: closePollPath(poll.id) }), 'forbidden');
      const closed = ctx.ok<Poll>(await ctx.call('member', { method: 'POST', path: closePollPath(poll.id) }));
      ctx.check(typeof closed.closedAt === 'string', 'closedAt is not set');
      ctx.problem(await ctx.call('reader', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [poll.options[0]!.id] } }), 'poll_closed');
    },
  },
  {
    feature: 'polls',
    name: 'after-vote results are hidden until the caller votes',
    async run(ctx) {
      const poll = await standalonePoll(ctx, { resultsVisibility: 'after-vote' });
      const before = ctx.ok<Poll>(await ctx.call('correspondent', { method: 'GET', path: pollPath(poll.id) }));
      ctx.check(before.results === undefined, 'results shown before voting');
      const after = ctx.ok<Poll>(await ctx.call('correspondent', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [poll.options[2]!.id] } }));
      ctx.check(after.results?.voters === 1, 'results not shown after voting');
    },
  },
  {
    feature: 'polls',
    name: 'after-close results are hidden until the poll closes, author-only ones from everyone but the author',
    async run(ctx) {
      const poll = await standalonePoll(ctx, { resultsVisibility: 'after-close' });
      const voted = ctx.ok<Poll>(await ctx.call('reader', { method: 'PUT', path: ballotPath(poll.id), body: { choices: [poll.options[0]!.id] } }));
      ctx.check(voted.results === undefined, 'after-close results shown to a voter while open');
      ctx.ok(await ctx.call('member', { method: 'POST', path: closePollPath(poll.id) }));
      const closed = ctx.ok<Poll>(await ctx.call('reader', { method: 'GET', path: pollPath(poll.id) }));
      ctx.check(closed.results?.voters === 1, 'after-close results hidden after closing');
      const secretive = await standalonePoll(ctx, { resultsVisibility: 'author-only' });
      const other = ctx.ok<Poll>(await ctx.call('reader', { method: 'PUT', path: ballotPath(secretive.id), body: { choices: [secretive.options[0]!.id] } }));
      ctx.check(other.results === undefined, 'author-only results shown to a voter');
      const author = ctx.ok<Poll>(await ctx.call('member', { method: 'GET', path: pollPath(secretive.id) }));
      ctx.check(author.results?.voters === 1, 'author-only results hidden from the author');
    },
  },
  {
    feature: 'polls',
    name: 'a poll draft with one option, options that look the same, or a past closesAt is 400 validation_failed',
    async run(ctx) {
      const path = spacePollsPath(ctx.world.spaces.open);
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { question: 'One?', mode: 'single', options: ['Only'] } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { question: 'Same?', mode: 'single', options: ['Yes', 'YES'] } }), 'validation_failed');
      ctx.problem(
        await ctx.call('member', { method: 'POST', path, body: { question: 'Past?', mode: 'single', options: ['a', 'b'], closesAt: '2001-01-01T00:00:00.000Z' } }),
        'validation_failed',
      );
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { question: '  ', mode: 'single', options: ['a', 'b'] } }), 'validation_failed');
    },
  },
  {
    feature: 'polls',
    name: 'readers may not create a poll (403); outsiders of a private space get 404',
    async run(ctx) {
      const body = { question: 'Q?', mode: 'single', options: ['a', 'b'] };
      ctx.problem(await ctx.call('reader', { method: 'POST', path: spacePollsPath(ctx.world.spaces.open), body }), 'forbidden');
      ctx.problem(await ctx.call('outsider', { method: 'POST', path: spacePollsPath(ctx.world.spaces.private), body }), 'not_found');
    },
  },
  {
    feature: 'polls',
    name: 'a survey is answered all together, or not at all',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open', {
        polls: [
          { question: ctx.unique('First?'), mode: 'single', options: ['a', 'b'] },
          { question: ctx.unique('Second?'), mode: 'scale', scale: { min: 1, max: 5 } },
        ],
      });
      const [first, second] = post.polls ?? [];
      ctx.check(first && second && second.options.length === 5, 'the survey has not two polls, the second a 1-5 scale');
      if (!first || !second) return;
      ctx.problem(
        await ctx.call('reader', {
          method: 'PUT',
          path: surveyBallotPath(post.id),
          body: { answers: [{ pollId: first.id, choices: [first.options[0]!.id] }, { pollId: second.id, choices: ['9'] }] },
        }),
        'invalid_ballot',
      );
      const untouched = ctx.ok<Poll>(await ctx.call('reader', { method: 'GET', path: pollPath(first.id) }));
      ctx.check(untouched.myBallot === null, 'a refused survey ballot saved its first answer');
      const saved = ctx.ok<PollList>(
        await ctx.call('reader', {
          method: 'PUT',
          path: surveyBallotPath(post.id),
          idempotencyKey: ctx.key(),
          body: { answers: [{ pollId: first.id, choices: [first.options[1]!.id] }, { pollId: second.id, choices: ['4'] }] },
        }),
      );
      ctx.check(saved.items.length === 2 && saved.items.every((p) => p.myBallot !== null), 'not every answer saved');
      const read = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }));
      ctx.check(read.polls?.[1]?.myBallot?.choices.join() === '4', 'the post does not show the saved answer');
    },
  },
];
