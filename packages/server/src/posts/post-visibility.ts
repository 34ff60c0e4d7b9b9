/**
 * Which posts a viewer sees, as SQL conditions: the feed and post search
 * share them, so a scheduled draft is hidden from the same people in both.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';

/** When a post appears in feeds: its scheduled time, or its creation. */
export const effectiveAt = sql<string>`coalesce(posts.publish_at, posts.created_at)`;

/** Who looks at a feed, and when: drafts show only to their author and the space's owners. */
export interface FeedViewer {
  viewerId: string;
  /** Spaces whose every draft the viewer sees (those they own). */
  seesDraftsIn: readonly string[];
  now: string;
}

/**
 * Published posts that are neither hidden nor held for review (rules/moderation.ts),
 * and every post the viewer may see besides: theirs, and those of spaces they own.
 */
export function visibleTo(viewer: FeedViewer) {
  return (eb: ExpressionBuilder<Database, 'posts'>): Expression<SqlBool> =>
    eb.or([
      eb.and([eb('posts.moderation', 'is', null), eb.or([eb('posts.publish_at', 'is', null), eb('posts.publish_at', '<=', viewer.now)])]),
      eb('posts.author_id', '=', viewer.viewerId),
      ...(viewer.seesDraftsIn.length > 0 ? [eb('posts.space_id', 'in', viewer.seesDraftsIn)] : []),
    ]);
}
