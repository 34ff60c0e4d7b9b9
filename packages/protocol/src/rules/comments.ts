/**
 * Comment rights and the one level of replies. Who may comment at all is
 * `canComment` (spaces.ts); a comment is seen exactly when its post is.
 */
import type { Role } from '../wire-types.js';
import type { ProblemFieldError } from '../wire-types.js';

/** What the rules need to know of a comment. */
export interface CommentFacts {
  /** Who wrote it. */
  authorId: string;
  /** Deleted already (kept as a placeholder while it has replies). */
  deleted: boolean;
}

/** Whether the viewer may edit a comment: its author, while it is not deleted. */
export function canEditComment(comment: CommentFacts, viewerId: string): boolean {
  return !comment.deleted && comment.authorId === viewerId;
}

/** Whether the viewer may delete a comment: its author or a space owner, while it is not deleted. */
export function canDeleteComment(comment: CommentFacts, viewerId: string, role: Role | null): boolean {
  return !comment.deleted && (comment.authorId === viewerId || role === 'owner');
}

/**
 * Why a reply may not go under `parent` (undefined: no such comment): one
 * level of replies, so the parent is a live top-level comment of this very
 * post. Empty when it may.
 */
export function replyParentErrors(
  parent: { postId: string; parentId: string | null; deleted: boolean } | undefined,
  postId: string,
): ProblemFieldError[] {
  const why =
    !parent || parent.postId !== postId
      ? 'is not a comment of this post'
      : parent.parentId !== null
        ? 'is a reply; reply to its top-level comment instead'
        : parent.deleted
          ? 'is deleted'
          : null;
  return why === null ? [] : [{ path: '/body/parentId', message: why }];
}

