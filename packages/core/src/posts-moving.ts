/**
 * Moving a post to another space (docs/protocol.md#quoting-and-moving-posts).
 * A function of its own rather than a method of the client, so that only the
 * pages that move posts carry it. Quoting needs nothing here: it is
 * `client.publish(spaceId, { body, quote: postId })`.
 */
import { movePostPath, type Post } from '@ecotone/protocol';
import type { ClientCore } from './client-core.js';
import type { EcotoneClient } from './types.js';

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
  // The client is its own core (client-core.ts); the public type does not show it.
  const core = client as unknown as ClientCore;
  return core.request<Post>({ method: 'POST', path: movePostPath(postId), body: { spaceId } });
}
