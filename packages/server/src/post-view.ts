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
import { actorAcks, countAcks } from './repositories/acks.js';
import type { PostRow } from './db/schema.js';
import type { Role } from '@ecotone/protocol';

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
  const ackIds = rows.filter((r) => r.post.requires_ack === 1).map((r) => r.post.id);
  const [counts, mine, pollsByPost, previews, comments, variants, ackCounts, myAcks] = await Promise.all([
    countReactions(db, ids),
    actorReactions(db, viewer.id, ids),
    listPostPolls(db, ids),
    listPostPreviews(db, ids),
    countComments(db, ids),
    listPostVariants(db, ids),
    countAcks(db, ackIds),
    actorAcks(db, viewer.id, ackIds),
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
    // Once published, a scheduled post dates from its publication.
    createdAt: isDraft(post, viewer.now) ? post.created_at : (post.publish_at ?? post.created_at),
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
    // Only while in the future, and only to those who see drafts.
    ...(post.publish_at && isDraft(post, viewer.now) && seesDraft(post, viewer.id, viewer.roleIn(post.space_id))
      ? { publishAt: post.publish_at }
      : {}),
    ...(isPinned(post, viewer.now) ? { pinned: { until: post.pinned_until } } : {}),
    ...(post.requires_ack === 1
      ? { acknowledgement: { mine: myAcks.has(post.id), count: ackCounts.get(post.id) ?? 0 } }
      : {}),
  }));
}
