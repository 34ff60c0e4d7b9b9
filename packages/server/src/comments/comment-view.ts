import type { Kysely } from 'kysely';
import { moderationMark } from '../moderation/moderation-state.js';
import type { Comment, Locale, Role } from '@ecotone/protocol';
import { canDeleteComment, canEditComment } from '@ecotone/protocol/rules';
import type { Database } from '../db/schema.js';
import { actorFromRow } from '../people/actor-repository.js';
import type { CommentWithAuthorRow } from './comment-repository.js';
import { actorReactions, countReactions } from '../reactions/reaction-repository.js';
import { countsFor } from '../posts/post-view.js';
import { loadMentions } from '../notifications/mentions.js';
import { loadAttachments } from '../files/attachments.js';

/** Who looks at comments: their id and role in the comments' space. */
export interface CommentViewer {
  id: string;
  role: Role | null;
}

/** Wire comments as `viewer` sees them (rights, own reactions), reactions loaded in two queries. */
export async function commentViews(
  db: Kysely<Database>,
  viewer: CommentViewer,
  rows: readonly CommentWithAuthorRow[],
  kinds: readonly string[],
): Promise<Comment[]> {
  const ids = rows.map((r) => r.comment.id);
  const [counts, mine, mentions, attachments] = await Promise.all([
    countReactions(db, ids),
    actorReactions(db, viewer.id, ids),
    loadMentions(db, 'comment', ids),
    loadAttachments(db, 'comment', ids),
  ]);
  return rows.map(({ comment, author }) => {
    const mentioned = comment.deleted_at === null ? mentions.get(comment.id) : undefined;
    const files = comment.deleted_at === null ? attachments.get(comment.id) : undefined;
    const facts = { authorId: comment.author_id, deleted: comment.deleted_at !== null };
    return {
      id: comment.id,
      postId: comment.post_id,
      spaceId: comment.space_id,
      parentId: comment.parent_id,
      author: actorFromRow(author),
      body: comment.body,
      locale: comment.locale as Locale,
      createdAt: comment.created_at,
      ...(comment.edited_at ? { editedAt: comment.edited_at } : {}),
      deleted: facts.deleted,
      ...(mentioned ? { mentions: mentioned } : {}),
      reactions: {
        objectId: comment.id,
        counts: countsFor(kinds, counts.get(comment.id)),
        mine: (mine.get(comment.id) ?? []).filter((k) => kinds.includes(k)),
      },
      ...(files ? { attachments: files } : {}),
      canEdit: canEditComment(facts, viewer.id),
      canDelete: canDeleteComment(facts, viewer.id, viewer.role),
      ...(comment.moderation !== null ? { moderation: moderationMark(comment) } : {}),
    };
  });
}

/** A comment as stored in a live event: nothing per viewer (rights false, no own reactions). */
export function anonymousComment(comment: Comment): Comment {
  return { ...comment, reactions: { ...comment.reactions, mine: [] }, canEdit: false, canDelete: false };
}

/** A stored comment shaped for one viewer: their rights; `mine` is filled by the caller. */
export function commentForViewer(comment: Comment, viewerId: string, role: Role | null, mine: string[]): Comment {
  const facts = { authorId: comment.author.id, deleted: comment.deleted };
  return {
    ...comment,
    reactions: { ...comment.reactions, mine },
    canEdit: canEditComment(facts, viewerId),
    canDelete: canDeleteComment(facts, viewerId, role),
  };
}
