import { describe, expect, it } from 'vitest';
import { ROLES } from '../constants.js';
import type { PostKind, Role, Visibility } from '../wire-types.js';
import { canComment, canCreateNote, canCreatePoll, canListSpace, canPublish, canReact, canReadSpace, canVote, isAnnouncer, joinMode } from './spaces.js';

const ROLES_OR_NONE: readonly (Role | null)[] = [...ROLES, null];

describe('space visibility', () => {
  // visibility, role → [listed, readable]
  const cases: [Visibility, Role | null, boolean, boolean][] = [
    ['open', null, true, true],
    ['open', 'reader', true, true],
    ['open', 'owner', true, true],
    ['private', null, true, false],
    ['private', 'reader', true, true],
    ['private', 'member', true, true],
    ['secret', null, false, false],
    ['secret', 'reader', true, true],
    ['secret', 'correspondent', true, true],
  ];
  it.each(cases)('%s space, role %s: listed %s, readable %s', (visibility, role, listed, readable) => {
    expect(canListSpace(visibility, role)).toBe(listed);
    expect(canReadSpace(visibility, role)).toBe(readable);
    // Reacting and voting are participation open to every reader.
    expect(canReact(visibility, role)).toBe(readable);
    expect(canVote(visibility, role)).toBe(readable);
  });
});

describe('what each role may do', () => {
  // role → [publish a note, publish an announcement, animate]
  const cases: [Role | null, boolean, boolean, boolean][] = [
    ['owner', true, true, true],
    ['correspondent', true, true, true],
    ['member', true, false, false],
    ['reader', false, false, false],
    [null, false, false, false],
  ];
  it.each(cases)('role %s: publishes %s, announces %s, animates %s', (role, publishes, announces, animates) => {
    expect(canPublish(role)).toBe(publishes);
    for (const kind of ['note', 'question'] as PostKind[]) expect(canPublish(role, kind)).toBe(publishes);
    expect(canPublish(role, 'announcement')).toBe(announces);
    expect(isAnnouncer(role)).toBe(animates);
    // Comments, standalone polls and notes are contributions, as a post is.
    expect(canComment(role)).toBe(publishes);
    expect(canCreatePoll(role)).toBe(publishes);
    expect(canCreateNote(role)).toBe(publishes);
  });

  it('covers every role', () => {
    expect(ROLES_OR_NONE).toHaveLength(5);
  });
});

describe('joinMode', () => {
  it.each([
    ['open', 'join'],
    ['private', 'ask'],
    ['secret', 'ask'],
  ] as const)('a %s space is entered by %s', (visibility, mode) => {
    expect(joinMode(visibility)).toBe(mode);
  });
});
