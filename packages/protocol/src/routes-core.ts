/**
 * Route paths of protocol version 1. Servers mount them; clients build URLs
 * from them, so a rename is caught by the compiler on both sides.
 */
export const API_PREFIX = '/api/v1';

export const mePath = () => `${API_PREFIX}/me`;
export const spacesPath = () => `${API_PREFIX}/spaces`;
export const spacePath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}`;
export const feedPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/feed`;
export const publishPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/posts`;
export const postPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}`;
export const reactionsPath = (objectId: string) => `${API_PREFIX}/objects/${encodeURIComponent(objectId)}/reactions`;
export const reactionPath = (objectId: string, kind: string) => `${API_PREFIX}/objects/${encodeURIComponent(objectId)}/reactions/${encodeURIComponent(kind)}`;
export const eventsPath = () => `${API_PREFIX}/events`;
/** Demo actors for a user switcher; only on servers running `--auth dev` (404 otherwise). */
export const devActorsPath = () => `${API_PREFIX}/dev/actors`;

/** Header carrying the client's idempotency key on mutating requests. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Largest accepted request body, in bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;
