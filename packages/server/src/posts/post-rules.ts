import type { Role } from '@ecotone/protocol';
import type { PostRow } from '../db/schema.js';

// The rules of a post's visibility in time, pure (the caller passes `now`):
// policy guards, views and live audiences all ask them, so they depend on
// nothing of the server's but the row's type.

/** Whether a post is still a draft (scheduled for later) at `now`. */
export function isDraft(post: Pick<PostRow, 'publish_at'>, now: Date): boolean {
  return post.publish_at !== null && Date.parse(post.publish_at) > now.getTime();
}

/** Whether the viewer sees every draft of a space, not only their own: its owners do. */
export function seesEveryDraft(role: Role | null): boolean {
  return role === 'owner';
}

/** Who sees a post while it is a draft: its author and the space's owners. */
export function seesDraft(post: Pick<PostRow, 'author_id'>, viewerId: string, role: Role | null): boolean {
  return post.author_id === viewerId || seesEveryDraft(role);
}

/** Whether the post is pinned at `now` (not unpinned, not expired). */
export function isPinned(post: Pick<PostRow, 'pinned_at' | 'pinned_until'>, now: Date): boolean {
  return post.pinned_at !== null && (post.pinned_until === null || Date.parse(post.pinned_until) > now.getTime());
}
