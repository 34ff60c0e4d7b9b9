/**
 * Polls and surveys of {@link MemoryTransport}. Drafts, ballots, closing and
 * who sees results follow the rules of `@ecotone/protocol/rules`, as on the
 * server; a poll is seen exactly when its space is readable and its post (if
 * any) visible. Ballots are everyone's, by voter; each caller sees their own.
 */
import {
  POLL_MODES,
  POLL_OPTIONS_MAX,
  POLL_OPTIONS_MIN,
  type Poll,
  type PollBallot,
  type PollDraft,
  type PollList,
  type ProblemFieldError,
  type SurveyBallot,
  type WorldPoll,
} from '@ecotone/protocol';
import {
  INVALID_REQUEST_TITLE,
  POLL_CLOSED_PROBLEM,
  ballotErrors,
  canClosePoll,
  canCreatePoll,
  canVote,
  effectiveClosedAt,
  invalidBallotProblem,
  pollDraftErrors,
  pollFromDraft,
  pollViewerRights,
  surveyBallotErrors,
  type PollDefinition,
} from '@ecotone/protocol/rules';
import { answer, fail, keyed, refused, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

/** A poll as the backend keeps it: the definition, the tally, and the ballots. */
interface StoredPoll {
  poll: PollDefinition;
  /** Everyone's ballots, seeded people without a name included. */
  voters: number;
  counts: Record<string, number>;
  /** The ballots of people the world knows, by voter id. */
  ballots: Map<string, string[]>;
}

/**
 * What the request schema checks on the server before any rule: a question,
 * and the number of options. The memory backend has no schema validator.
 */
export function pollDraftShapeErrors(draft: PollDraft, path: string): ProblemFieldError[] {
  if (typeof draft?.question !== 'string' || draft.question.length === 0) return [{ path: `${path}/question`, message: 'is required' }];
  if (!(POLL_MODES as readonly string[]).includes(draft.mode)) return [{ path: `${path}/mode`, message: `must be one of ${POLL_MODES.join(', ')}` }];
  const count = draft.options?.length;
  if (count !== undefined && (count < POLL_OPTIONS_MIN || count > POLL_OPTIONS_MAX)) {
    return [{ path: `${path}/options`, message: `must have ${POLL_OPTIONS_MIN} to ${POLL_OPTIONS_MAX} items` }];
  }
  return [];
}

/** Every problem of a draft, shape then rules, as the server reports them. */
export function allPollDraftErrors(draft: PollDraft, path: string, now: Date): ProblemFieldError[] {
  const shape = pollDraftShapeErrors(draft, path);
  return shape.length > 0 ? shape : pollDraftErrors(draft, path, now);
}

export class MemoryPolls {
  private readonly polls = new Map<string, StoredPoll>();
  private nextNumber = 1;

  constructor(private readonly store: MemoryStore) {}

  readonly routes: MemoryRouteTable = {
    spacePolls: { POST: keyed((req, spaceId) => this.createStandalone(spaceId, req.body as PollDraft)) },
    poll: { GET: answer((_req, pollId) => this.view(this.visible(pollId))) },
    ballot: {
      PUT: keyed((req, pollId) => this.ballot(pollId, (req.body as PollBallot | undefined)?.choices)),
      DELETE: keyed((_req, pollId) => this.ballot(pollId, null)),
    },
    closePoll: { POST: keyed((_req, pollId) => this.close(pollId)) },
    surveyBallot: { PUT: keyed((req, postId) => this.survey(postId, req.body as SurveyBallot)) },
  };

  /**
   * Adds or replaces a poll directly (no event). `results`, when given, are
   * the tally including the caller's `myBallot`; `closedAt` and `closesAt`
   * are kept as given (a past `closesAt` makes a closed poll).
   */
  add(poll: Poll): void {
    const { myBallot, results, canClose: _canClose, ...rest } = structuredClone(poll);
    const mine = myBallot ? [...myBallot.choices] : null;
    const counts = results ? { ...results.counts } : Object.fromEntries((mine ?? []).map((id) => [id, 1]));
    const ballots = new Map<string, string[]>(mine ? [[this.store.caller.id, mine]] : []);
    this.polls.set(poll.id, { poll: rest, voters: results?.voters ?? (mine ? 1 : 0), counts, ballots });
  }

  /** Every poll and the number the next one takes, for a snapshot of the world. */
  dump(): { polls: WorldPoll[]; next: number } {
    const polls = [...this.polls.values()].map((p) => structuredClone({ ...p, ballots: Object.fromEntries(p.ballots) }));
    return { polls, next: this.nextNumber };
  }

  /** Replaces every poll with those of a snapshot. */
  load(state: { polls: readonly WorldPoll[]; next: number }): void {
    this.polls.clear();
    for (const p of structuredClone(state.polls)) this.polls.set(p.poll.id, { ...p, ballots: new Map(Object.entries(p.ballots)) });
    this.nextNumber = state.next;
  }

  /** Creates a poll of a post from a draft already checked (see allPollDraftErrors). */
  create(spaceId: string, postId: string | null, position: number, draft: PollDraft): Poll {
    const place = { id: `mem-poll-${this.nextNumber++}`, spaceId, postId, position, authorId: this.store.caller.id };
    const stored: StoredPoll = { poll: pollFromDraft(draft, place), voters: 0, counts: {}, ballots: new Map() };
    this.polls.set(place.id, stored);
    return this.view(stored);
  }

  /** The polls of a post as the caller sees them, in order. */
  viewsOf(postId: string): Poll[] {
    return this.storedOf(postId).map((p) => this.view(p));
  }

  /** Forgets the polls of a deleted post. */
  removeOf(postId: string): void {
    for (const stored of this.storedOf(postId)) this.polls.delete(stored.poll.id);
  }

  /**
   * Casts, changes (or, with `null`, withdraws) the ballot of another person,
   * as if they voted on another device; emits `poll.changed`. Not validated:
   * tests use it to set up tallies.
   */
  castBallot(pollId: string, voterId: string, choices: string[] | null): void {
    this.cast(this.visible(pollId), voterId, choices);
  }

  private storedOf(postId: string): StoredPoll[] {
    return [...this.polls.values()].filter((p) => p.poll.postId === postId).sort((a, b) => a.poll.position - b.poll.position);
  }

  private createStandalone(spaceId: string, draft: PollDraft): Poll {
    this.store.readableSpace(spaceId);
    // The same right as publishing a post there: a poll is a contribution.
    if (!canCreatePoll(this.store.roleIn(spaceId))) throw fail('forbidden', 'You may not publish in this space');
    this.store.requireCapabilities(spaceId, [{ capability: 'polls' }]);
    const errors = allPollDraftErrors(draft, '/body', this.store.now());
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    return this.create(spaceId, null, 0, draft);
  }

  /** A poll the caller may see, or 404 (unknown, or its space or post is not visible). */
  private visible(pollId: string): StoredPoll {
    const stored = this.polls.get(pollId);
    const { spaceId, postId } = stored?.poll ?? { spaceId: '', postId: null };
    if (!stored || !this.store.readsSpace(spaceId) || (postId !== null && !this.store.visiblePost(postId))) {
      throw fail('not_found', `No poll ${pollId}`);
    }
    return stored;
  }

  /** A poll the caller may vote on: 404 if invisible, 403 if only visible. */
  private votable(pollId: string): StoredPoll {
    const stored = this.visible(pollId);
    const space = this.store.readableSpace(stored.poll.spaceId);
    if (!canVote(space.visibility, this.store.roleIn(space.id))) throw fail('forbidden', 'You may not vote here');
    return stored;
  }

  private closed(stored: StoredPoll): boolean {
    return effectiveClosedAt(stored.poll, this.store.now()) !== null;
  }

  /** The caller's view: their ballot, whether they may close it, and the results only when they may see them. */
  private view(stored: StoredPoll): Poll {
    const rights = pollViewerRights(stored.poll, {
      viewerId: this.store.caller.id,
      role: this.store.roleIn(stored.poll.spaceId),
      hasBallot: stored.ballots.has(this.store.caller.id),
      now: this.store.now(),
    });
    return {
      ...structuredClone(stored.poll),
      closedAt: rights.closedAt,
      myBallot: stored.ballots.has(this.store.caller.id) ? { choices: [...stored.ballots.get(this.store.caller.id)!] } : null,
      canClose: rights.canClose,
      ...(rights.seesResults ? { results: { voters: stored.voters, counts: { ...stored.counts } } } : {}),
    };
  }

  /** Casts, changes or (null) withdraws the caller's ballot. */
  private ballot(pollId: string, choices: string[] | undefined | null): Poll {
    const stored = this.votable(pollId);
    if (choices !== null) {
      // The request schema: one to POLL_OPTIONS_MAX ids.
      if (!Array.isArray(choices) || choices.length === 0 || choices.length > POLL_OPTIONS_MAX) {
        throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/body/choices', message: `must have 1 to ${POLL_OPTIONS_MAX} items` }]);
      }
      const errors = ballotErrors(stored.poll, choices, '/body/choices');
      if (errors.length > 0) throw refused(invalidBallotProblem(errors));
    }
    if (this.closed(stored)) throw refused(POLL_CLOSED_PROBLEM);
    this.apply(stored, choices);
    return this.view(stored);
  }

  private apply(stored: StoredPoll, choices: string[] | null): void {
    this.cast(stored, this.store.caller.id, choices);
  }

  private cast(stored: StoredPoll, voterId: string, choices: string[] | null): void {
    const before = stored.ballots.get(voterId) ?? null;
    // Withdrawing a ballot that does not exist, or casting the same one again, changes nothing and emits nothing.
    if (sameChoices(before, choices)) return;
    tally(stored, before, choices);
    if (choices) stored.ballots.set(voterId, [...choices]);
    else stored.ballots.delete(voterId);
    this.emitChanged(stored);
  }

  private close(pollId: string): Poll {
    const stored = this.visible(pollId);
    if (!canClosePoll(stored.poll, this.store.caller.id, this.store.roleIn(stored.poll.spaceId))) {
      throw fail('forbidden', 'Only the author of the poll or an owner of the space may close it');
    }
    if (stored.poll.closedAt === null) {
      // A date that passed already is when it closed; nobody had said so yet.
      stored.poll.closedAt = effectiveClosedAt(stored.poll, this.store.now()) ?? this.store.now().toISOString();
      this.emitChanged(stored);
    }
    return this.view(stored);
  }

  /** Every answer of a survey, all checked before any is saved: all or nothing. */
  private survey(postId: string, body: SurveyBallot): PollList {
    // As reading the post: a draft's survey is answered by those who see the draft, 404 for anyone else.
    const post = this.store.readablePost(postId);
    const space = this.store.readableSpace(post.spaceId);
    if (!canVote(space.visibility, this.store.roleIn(space.id))) throw fail('forbidden', 'You may not vote here');
    const answers = body?.answers;
    if (!Array.isArray(answers) || answers.length === 0) {
      throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/body/answers', message: 'must have at least 1 item' }]);
    }
    const polls = this.storedOf(postId);
    const errors = surveyBallotErrors(polls.map((p) => p.poll), answers);
    if (errors.length > 0) throw refused(invalidBallotProblem(errors));
    const targets = answers.map((a) => ({ stored: polls.find((p) => p.poll.id === a.pollId)!, choices: a.choices }));
    if (targets.some(({ stored }) => this.closed(stored))) throw refused(POLL_CLOSED_PROBLEM);
    for (const { stored, choices } of targets) this.apply(stored, choices);
    return { items: polls.map((p) => this.view(p)) };
  }

  private emitChanged(stored: StoredPoll): void {
    // Each receiver gets the results only when they may see them.
    const changed = () => {
      const view = this.view(stored);
      return { type: 'poll.changed', spaceId: view.spaceId, pollId: view.id, closedAt: view.closedAt, ...(view.results ? { results: view.results } : {}) } as const;
    };
    const { postId } = stored.poll;
    this.store.emit(changed(), { about: postId === null ? null : (this.store.posts.get(postId) ?? null), shape: changed });
  }
}

/** Moves one ballot in the tally: `before`'s choices out, `after`'s in. */
function tally(stored: StoredPoll, before: readonly string[] | null, after: readonly string[] | null): void {
  for (const id of before ?? []) stored.counts[id] = Math.max(0, (stored.counts[id] ?? 0) - 1);
  for (const id of after ?? []) stored.counts[id] = (stored.counts[id] ?? 0) + 1;
  stored.voters = Math.max(0, stored.voters + (after ? 1 : 0) - (before ? 1 : 0));
}

function sameChoices(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((id) => b.includes(id));
}
