/**
 * Who sees a space and what its people may do there, by visibility and role.
 * `open` spaces are read (and reacted to) by the whole organisation;
 * `private` ones are listed to everyone but read by members only; `secret`
 * ones exist only for their members. A person who may not see something gets
 * 404, one who sees it but may not act gets 403.
 */
import type { PostKind, Role, Visibility } from '../wire-types.js';

/** Roles that animate a space: they publish announcements, pin, and edit every note. */
const ANNOUNCERS: ReadonlySet<Role> = new Set(['owner', 'correspondent']);

/** Whether the role animates the space (owner or correspondent). */
export function isAnnouncer(role: Role | null): boolean {
  return role !== null && ANNOUNCERS.has(role);
}

/** Whether the space appears to the caller at all (directory, GET /spaces/:space). */
export function canListSpace(visibility: Visibility, role: Role | null): boolean {
  return visibility !== 'secret' || role !== null;
}

/** Whether the caller may read the space's content (feed, posts, polls, comments, notes, members, events). */
export function canReadSpace(visibility: Visibility, role: Role | null): boolean {
  return visibility === 'open' || role !== null;
}

/** Whether the caller may react in the space: whoever reads it, readers and non-members of an open space included. */
export function canReact(visibility: Visibility, role: Role | null): boolean {
  return canReadSpace(visibility, role);
}

/** Whether the caller may cast, change or withdraw a ballot: participation, like reacting. */
export function canVote(visibility: Visibility, role: Role | null): boolean {
  return canReadSpace(visibility, role);
}

/**
 * Whether the caller may publish a post of `kind`: members and above (not
 * readers, not non-members, even of an open space); announcements only
 * owners and correspondents; `watch` items nobody (the server makes them).
 */
export function canPublish(role: Role | null, kind: PostKind = 'note'): boolean {
  // Watch items are made by the server from the space's feeds, never by hand.
  if (role === null || role === 'reader' || kind === 'watch') return false;
  return kind !== 'announcement' || isAnnouncer(role);
}

/** Whether the caller may comment: as publishing a post. */
export function canComment(role: Role | null): boolean {
  return canPublish(role, 'note');
}

/** Whether the caller may create a standalone poll: a poll is a contribution, as publishing a post. */
export function canCreatePoll(role: Role | null): boolean {
  return canPublish(role, 'note');
}

/** Whether the caller may create a knowledge note: as publishing a post. */
export function canCreateNote(role: Role | null): boolean {
  return canPublish(role, 'note');
}

/** How a person outside the space gets in by themselves: at once (open) or by asking its owners (private). */
export function joinMode(visibility: Visibility): 'join' | 'ask' {
  return visibility === 'open' ? 'join' : 'ask';
}
