/**
 * Quoting and moving posts (docs/protocol.md#quoting-and-moving-posts).
 * Functions of their own rather than methods of the client, so that only the
 * pages that move posts, or show a quote that arrived live, carry them.
 * Quoting itself needs nothing here: it is
 * `client.publish(spaceId, { body, quote: postId })`.
 */
import { movePostPath, postPath, type Post, type QuotedPost } from '@ecotone/protocol';
import type { ClientCore } from './client-core.js';
import type { EcotoneClient } from './types.js';

/** The client as its own core (client-core.ts); the public type does not show it. */
const coreOf = (client: EcotoneClient): ClientCore => client as unknown as ClientCore;

/**
 * Moves a post to the space `spaceId` (an owner of its space, who may publish
 * there). Resolves with the post as the caller sees it in its new space;
 * feeds learn of it through `post.deleted` (the old space) and
 * `post.created` (the new one). Rejects with the EcotoneError: `forbidden`
 * (not an owner, or not allowed to publish there), `classification_violation`
 * (a space of a lower label), `validation_failed` (its own space, a
 * talk-show or a watch item), `not_found` (a post or space the caller cannot
 * read, or an in-process transport, which does not move posts).
 *
 * @example
 * const moved = await movePost(client, post.id, 'announcements');
 */
export function movePost(client: EcotoneClient, postId: string, spaceId: string): Promise<Post> {
  return coreOf(client).request<Post>({ method: 'POST', path: movePostPath(postId), body: { spaceId } });
}

/**
 * What the caller may see of the post that `postId` quotes, as the server
 * decides it for them now: its summary, or `{ id, unavailable: true }`.
 * For a post that arrived by a live event, whose `quoted` holds only the
 * quoted post's id. Resolves with undefined when the post quotes nothing.
 */
export async function quotedPostOf(client: EcotoneClient, postId: string): Promise<QuotedPost | undefined> {
  const post = await coreOf(client).request<Post>({ method: 'GET', path: postPath(postId) });
  return post.quoted;
}
