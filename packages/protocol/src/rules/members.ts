/**
 * Who manages a space's people, and the rule that a space never loses its
 * last owner.
 */
import type { Role } from '../wire-types.js';
import type { RuleProblem } from './problem.js';

/** Whether the caller manages the space's members and join requests: its owners. */
export function canManageMembers(role: Role | null): boolean {
  return role === 'owner';
}

/** Whether the caller may remove a member: an owner anyone, anyone themselves (leaving). */
export function canRemoveMember(callerId: string, role: Role | null, memberId: string): boolean {
  return callerId === memberId || canManageMembers(role);
}

/** Whether the caller may drop a join request: an owner declines it, the person who asked withdraws it. */
export function canDropJoinRequest(callerId: string, role: Role | null, requesterId: string): boolean {
  return callerId === requesterId || canManageMembers(role);
}

/** Whether a `membership.changed` reaches this viewer: the person it is about, and the space's owners. */
export function receivesMembershipChange(event: { actorId: string }, viewerId: string, role: Role | null): boolean {
  return event.actorId === viewerId || canManageMembers(role);
}

/**
 * The last-owner rule: a change of someone's role from `current` to `next`
 * (null: out of the space) is refused with `last_owner` when it would leave
 * the space without an owner. `owners` counts the owners before the change;
 * read it under the same lock as the change.
 */
export function lastOwnerProblem(current: Role | null, next: Role | null, owners: number): RuleProblem | null {
  if (current !== 'owner' || next === 'owner' || owners > 1) return null;
  return { code: 'last_owner', title: 'The space would have no owner left: make someone else an owner first' };
}
