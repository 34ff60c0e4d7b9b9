import { describe, expect, it } from 'vitest';
import type { PollDraft, ResultsVisibility, Role, SurveyAnswer } from '../wire-types.js';
import {
  ballotErrors,
  canClosePoll,
  canSeeResults,
  effectiveClosedAt,
  invalidBallotProblem,
  pollDraftErrors,
  pollFromDraft,
  pollViewerRights,
  surveyBallotErrors,
  type PollDefinition,
} from './polls.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const PAST = '2026-06-01T11:00:00.000Z';
const FUTURE = '2026-06-01T13:00:00.000Z';
const place = { id: 'q1', spaceId: 's', postId: null, position: 0, authorId: 'ana' };

describe('pollDraftErrors', () => {
  const choice: PollDraft = { question: 'Lunch?', mode: 'single', options: ['Soup', 'Salad'] };
  const cases: [string, PollDraft, [string, string][]][] = [
    ['a single choice', choice, []],
    ['a multiple choice of two', { ...choice, mode: 'multiple', maxChoices: 2 }, []],
    ['a scale', { question: 'How much?', mode: 'scale', scale: { min: 1, max: 5 } }, []],
    ['a closing date ahead', { ...choice, closesAt: FUTURE }, []],
    ['a scale with options', { question: 'Q', mode: 'scale', scale: { min: 1, max: 5 }, options: ['a', 'b'] }, [['/options', 'is not allowed for a scale']]],
    ['a scale without a scale', { question: 'Q', mode: 'scale' }, [['/scale', 'is required for a scale']]],
    ['a choice without options', { question: 'Q', mode: 'single' }, [['/options', 'is required']]],
    ['a choice with a scale', { ...choice, scale: { min: 0, max: 10 } }, [['/scale', 'is only allowed for a scale']]],
    ['maxChoices on a single choice', { ...choice, maxChoices: 1 }, [['/maxChoices', 'is only allowed for multiple choice']]],
    ['maxChoices above the options', { ...choice, mode: 'multiple', maxChoices: 3 }, [['/maxChoices', 'must not exceed the number of options']]],
    ['a closing date past', { ...choice, closesAt: PAST }, [['/closesAt', 'must be in the future']]],
    ['a blank question', { ...choice, question: ' \u200b ' }, [['/question', 'must not be blank']]],
  ];
  it.each(cases)('%s', (_what, draft, errors) => {
    expect(pollDraftErrors(draft, '/body/polls/0', NOW)).toEqual(errors.map(([path, message]) => ({ path: `/body/polls/0${path}`, message })));
  });

  it('refuses options that are blank or look alike', () => {
    const errors = pollDraftErrors({ question: 'Q', mode: 'single', options: ['Yes', 'Yes', ' '] }, '/body', NOW);
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['/body/options/1', '/body/options/2']));
  });
});

describe('pollFromDraft', () => {
  it('numbers choices, normalises labels and applies the defaults', () => {
    const poll = pollFromDraft({ question: ' Lunch? ', mode: 'multiple', options: ['Soup', 'Cafe\u0301'] }, place);
    expect(poll).toEqual({
      ...place,
      question: 'Lunch?',
      mode: 'multiple',
      options: [
        { id: 'o1', label: 'Soup' },
        { id: 'o2', label: 'Caf\u00e9' },
      ],
      maxChoices: 2,
      anonymous: false,
      resultsVisibility: 'always',
      closesAt: null,
      closedAt: null,
    });
  });

  it.each([
    ['single', undefined, 1],
    ['multiple', undefined, 3],
    ['multiple', 2, 2],
  ] as const)('a %s choice with maxChoices %s takes %i', (mode, maxChoices, taken) => {
    const draft: PollDraft = { question: 'Q', mode, options: ['a', 'b', 'c'], ...(maxChoices ? { maxChoices } : {}) };
    expect(pollFromDraft(draft, place).maxChoices).toBe(taken);
  });

  it('makes a scale of its values, its end labels normalised, closing time canonical', () => {
    const poll = pollFromDraft(
      { question: 'Q', mode: 'scale', scale: { min: 1, max: 5, minLabel: ' low ', maxLabel: '\u200b' }, closesAt: '2026-06-01T15:00:00+02:00', anonymous: true, resultsVisibility: 'after-close' },
      place,
    );
    expect(poll.options).toEqual(['1', '2', '3', '4', '5'].map((v) => ({ id: v, label: v })));
    expect(poll.scale).toEqual({ min: 1, max: 5, minLabel: 'low' });
    expect(poll.maxChoices).toBe(1);
    expect(poll.closesAt).toBe(FUTURE);
    expect(poll.anonymous).toBe(true);
    expect(poll.resultsVisibility).toBe('after-close');
  });
});

const single: PollDefinition = pollFromDraft({ question: 'Q', mode: 'single', options: ['a', 'b', 'c'] }, place);
const multiple: PollDefinition = pollFromDraft({ question: 'Q', mode: 'multiple', options: ['a', 'b', 'c'], maxChoices: 2 }, { ...place, id: 'q2' });
const scale: PollDefinition = pollFromDraft({ question: 'Q', mode: 'scale', scale: { min: 1, max: 5 } }, { ...place, id: 'q3' });

describe('ballotErrors', () => {
  const cases: [string, PollDefinition, string[], [string, string][]][] = [
    ['one option of a single choice', single, ['o2'], []],
    ['two options of a multiple choice', multiple, ['o1', 'o3'], []],
    ['a value on the scale', scale, ['5'], []],
    ['an unknown option', single, ['o9'], [['/0', 'is not an option of this poll']]],
    ['a value off the scale', scale, ['0'], [['/0', 'is not a value on the scale']]],
    ['an option twice', multiple, ['o1', 'o1'], [['/1', 'is chosen twice']]],
    ['two options of a single choice', single, ['o1', 'o2'], [['/1', 'only one choice is allowed']]],
    ['three of at most two', multiple, ['o1', 'o2', 'o3'], [['/2', 'more than 2 choices']]],
  ];
  it.each(cases)('%s', (_what, poll, choices, errors) => {
    const expected = errors.map(([path, message]) => ({ path: `/body/choices${path}`, message }));
    expect(ballotErrors(poll, choices, '/body/choices')).toEqual(expected);
    expect(invalidBallotProblem(expected)).toEqual({ code: 'invalid_ballot', title: 'This ballot does not fit the poll', errors: expected });
  });
});

describe('surveyBallotErrors', () => {
  const polls = [single, multiple];
  const cases: [string, SurveyAnswer[], [string, string][]][] = [
    ['every question once', [{ pollId: 'q1', choices: ['o1'] }, { pollId: 'q2', choices: ['o2', 'o3'] }], []],
    ['some questions', [{ pollId: 'q2', choices: ['o2'] }], []],
    ['a question of another post', [{ pollId: 'q3', choices: ['1'] }], [['/0/pollId', 'is not a question of this post']]],
    ['a question twice', [{ pollId: 'q1', choices: ['o1'] }, { pollId: 'q1', choices: ['o2'] }], [['/1/pollId', 'is answered twice']]],
    ['a bad ballot', [{ pollId: 'q1', choices: ['o1'] }, { pollId: 'q2', choices: ['o9'] }], [['/1/choices/0', 'is not an option of this poll']]],
  ];
  it.each(cases)('%s', (_what, answers, errors) => {
    expect(surveyBallotErrors(polls, answers)).toEqual(errors.map(([path, message]) => ({ path: `/body/answers${path}`, message })));
  });
});

describe('effectiveClosedAt', () => {
  it.each([
    [null, null, null],
    [null, FUTURE, null],
    [null, PAST, PAST],
    [null, NOW.toISOString(), NOW.toISOString()],
    [PAST, FUTURE, PAST],
    ['2026-06-01T10:00:00.000Z', PAST, '2026-06-01T10:00:00.000Z'],
  ])('closed by hand at %s, closing at %s: closed at %s', (closedAt, closesAt, closed) => {
    expect(effectiveClosedAt({ closedAt, closesAt }, NOW)).toBe(closed);
  });
});

describe('who sees results', () => {
  // visibility, viewer, closed, has a ballot → sees
  const cases: [ResultsVisibility, string, boolean, boolean, boolean][] = [
    ['always', 'ben', false, false, true],
    ['after-vote', 'ben', false, false, false],
    ['after-vote', 'ben', false, true, true],
    ['after-vote', 'ben', true, false, true],
    ['after-vote', 'ana', false, false, false],
    ['after-close', 'ben', false, true, false],
    ['after-close', 'ana', false, true, false],
    ['after-close', 'ben', true, false, true],
    ['author-only', 'ana', false, false, true],
    ['author-only', 'ben', false, true, false],
    ['author-only', 'ben', true, true, false],
  ];
  it.each(cases)('%s, %s, closed %s, voted %s: sees %s', (resultsVisibility, viewer, closed, hasBallot, sees) => {
    expect(canSeeResults({ authorId: 'ana', resultsVisibility }, viewer, { closed, hasBallot })).toBe(sees);
  });
});

describe('who closes a poll', () => {
  // viewer, role, closed → may close
  const cases: [string, Role | null, boolean, boolean][] = [
    ['ana', 'member', false, true],
    ['ana', null, false, true],
    ['ben', 'owner', false, true],
    ['ben', 'correspondent', false, false],
    ['ben', 'member', false, false],
    ['ana', 'member', true, false],
    ['ben', 'owner', true, false],
  ];
  it.each(cases)('%s (%s), closed %s: %s', (viewer, role, closed, may) => {
    expect(canClosePoll({ authorId: 'ana' }, viewer, role)).toBe(viewer === 'ana' || role === 'owner');
    const poll = { ...single, resultsVisibility: 'after-close' as const, closedAt: closed ? PAST : null };
    const rights = pollViewerRights(poll, { viewerId: viewer, role, hasBallot: false, now: NOW });
    expect(rights.canClose).toBe(may);
    expect(rights.seesResults).toBe(closed);
    expect(rights.closedAt).toBe(closed ? PAST : null);
  });
});
