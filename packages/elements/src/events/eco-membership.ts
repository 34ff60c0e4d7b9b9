import type { Role } from '@ecotone/protocol';

/** Detail of `eco-membership`: a membership change the server agreed to, made from `<eco-spaces>`. */
export interface EcoMembershipDetail {
  /**
   * The caller joined, asked to join, left, or withdrew a request; or, as an
   * owner, changed a role, removed a member, approved or declined a request.
   */
  action: 'join' | 'request' | 'leave' | 'withdraw' | 'role' | 'remove' | 'approve' | 'decline';
  spaceId: string;
  /** The person concerned, for owners' actions. */
  actorId?: string;
  /** The new role, for `role`. */
  role?: Role;
}
export type EcoMembershipEvent = CustomEvent<EcoMembershipDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-membership': EcoMembershipEvent;
  }
}
