import type { Actor, Poll, PollDraft, PollList, ProblemFieldError, SurveyBallot } from '@ecotone/protocol';
import {
  POLL_CLOSED_PROBLEM,
  ballotErrors,
  canVote,
  effectiveClosedAt,
  invalidBallotProblem,
  pollDraftErrors,
  pollFromDraft,
  surveyBallotErrors,
} from '@ecotone/protocol/rules';
import {
  requireClosablePoll,
  requirePublishableSpace,
  requireReadablePost,
  requireVisiblePoll,
  requireVotablePoll,
} from '../policy/authz.js';
import { HttpProblem, forbidden, notFound } from '../http/errors.js';
import { afterCommit, eventTransaction } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { notifyVotersOfClosing, recordPollChanged } from './poll-changes.js';
import { newPollId } from './poll-rules.js';
import { pollViewerOf, pollViews, voterKey } from './poll-view.js';
import {
  castBallot,
  findPoll,
  insertPoll,
  listPostPolls,
  markPollClosed,
  withdrawBallot,
  type PollRecord,
} from './poll-repository.js';
import type { ServerContext } from '../context.js';
import { idempotentTransaction, type Created } from '../http/idempotency.js';
import { requireCapabilities } from '../spaces/capability-service.js';

export const invalidBallot = (errors: ProblemFieldError[]): HttpProblem => {
  const refused = invalidBallotProblem(errors);
  return new HttpProblem(refused.code, refused.title, refused.errors);
};
const pollClosed = (): HttpProblem => new HttpProblem(POLL_CLOSED_PROBLEM.code, POLL_CLOSED_PROBLEM.title);

/** The poll as the caller sees it now (fresh tally, own ballot, results if allowed). */
async function viewFor(ctx: ServerContext, actorId: string, poll: PollRecord): Promise<Poll> {
  const [view] = await pollViews(ctx.db, await pollViewerOf(ctx, actorId), [poll]);
  if (!view) throw notFound('Poll');
  return view;
}

/** Creates a poll of its own in a space (not in a post), claimed by the idempotency key. */
export async function createPoll(
  ctx: ServerContext,
  actor: Actor,
  spaceId: string,
  draft: PollDraft,
  key: string | undefined,
): Promise<Created<Poll>> {
  // The same right as publishing a post there: a poll is a contribution.
  const { space } = await requirePublishableSpace(ctx.db, actor, spaceId, 'note');
  requireCapabilities(space.capabilities, [{ capability: 'polls' }], ctx.reactionKinds);
  const now = ctx.now();
  const errors = pollDraftErrors(draft, '/body', now);
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
  const poll = pollFromDraft(draft, {
    id: newPollId(),
    spaceId: space.id,
    postId: null,
    position: 0,
    authorId: actor.id,
    createdAt: now.toISOString(),
  });
  const write = {
    actorId: actor.id,
    key,
    scope: 'poll',
    request: [space.id, draft],
    resourceId: poll.id,
    at: now.toISOString(),
  };
  const outcome = await idempotentTransaction(ctx.db, write, (trx) => insertPoll(trx, poll));
  if ('replayOf' in outcome) {
    const first = await findPoll(ctx.db, outcome.replayOf);
    if (!first) throw notFound('Poll');
    return { resource: await viewFor(ctx, actor.id, first), replayed: true };
  }
  ctx.polls.notePoll(poll.closesAt);
  return { resource: await viewFor(ctx, actor.id, poll), replayed: false };
}

/** The poll as the caller may see it, or 404. */
export async function readPoll(ctx: ServerContext, actor: Actor, pollId: string): Promise<Poll> {
  const { poll } = await requireVisiblePoll(ctx.db, actor, pollId, ctx.now());
  return viewFor(ctx, actor.id, poll);
}

/** Casts or changes the caller's ballot while the poll is open. */
export async function castVote(ctx: ServerContext, actor: Actor, pollId: string, choices: readonly string[]): Promise<Poll> {
  const { poll } = await requireVotablePoll(ctx.db, actor, pollId, ctx.now());
  const errors = ballotErrors(poll, choices, '/body/choices');
  if (errors.length > 0) throw invalidBallot(errors);
  const now = ctx.now();
  const event = await eventTransaction(ctx.db, async (trx) => {
    // Read again inside the transaction: a close that commits first wins.
    const current = await findPoll(trx, poll.id);
    if (!current) throw notFound('Poll');
    if (effectiveClosedAt(current, now) !== null) throw pollClosed();
    await castBallot(trx, {
      pollId: current.id,
      voterKey: voterKey(ctx.ballotSecret, current, actor.id),
      // Anonymous ballots keep no trace of the person.
      actorId: current.anonymous ? null : actor.id,
      choices: choices,
      at: now.toISOString(),
    });
    return recordPollChanged(trx, now, current);
  });
  await afterCommit(ctx, [event]);
  return viewFor(ctx, actor.id, poll);
}

/** Withdraws the caller's ballot while the poll is open; idempotent. */
export async function withdrawVote(ctx: ServerContext, actor: Actor, pollId: string): Promise<Poll> {
  const { poll } = await requireVotablePoll(ctx.db, actor, pollId, ctx.now());
  const now = ctx.now();
  const event = await eventTransaction(ctx.db, async (trx) => {
    const current = await findPoll(trx, poll.id);
    if (!current) throw notFound('Poll');
    if (effectiveClosedAt(current, now) !== null) throw pollClosed();
    // Idempotent: withdrawing no ballot changes nothing and tells nobody.
    if (!(await withdrawBallot(trx, current.id, voterKey(ctx.ballotSecret, current, actor.id)))) return null;
    return recordPollChanged(trx, now, current);
  });
  if (event) await afterCommit(ctx, [event]);
  return viewFor(ctx, actor.id, poll);
}

/** Closes a poll now (its author or the space's owners). */
export async function closePoll(ctx: ServerContext, actor: Actor, pollId: string): Promise<Poll> {
  const { poll } = await requireClosablePoll(ctx.db, actor, pollId, ctx.now());
  const now = ctx.now();
  const event = await eventTransaction(ctx.db, async (trx) => {
    const current = await findPoll(trx, poll.id);
    if (!current || current.closedAt !== null) return null;
    // A date that passed already is when it closed; the scheduler just had not said so yet.
    const closedAt = effectiveClosedAt(current, now) ?? now.toISOString();
    if (!(await markPollClosed(trx, current.id, closedAt))) return null;
    await notifyVotersOfClosing(trx, current, actor.id, now);
    return recordPollChanged(trx, now, { ...current, closedAt });
  });
  if (event) {
    await afterCommit(ctx, [event]);
    ctx.fanout.kick();
  }
  const closed = (await findPoll(ctx.db, poll.id)) ?? poll;
  return viewFor(ctx, actor.id, closed);
}

/** The survey's polls after answering, and whether the key was replayed. */
export interface SurveyOutcome {
  polls: PollList;
  replayed: boolean;
}

/** Answers several polls of one post at once: all ballots or none. */
export async function answerSurvey(
  ctx: ServerContext,
  actor: Actor,
  postId: string,
  ballot: SurveyBallot,
  key: string | undefined,
): Promise<SurveyOutcome> {
  const now = ctx.now();
  // As reading the post: a draft's survey is answered by those who see the draft, 404 for anyone else.
  const { space, role } = await requireReadablePost(ctx.db, actor, postId, now);
  if (!canVote(space.visibility, role)) throw forbidden('You may not vote here');
  const write = {
    actorId: actor.id,
    key,
    scope: 'survey-ballots',
    request: [postId, ballot],
    resourceId: postId,
    at: now.toISOString(),
  };
  const outcome = await idempotentTransaction(ctx.db, write, async (trx) => {
    const polls = (await listPostPolls(trx, [postId])).get(postId) ?? [];
    const byId = new Map(polls.map((p) => [p.id, p]));
    // Everything is checked before anything is written: all or nothing.
    const errors = surveyBallotErrors(polls, ballot.answers);
    if (errors.length > 0) throw invalidBallot(errors);
    const targets = ballot.answers.map((a) => ({ poll: byId.get(a.pollId)!, choices: a.choices }));
    if (targets.some(({ poll }) => effectiveClosedAt(poll, now) !== null)) throw pollClosed();
    const recorded: StoredLiveEvent[] = [];
    for (const { poll, choices } of targets) {
      await castBallot(trx, {
        pollId: poll.id,
        voterKey: voterKey(ctx.ballotSecret, poll, actor.id),
        actorId: poll.anonymous ? null : actor.id,
        choices,
        at: now.toISOString(),
      });
      recorded.push(await recordPollChanged(trx, now, poll));
    }
    return recorded;
  });
  // A replay answers with the survey as it is now: the ballots are the caller's own.
  const replayed = 'replayOf' in outcome;
  if (!replayed) await afterCommit(ctx, outcome.created);
  const polls = (await listPostPolls(ctx.db, [postId])).get(postId) ?? [];
  return { polls: { items: await pollViews(ctx.db, await pollViewerOf(ctx, actor.id), polls) }, replayed };
}
