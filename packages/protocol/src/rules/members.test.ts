import { describe, expect, it } from 'vitest';
import type { Role } from '../wire-types.js';
import { canDropJoinRequest, canManageMembers, canRemoveMember, lastOwnerProblem, receivesMembershipChange } from './members.js';

describe('member management', () => {
  it.each([
    ['owner', true],
    ['correspondent', false],
    ['member', false],
    ['reader', false],
    [null, false],
  ] as [Role | null, boolean][])('role %s manages members: %s', (role, manages) => {
    expect(canManageMembers(role)).toBe(manages);
    // Anyone leaves, or withdraws their own request; only owners act on others.
    expect(canRemoveMember('ana', role, 'ana')).toBe(true);
    expect(canRemoveMember('ana', role, 'ben')).toBe(manages);
    expect(canDropJoinRequest('ana', role, 'ana')).toBe(true);
    expect(canDropJoinRequest('ana', role, 'ben')).toBe(manages);
    expect(receivesMembershipChange({ actorId: 'ana' }, 'ana', role)).toBe(true);
    expect(receivesMembershipChange({ actorId: 'ben' }, 'ana', role)).toBe(manages);
  });
});

describe('lastOwnerProblem', () => {
  // current role, next role (null: out), owners before the change → refused
  const cases: [Role | null, Role | null, number, boolean][] = [
    ['owner', null, 1, true],
    ['owner', 'member', 1, true],
    ['owner', 'correspondent', 1, true],
    ['owner', 'reader', 1, true],
    ['owner', null, 2, false],
    ['owner', 'member', 2, false],
    ['owner', 'owner', 1, false],
    ['member', null, 1, false],
    ['member', 'owner', 1, false],
    [null, 'member', 0, false],
    ['correspondent', 'reader', 1, false],
  ];
  it.each(cases)('%s → %s with %i owner(s): refused %s', (current, next, owners, refused) => {
    const problem = lastOwnerProblem(current, next, owners);
    expect(problem?.code ?? null).toBe(refused ? 'last_owner' : null);
  });
});
