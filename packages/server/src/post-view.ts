import type { Kysely } from 'kysely';
import type { Locale, Post, PostKind, ReactionSummary } from '@ecotone/protocol';
import type { Database } from './db/schema.js';
import { actorFromRow } from './repositories/actors.js';
import type { PostWithAuthorRow } from './repositories/posts.js';
import { actorReactions, countReactions } from './repositories/reactions.js';
import { listPostPolls } from './repositories/polls.js';
import { listPostPreviews } from './repositories/previews.js';
import { pollViews, type PollViewer } from './poll-view.js';
import { countComments } from './repositories/comments.js';
import { listPostVariants } from './repositories/variants.js';

/** Every configured kind present, 0 when nobody reacted with it. */
export function countsFor(kinds: readonly string[], perKind: Map<string, number> | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = perKind?.get(kind) ?? 0;
  return counts;
}

export async function reactionSummary(
  db: Kysely<Database>,
  viewerId: string,
  objectId: string,
  kinds: readonly string[],
): Promise<ReactionSummary> {
  const [counts, mine] = await Promise.all([
    countReactions(db, [objectId]),
    actorReactions(db, viewerId, [objectId]),
  ]);
  return {
    objectId,
    counts: countsFor(kinds, counts.get(objectId)),
    mine: (mine.get(objectId) ?? []).filter((k) => kinds.includes(k)),
  };
}

/**
 * Wire posts for a page of rows as `viewer` sees them, loading reactions and
 * polls for all of them in a few queries.
 */
export async function postViews(
  db: Kysely<Database>,
  viewer: PollViewer,
  rows: readonly PostWithAuthorRow[],
  kinds: readonly string[],
): Promise<Post[]> {
  const ids = rows.map((r) => r.post.id);
  const [counts, mine, pollsByPost, previews, comments, variants] = await Promise.all([
    countReactions(db, ids),
    actorReactions(db, viewer.id, ids),
    listPostPolls(db, ids),
    listPostPreviews(db, ids),
    countComments(db, ids),
    listPostVariants(db, ids),
  ]);
  const polls = await pollViews(db, viewer, [...pollsByPost.values()].flat());
  const pollsOf = (postId: string) => polls.filter((p) => p.postId === postId);
  return rows.map(({ post, author }) => ({
    id: post.id,
    spaceId: post.space_id,
    author: actorFromRow(author),
    kind: post.kind as PostKind,
    body: post.body,
    locale: post.locale as Locale,
    createdAt: post.created_at,
    ...(post.edited_at ? { editedAt: post.edited_at } : {}),
    reactions: {
      objectId: post.id,
      counts: countsFor(kinds, counts.get(post.id)),
      mine: (mine.get(post.id) ?? []).filter((k) => kinds.includes(k)),
    },
    // Placeholders of deleted comments do not count.
    commentCount: comments.get(post.id) ?? 0,
    ...(pollsByPost.has(post.id) ? { polls: pollsOf(post.id) } : {}),
    ...(previews.has(post.id) ? { linkPreview: previews.get(post.id) } : {}),
    // Absent when none, like polls and linkPreview; sorted by locale.
    ...(variants.has(post.id) ? { variants: variants.get(post.id) } : {}),
  }));
}
