/**
 * Route paths of the spaces directory, memberships and join requests, and of
 * the feed spanning several spaces, in a module of their own so that a client
 * bundle keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

const space = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}`;

/** POST (JoinRequestDraft): join an open space, or ask to join a private one. */
export const joinPath = (spaceId: string) => `${space(spaceId)}/join`;
/** GET: a space's members (MemberPage), for whoever may read the space. */
export const membersPath = (spaceId: string) => `${space(spaceId)}/members`;
/**
 * PUT (MemberUpdate): an owner adds a person or changes their role.
 * DELETE: an owner removes a member, or a member leaves (their own id).
 */
export const memberPath = (spaceId: string, actorId: string) =>
  `${space(spaceId)}/members/${encodeURIComponent(actorId)}`;
/** GET: pending join requests (owners). */
export const joinRequestsPath = (spaceId: string) => `${space(spaceId)}/requests`;
/**
 * PUT (JoinDecision): an owner approves a request. DELETE: an owner declines
 * it, or the person who asked withdraws it.
 */
export const joinRequestPath = (spaceId: string, actorId: string) =>
  `${space(spaceId)}/requests/${encodeURIComponent(actorId)}`;
/** PUT (SpaceCapabilitiesUpdate): an owner switches features of the space on or off; answers the Space. */
export const spaceCapabilitiesPath = (spaceId: string) => `${space(spaceId)}/capabilities`;
/** GET (MultiFeedQuery): one newest-first feed over several spaces, e.g. "my sites". */
export const multiFeedPath = () => `${API_PREFIX}/feed`;
