/**
 * Route paths of protocol version 1. Servers mount them; clients build URLs
 * from them, so a rename is caught by the compiler on both sides.
 */
export const API_PREFIX = '/api/v1';

/** `GET`: the signed-in person ({@link Me}). */
export const mePath = () => `${API_PREFIX}/me`;
/** `GET`: the spaces the caller may see (`?site=&q=&mine=`). */
export const spacesPath = () => `${API_PREFIX}/spaces`;
/** `GET`: one space, as the caller sees it. */
export const spacePath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}`;
/** `GET`: a page of a space's feed, newest first (`?cursor=&limit=`). */
export const feedPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/feed`;
/** `POST`: publishes a post in a space ({@link PublishRequest}). */
export const publishPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/posts`;
/** `GET`, `PATCH`, `DELETE`: one post. */
export const postPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}`;
/** `GET`: the reaction summary of a post or comment. */
export const reactionsPath = (objectId: string) => `${API_PREFIX}/objects/${encodeURIComponent(objectId)}/reactions`;
/** `PUT` adds, `DELETE` removes the caller's reaction of one kind. */
export const reactionPath = (objectId: string, kind: string) => `${API_PREFIX}/objects/${encodeURIComponent(objectId)}/reactions/${encodeURIComponent(kind)}`;
/** `GET`: the live event stream (Server-Sent Events, resumed with `Last-Event-ID`). */
export const eventsPath = () => `${API_PREFIX}/events`;
/** Demo actors for a user switcher; only on servers running `--auth dev` (404 otherwise). */
export const devActorsPath = () => `${API_PREFIX}/dev/actors`;

/** Header carrying the client's idempotency key on mutating requests. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Largest accepted request body, in bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** `POST`: an owner of the post's space moves it to another space ({@link MovePostRequest}). */
export const movePostPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/move`;
