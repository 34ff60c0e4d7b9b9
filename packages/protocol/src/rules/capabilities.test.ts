import { describe, expect, it } from 'vitest';
import {
  ALL_CAPABILITIES,
  capabilitiesUpdateErrors,
  capabilityProblem,
  changedCapabilities,
  commentUses,
  editUses,
  offeredReactionKinds,
  publishUses,
  spaceCapabilities,
  updatedCapabilities,
} from './capabilities.js';

const KINDS = ['like', 'celebrate', 'insightful'];

describe('spaceCapabilities', () => {
  it('turns everything on when nothing is stored (existing spaces keep working)', () => {
    expect(spaceCapabilities(null)).toEqual(ALL_CAPABILITIES);
    expect(spaceCapabilities(undefined, KINDS)).toEqual(ALL_CAPABILITIES);
    expect(spaceCapabilities({ comments: false })).toEqual({ ...ALL_CAPABILITIES, comments: false });
  });

  it('keeps only reaction kinds the server has, in its order, and offers all when none is left', () => {
    expect(spaceCapabilities({ reactionKinds: ['insightful', 'like', 'gone'] }, KINDS).reactionKinds).toEqual(['like', 'insightful']);
    expect(spaceCapabilities({ reactionKinds: ['gone'] }, KINDS).reactionKinds).toBeUndefined();
    expect(spaceCapabilities({ reactionKinds: [...KINDS] }, KINDS).reactionKinds).toBeUndefined();
  });
});

describe('offeredReactionKinds', () => {
  it('is every kind, the chosen ones, or none when reactions are off', () => {
    expect(offeredReactionKinds(undefined, KINDS)).toEqual(KINDS);
    expect(offeredReactionKinds(ALL_CAPABILITIES, KINDS)).toEqual(KINDS);
    expect(offeredReactionKinds({ ...ALL_CAPABILITIES, reactionKinds: ['insightful', 'like'] }, KINDS)).toEqual(['like', 'insightful']);
    expect(offeredReactionKinds({ ...ALL_CAPABILITIES, reactions: false }, KINDS)).toEqual([]);
  });
});

describe('capabilityProblem', () => {
  it('allows everything in a space no owner changed, or when the space says nothing', () => {
    const uses = [...publishUses({ kind: 'announcement', polls: [1], variants: [1], attachments: [1] }), { capability: 'reactions' as const, kind: 'like' }];
    expect(capabilityProblem(ALL_CAPABILITIES, uses, KINDS)).toBeNull();
    expect(capabilityProblem(undefined, uses, KINDS)).toBeNull();
  });

  it.each([
    ['comments', commentUses({})],
    ['attachments', commentUses({ attachments: [1] })],
    ['polls', publishUses({ polls: [1] })],
    ['translations', publishUses({ variants: [1] })],
    ['attachments', publishUses({ attachments: [1] })],
    ['announcements', publishUses({ kind: 'announcement' })],
    ['translations', editUses({ variants: [1] })],
    ['attachments', editUses({ attach: [1] })],
    ['previews', [{ capability: 'previews' as const }]],
    ['reactions', [{ capability: 'reactions' as const, kind: 'like' }]],
  ] as const)('refuses %s when the space does not offer them', (name, uses) => {
    const problem = capabilityProblem({ ...ALL_CAPABILITIES, [name]: false }, uses, KINDS);
    expect(problem?.code).toBe('capability_disabled');
    expect(capabilityProblem(ALL_CAPABILITIES, uses, KINDS)).toBeNull();
  });

  it('refuses a reaction kind the space does not offer, not one it does', () => {
    const only = { ...ALL_CAPABILITIES, reactionKinds: ['like'] };
    expect(capabilityProblem(only, [{ capability: 'reactions', kind: 'celebrate' }], KINDS)?.code).toBe('capability_disabled');
    expect(capabilityProblem(only, [{ capability: 'reactions', kind: 'like' }], KINDS)).toBeNull();
  });

  it('lets edits that add nothing through: removing variants or attachments, plain posts', () => {
    const none = { reactions: false, comments: false, polls: false, previews: false, attachments: false, translations: false, announcements: false };
    expect(capabilityProblem(none, editUses({ variants: [] }), KINDS)).toBeNull();
    expect(capabilityProblem(none, editUses({}), KINDS)).toBeNull();
    expect(capabilityProblem(none, publishUses({ kind: 'note' }), KINDS)).toBeNull();
  });
});

describe('owners changing capabilities', () => {
  it('refuses kinds the server does not have, or twice', () => {
    expect(capabilitiesUpdateErrors({ reactionKinds: ['like', 'nope', 'like'] }, KINDS)).toEqual([
      { path: '/body/reactionKinds/1', message: 'is not a reaction kind of this server' },
      { path: '/body/reactionKinds/2', message: 'is listed twice' },
    ]);
    expect(capabilitiesUpdateErrors({ reactionKinds: null, comments: false }, KINDS)).toEqual([]);
  });

  it('changes what is sent, keeps the rest, and null offers every kind again', () => {
    const next = updatedCapabilities(ALL_CAPABILITIES, { comments: false, reactionKinds: ['celebrate', 'like'] }, KINDS);
    expect(next).toEqual({ ...ALL_CAPABILITIES, comments: false, reactionKinds: ['like', 'celebrate'] });
    expect(updatedCapabilities(next, { reactionKinds: null }, KINDS)).toEqual({ ...ALL_CAPABILITIES, comments: false });
    expect(changedCapabilities(ALL_CAPABILITIES, next)).toEqual({ comments: false, reactionKinds: ['like', 'celebrate'] });
    expect(changedCapabilities(next, next)).toEqual({});
  });
});
