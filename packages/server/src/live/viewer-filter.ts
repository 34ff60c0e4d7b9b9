import type { LiveEvent, Poll, PollChangedEvent, Role } from '@ecotone/protocol';
import { canClosePoll, canSeeResults } from '../authz.js';
import type { ServerContext } from '../context.js';
import { voterKey } from '../poll-view.js';
import { postViews } from '../post-view.js';
import { findBallots, findPoll, type PollRecord } from '../repositories/polls.js';
import { findPost } from '../repositories/posts.js';
import { actorReactions } from '../repositories/reactions.js';
import { commentForViewer } from '../comment-view.js';

/**
 * Stored events hold poll results for everyone; this shapes them for one
 * connection: `results` stays only where this viewer may see them, and
 * `canClose` on a new post's polls is the viewer's own. An updated post
 * (its link preview arrived) is rebuilt for the viewer as GET /posts/:id
 * would answer: own reactions, own ballots, results if allowed.
 */
export function createViewerFilter(
  ctx: Pick<ServerContext, 'db' | 'ballotSecret' | 'now' | 'reactionKinds'>,
  viewerId: string,
  roles: ReadonlyMap<string, Role | null>,
): (event: LiveEvent) => Promise<LiveEvent | null> {
  // Author, mode, visibility and anonymity never change: one lookup per poll
  // per connection. Ballots do change (the viewer votes), so they are not cached.
  const polls = new Map<string, Promise<PollRecord | undefined>>();
  const pollOf = (id: string) => {
    let found = polls.get(id);
    if (!found) polls.set(id, (found = findPoll(ctx.db, id)));
    return found;
  };
  const mayShow = async (pollId: string, closed: boolean): Promise<boolean> => {
    const poll = await pollOf(pollId);
    if (!poll) return false;
    // Only after-vote on an open poll depends on the viewer's ballot.
    let hasBallot = false;
    if (poll.resultsVisibility === 'after-vote' && !closed) {
      const key = { pollId, voterKey: voterKey(ctx.ballotSecret, poll, viewerId) };
      hasBallot = (await findBallots(ctx.db, [key])).has(pollId);
    }
    return canSeeResults(poll, viewerId, { closed, hasBallot });
  };
  const withoutResults = <T extends PollChangedEvent | Poll>(value: T): T => {
    const copy = { ...value };
    delete copy.results;
    return copy;
  };

  // Who receives an event at all (drafts included) is its stored audience
  // (live/audience.ts), checked before this: here it is only shaped.
  return async (event) => {
    if (event.type === 'comment.created' || event.type === 'comment.updated') {
      // The viewer's own rights and reactions, as GET /posts/:post/comments would answer.
      const mine = (await actorReactions(ctx.db, viewerId, [event.comment.id])).get(event.comment.id) ?? [];
      const role = roles.get(event.spaceId) ?? null;
      const kinds = mine.filter((k) => ctx.reactionKinds.includes(k));
      return { ...event, comment: commentForViewer(event.comment, viewerId, role, kinds) };
    }
    if (event.type === 'poll.changed') {
      return (await mayShow(event.pollId, event.closedAt !== null)) ? event : withoutResults(event);
    }
    if (event.type === 'post.updated') {
      const row = await findPost(ctx.db, event.post.id);
      const viewer = { id: viewerId, roleIn: (spaceId: string) => roles.get(spaceId) ?? null, secret: ctx.ballotSecret, now: ctx.now() };
      const [view] = row ? await postViews(ctx.db, viewer, [row], ctx.reactionKinds) : [];
      if (view) return { ...event, post: view };
      // Gone meanwhile: what was stored, without anything per viewer.
      return { ...event, post: { ...event.post, ...(event.post.polls ? { polls: event.post.polls.map(withoutResults) } : {}) } };
    }
    if (event.type === 'post.created' && event.post.polls) {
      const shaped: Poll[] = [];
      for (const poll of event.post.polls) {
        const visible = await mayShow(poll.id, poll.closedAt !== null);
        const own = { ...poll, canClose: poll.closedAt === null && canClosePoll(poll, viewerId, roles.get(poll.spaceId) ?? null) };
        shaped.push(visible ? own : withoutResults(own));
      }
      return { ...event, post: { ...event.post, polls: shaped } };
    }
    return event;
  };
}
