/**
 * Pure functions over a `Post`'s pin: what feeds and elements need to decide
 * where a post goes. No rxjs, no store: cheap to import anywhere.
 */
import type { Post } from '@ecotone/protocol';

/**
 * Whether a post is pinned at `nowMs` (milliseconds since the epoch, default
 * now): pinned, and its `until`, if any, not passed. The server sends `pinned`
 * only while it holds, but a post kept on screen outlives its `until`.
 */
export function isPinnedAt(post: Post, nowMs: number = Date.now()): boolean {
  const until = post.pinned?.until;
  return !!post.pinned && (until == null || Date.parse(until) > nowMs);
}
