/**
 * Poll rules: what a draft and a ballot must satisfy beyond their JSON
 * schemas (the rules that depend on the mode, the options or the clock), how
 * a draft becomes a poll, when a poll is closed, who may close it and who
 * sees its results. Who may vote at all is `canVote` (spaces.ts).
 */
import type { Poll, PollDraft, PollScale, ResultsVisibility, Role, SurveyAnswer } from '../wire-types.js';
import type { ProblemFieldError } from '../wire-types.js';
import { normalizeLabel, optionLabelErrors } from '../labels.js';
import type { RuleProblem } from './problem.js';

/** A poll as everyone sees it: its definition without the viewer's ballot, rights and results. */
export type PollDefinition = Omit<Poll, 'myBallot' | 'results' | 'canClose'>;

/** Who sees results when a draft does not say. */
export const DEFAULT_RESULTS_VISIBILITY: ResultsVisibility = 'always';

/** Problems of a poll draft, each named by its field under `path` (e.g. `/body/polls/0`). */
export function pollDraftErrors(draft: PollDraft, path: string, now: Date): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (draft.mode === 'scale') {
    if (draft.options !== undefined) errors.push({ path: `${path}/options`, message: 'is not allowed for a scale' });
    if (draft.scale === undefined) errors.push({ path: `${path}/scale`, message: 'is required for a scale' });
  } else {
    if (draft.options === undefined) errors.push({ path: `${path}/options`, message: 'is required' });
    if (draft.scale !== undefined) errors.push({ path: `${path}/scale`, message: 'is only allowed for a scale' });
    errors.push(...optionLabelErrors(draft.options ?? [], `${path}/options`));
  }
  if (draft.maxChoices !== undefined) {
    if (draft.mode !== 'multiple') {
      errors.push({ path: `${path}/maxChoices`, message: 'is only allowed for multiple choice' });
    } else if (draft.options && draft.maxChoices > draft.options.length) {
      errors.push({ path: `${path}/maxChoices`, message: 'must not exceed the number of options' });
    }
  }
  if (draft.closesAt !== undefined && Date.parse(draft.closesAt) <= now.getTime()) {
    errors.push({ path: `${path}/closesAt`, message: 'must be in the future' });
  }
  if (normalizeLabel(draft.question) === '') errors.push({ path: `${path}/question`, message: 'must not be blank' });
  return errors;
}

/** A scale's end labels normalised like every label; one that ends up empty is dropped. */
function scaleWithLabels({ minLabel, maxLabel, ...ends }: PollScale): PollScale {
  const min = minLabel === undefined ? '' : normalizeLabel(minLabel);
  const max = maxLabel === undefined ? '' : normalizeLabel(maxLabel);
  return { ...ends, ...(min ? { minLabel: min } : {}), ...(max ? { maxLabel: max } : {}) };
}

/** Where a new poll goes and who asks for it; the caller picks the id. */
export interface PollPlace {
  /** The new poll's id. */
  id: string;
  /** The space it belongs to. */
  spaceId: string;
  /** The post carrying it, or null for a poll on its own. */
  postId: string | null;
  /** Its place among the post's polls (0 first; a survey has several). */
  position: number;
  /** Who creates it. */
  authorId: string;
}

/**
 * The poll a valid draft makes: option ids `o1`… for choices, the values for
 * a scale; labels normalised; `maxChoices` all options by default for
 * multiple choice and 1 otherwise; results `always` by default; open.
 */
export function pollFromDraft<P extends PollPlace>(draft: PollDraft, place: P): P & PollDefinition {
  const options =
    draft.mode === 'scale' && draft.scale
      ? Array.from({ length: draft.scale.max - draft.scale.min + 1 }, (_, i) => {
          const value = String(draft.scale!.min + i);
          return { id: value, label: value };
        })
      : (draft.options ?? []).map((label, i) => ({ id: `o${i + 1}`, label: normalizeLabel(label) }));
  return {
    ...place,
    question: normalizeLabel(draft.question),
    mode: draft.mode,
    maxChoices: draft.mode === 'multiple' ? (draft.maxChoices ?? options.length) : 1,
    ...(draft.mode === 'scale' && draft.scale ? { scale: scaleWithLabels(draft.scale) } : {}),
    anonymous: draft.anonymous ?? false,
    resultsVisibility: draft.resultsVisibility ?? DEFAULT_RESULTS_VISIBILITY,
    closesAt: draft.closesAt ? new Date(draft.closesAt).toISOString() : null,
    closedAt: null,
    options,
  };
}

/** Problems of a ballot's choices (`invalid_ballot`), each named under `path` (e.g. `/body/choices`). */
export function ballotErrors(
  poll: Pick<PollDefinition, 'options' | 'mode' | 'maxChoices'>,
  choices: readonly string[],
  path: string,
): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const known = new Set(poll.options.map((o) => o.id));
  const seen = new Set<string>();
  for (const [i, choice] of choices.entries()) {
    if (!known.has(choice)) {
      errors.push({
        path: `${path}/${i}`,
        message: poll.mode === 'scale' ? 'is not a value on the scale' : 'is not an option of this poll',
      });
    } else if (seen.has(choice)) {
      errors.push({ path: `${path}/${i}`, message: 'is chosen twice' });
    }
    seen.add(choice);
  }
  if (choices.length > poll.maxChoices) {
    errors.push({
      path: `${path}/${poll.maxChoices}`,
      message: poll.mode === 'multiple' ? `more than ${poll.maxChoices} choices` : 'only one choice is allowed',
    });
  }
  return errors;
}

/** A refused ballot: `invalid_ballot` with the offending fields (from ballotErrors or surveyBallotErrors). */
export function invalidBallotProblem(errors: ProblemFieldError[]): RuleProblem {
  return { code: 'invalid_ballot', title: 'This ballot does not fit the poll', errors };
}

/** A ballot cast, changed or withdrawn on a closed poll. */
export const POLL_CLOSED_PROBLEM: RuleProblem = { code: 'poll_closed', title: 'The poll is closed' };

/**
 * Problems of a survey ballot (`invalid_ballot`) against the polls of its
 * post: every answer names a poll of this post, once, with a valid ballot.
 * All are checked before anything is saved: all or nothing.
 */
export function surveyBallotErrors(
  polls: readonly (Pick<PollDefinition, 'id' | 'options' | 'mode' | 'maxChoices'>)[],
  answers: readonly SurveyAnswer[],
): ProblemFieldError[] {
  const byId = new Map(polls.map((p) => [p.id, p]));
  const errors: ProblemFieldError[] = [];
  const answered = new Set<string>();
  for (const [i, answer] of answers.entries()) {
    const poll = byId.get(answer.pollId);
    if (!poll) errors.push({ path: `/body/answers/${i}/pollId`, message: 'is not a question of this post' });
    else if (answered.has(poll.id)) errors.push({ path: `/body/answers/${i}/pollId`, message: 'is answered twice' });
    else errors.push(...ballotErrors(poll, answer.choices, `/body/answers/${i}/choices`));
    answered.add(answer.pollId);
  }
  return errors;
}

/** When the poll stopped taking ballots: closed by hand or by the scheduler, or its date has passed; null while open. */
export function effectiveClosedAt(poll: Pick<PollDefinition, 'closedAt' | 'closesAt'>, now: Date): string | null {
  if (poll.closedAt !== null) return poll.closedAt;
  if (poll.closesAt !== null && Date.parse(poll.closesAt) <= now.getTime()) return poll.closesAt;
  return null;
}

/** Whether the caller may close the poll by hand: its author or an owner of its space (while it is open: see pollViewerRights). */
export function canClosePoll(poll: { authorId: string }, viewerId: string, role: Role | null): boolean {
  return poll.authorId === viewerId || role === 'owner';
}

/**
 * Whether the viewer may see a poll's results now. `after-vote` opens them to
 * whoever has a ballot, and to everyone once the poll is closed;
 * `author-only` to its author alone, even closed.
 */
export function canSeeResults(
  poll: { authorId: string; resultsVisibility: ResultsVisibility },
  viewerId: string,
  state: { closed: boolean; hasBallot: boolean },
): boolean {
  switch (poll.resultsVisibility) {
    case 'always':
      return true;
    case 'after-vote':
      return state.hasBallot || state.closed;
    case 'after-close':
      return state.closed;
    case 'author-only':
      return poll.authorId === viewerId;
  }
}

/** What of a poll depends on who looks at it, besides their ballot: whether they see the results, whether they may close it. */
export function pollViewerRights(
  poll: Pick<PollDefinition, 'authorId' | 'resultsVisibility' | 'closedAt' | 'closesAt'>,
  viewer: { viewerId: string; role: Role | null; hasBallot: boolean; now: Date },
): { closedAt: string | null; seesResults: boolean; canClose: boolean } {
  const closedAt = effectiveClosedAt(poll, viewer.now);
  const closed = closedAt !== null;
  return {
    closedAt,
    seesResults: canSeeResults(poll, viewer.viewerId, { closed, hasBallot: viewer.hasBallot }),
    // A closed poll closes no more.
    canClose: !closed && canClosePoll(poll, viewer.viewerId, viewer.role),
  };
}
