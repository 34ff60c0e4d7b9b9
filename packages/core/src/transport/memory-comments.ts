/**
 * Comments of {@link MemoryTransport}. Rights as on the server, from
 * `@ecotone/protocol/rules`: whoever may publish in the space comments
 * (readers and non-members of an open space get 403), only its author edits
 * a comment, its author or a space owner deletes it; one level of replies, to
 * a live top-level comment; a deleted comment with replies stays as a
 * placeholder, which goes with its last reply.
 */
import {
  COMMENT_BODY_MAX_CHARS,
  COMMENT_LIMIT_MAX,
  normalizeBody,
  type Actor,
  type Comment,
  type CommentDraft,
  type CommentPage,
  type CommentPatch,
  type Post,
  type WorldComment,
} from '@ecotone/protocol';
import { INVALID_REQUEST_TITLE, attachmentErrors, canComment, canDeleteComment, canEditComment, commentUses, replyParentErrors } from '@ecotone/protocol/rules';
import { attachableFiles, attachDrafts, deleteAttachments } from './memory-attachments.js';
import type { TransportRequest } from '../types.js';
import type { MemoryNotifications } from './memory-notifications.js';
import type { MemoryReactions } from './memory-reactions.js';
import { answer, fail, keyed, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

/** A comment as kept (and snapshotted): without what depends on the viewer; a placeholder has `deleted`. */
type StoredComment = WorldComment;

const DEFAULT_COMMENT_LIMIT = 20;

export class MemoryComments {
  private readonly comments = new Map<string, StoredComment>();
  private nextNumber = 1;

  constructor(
    private readonly store: MemoryStore,
    private readonly reactions: MemoryReactions,
    private readonly notifications: MemoryNotifications,
  ) {}

  readonly routes: MemoryRouteTable = {
    comments: {
      GET: answer((req, postId) => this.page(postId, req.query ?? {})),
      POST: keyed((req, postId) => this.create(postId, req.body as CommentDraft)),
    },
    comment: {
      PATCH: keyed((req, commentId) => this.patch(commentId, req.body as CommentPatch)),
      DELETE: keyed((_req, commentId) => this.remove(commentId)),
    },
  };

  /** Adds or replaces a comment directly (no event); its post's count follows. */
  add(comment: Comment): void {
    const { reactions, canEdit: _e, canDelete: _d, ...stored } = structuredClone(comment);
    this.comments.set(comment.id, stored);
    if (!this.store.people.has(comment.author.id)) this.store.know(comment.author);
    this.reactions.register(comment.id, { spaceId: comment.spaceId, postId: comment.postId }, reactions);
    this.recount(comment.postId);
  }

  /** Every comment (placeholders included) and the number the next one takes, for a snapshot of the world. */
  dump(): { comments: StoredComment[]; next: number } {
    return { comments: structuredClone([...this.comments.values()]), next: this.nextNumber };
  }

  /** Replaces every comment with those of a snapshot (their reactions come with the reactions'). */
  load(state: { comments: readonly StoredComment[]; next: number }): void {
    this.comments.clear();
    for (const c of structuredClone(state.comments)) this.comments.set(c.id, c);
    this.nextNumber = state.next;
  }

  /** Adds a comment as another person would, and emits `comment.created`. */
  addAsOther(postId: string, author: Actor, body: string, parentId: string | null = null): Comment {
    const post = this.store.readablePost(postId);
    return this.insert(post, author, { body, ...(parentId ? { parentId } : {}) });
  }

  /** A comment as stored, for the notifications about it (whoever asks). */
  stored(commentId: string): { postId: string; spaceId: string; body: string; deleted: boolean; authorId: string } | undefined {
    const c = this.comments.get(commentId);
    return c && { postId: c.postId, spaceId: c.spaceId, body: c.body, deleted: c.deleted, authorId: c.author.id };
  }

  private visibleComment(commentId: string): StoredComment {
    const comment = this.comments.get(commentId);
    if (!comment || !this.store.visiblePost(comment.postId)) throw fail('not_found', `No comment ${commentId}`);
    return comment;
  }

  private ordered(postId: string): StoredComment[] {
    return [...this.comments.values()]
      .filter((c) => c.postId === postId)
      .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.id < b.id ? -1 : 1));
  }

  private page(postId: string, query: NonNullable<TransportRequest['query']>): CommentPage {
    this.store.readablePost(postId);
    const limit = Number(query.limit ?? DEFAULT_COMMENT_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > COMMENT_LIMIT_MAX) throw fail('validation_failed', 'Bad limit');
    const all = this.ordered(postId);
    let start = 0;
    if (query.cursor !== undefined && query.cursor !== '') {
      const index = all.findIndex((c) => c.id === String(query.cursor));
      if (index < 0) throw fail('invalid_cursor', 'Unknown cursor');
      start = index + 1;
    }
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { items: items.map((c) => this.view(c)), nextCursor: more ? (items.at(-1)?.id ?? null) : null };
  }

  private create(postId: string, draft: CommentDraft): Comment {
    const post = this.store.readablePost(postId);
    if (!canComment(this.store.roleIn(post.spaceId))) throw fail('forbidden', 'You may not comment in this space');
    this.store.requireCapabilities(post.spaceId, commentUses(draft ?? {}));
    return this.insert(post, this.store.caller, draft);
  }

  private insert(post: Post, author: Actor, draft: CommentDraft): Comment {
    checkBody(draft?.body, '/body/body');
    if (draft.parentId !== undefined) {
      const parent = this.comments.get(draft.parentId);
      const errors = replyParentErrors(parent, post.id);
      if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    }
    const errors = attachmentErrors(draft.attachments ?? [], attachableFiles(this.store), author.id, post.spaceId);
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    this.notifications.checkMentions(post.spaceId, [draft.body]);
    const latest = Math.max(0, ...[...this.comments.values()].map((c) => Date.parse(c.createdAt)));
    const id = `mem-comment-${this.nextNumber++}`;
    const stored: StoredComment = {
      id,
      postId: post.id,
      spaceId: post.spaceId,
      parentId: draft.parentId ?? null,
      author,
      body: normalizeBody(draft.body),
      locale: draft.locale ?? author.locale,
      createdAt: this.store.nextTime(latest),
      deleted: false,
    };
    const attachments = attachDrafts(this.store, draft.attachments ?? [], { type: 'comment', id, postId: post.id });
    if (attachments.length > 0) stored.attachments = attachments;
    this.comments.set(id, stored);
    this.reactions.register(id, { spaceId: post.spaceId, postId: post.id });
    const commentCount = this.recount(post.id);
    const comment = this.view(stored);
    const created = () => ({ type: 'comment.created', spaceId: post.spaceId, postId: post.id, comment: this.view(stored), commentCount }) as const;
    this.store.emit(created(), { shape: created });
    this.notifications.commentCreated(stored, author, post);
    return comment;
  }

  private patch(commentId: string, patch: CommentPatch): Comment {
    const stored = this.visibleComment(commentId);
    if (stored.deleted) throw fail('not_found', `No comment ${commentId}`);
    if (!canEditComment(facts(stored), this.store.caller.id)) throw fail('forbidden', 'Only the author of the comment may edit it');
    checkBody(patch?.body, '/body/body');
    this.notifications.checkMentions(stored.spaceId, [patch.body], '/body/body', [stored.body]);
    const before = stored.body;
    stored.body = normalizeBody(patch.body);
    stored.editedAt = this.store.now().toISOString();
    const comment = this.view(stored);
    const commentCount = this.recount(stored.postId);
    const updated = () => ({ type: 'comment.updated', spaceId: stored.spaceId, postId: stored.postId, comment: this.view(stored), commentCount }) as const;
    this.store.emit(updated(), { shape: updated });
    this.notifications.recordMentions({ type: 'comment', id: stored.id, spaceId: stored.spaceId, postId: stored.postId }, stored.author, [stored.body], [before]);
    return comment;
  }

  private remove(commentId: string): undefined {
    const stored = this.visibleComment(commentId);
    if (stored.deleted) throw fail('not_found', `No comment ${commentId}`);
    if (!canDeleteComment(facts(stored), this.store.caller.id, this.store.roleIn(stored.spaceId))) {
      throw fail('forbidden', 'Only the author of the comment or an owner of the space may delete it');
    }
    const gone = [commentId];
    // Its files go, placeholder or not.
    deleteAttachments(this.store, stored.attachments ?? []);
    delete stored.attachments;
    if (this.hasReplies(commentId)) {
      // Its replies stay, under a placeholder that keeps the thread readable.
      stored.deleted = true;
      stored.body = '';
    } else {
      this.forget(commentId);
      // The last reply of a placeholder takes the placeholder with it: nothing is left to show.
      const parent = stored.parentId === null ? undefined : this.comments.get(stored.parentId);
      if (parent?.deleted && !this.hasReplies(parent.id)) {
        this.forget(parent.id);
        gone.push(parent.id);
      }
    }
    const commentCount = this.recount(stored.postId);
    for (const id of gone) this.store.emit({ type: 'comment.deleted', spaceId: stored.spaceId, postId: stored.postId, commentId: id, commentCount });
    return undefined;
  }

  private hasReplies(commentId: string): boolean {
    return [...this.comments.values()].some((c) => c.parentId === commentId);
  }

  private forget(commentId: string): void {
    this.comments.delete(commentId);
    this.notifications.objectDeleted('comment', commentId);
    this.reactions.remove(commentId);
  }

  private view(stored: StoredComment): Comment {
    const me = this.store.caller.id;
    const { mentions: _kept, ...rest } = structuredClone(stored);
    const mentions = stored.deleted ? undefined : this.notifications.mentionsOf([stored.body]);
    return {
      ...rest,
      ...(mentions ? { mentions } : {}),
      reactions: this.reactions.current(stored.id),
      canEdit: canEditComment(facts(stored), me),
      canDelete: canDeleteComment(facts(stored), me, this.store.roleIn(stored.spaceId)),
    };
  }

  /** Counts the post's live comments (placeholders excluded) into its `commentCount`. */
  private recount(postId: string): number {
    const count = [...this.comments.values()].filter((c) => c.postId === postId && !c.deleted).length;
    const post = this.store.posts.get(postId);
    if (post) post.commentCount = count;
    return count;
  }
}

const facts = (stored: StoredComment) => ({ authorId: stored.author.id, deleted: stored.deleted });

/** What the request schema checks on the server: a body of 1 to COMMENT_BODY_MAX_CHARS characters. */
function checkBody(body: unknown, path: string): void {
  if (typeof body !== 'string' || body.trim() === '' || body.length > COMMENT_BODY_MAX_CHARS) {
    throw fail('validation_failed', 'A comment needs a body', [{ path, message: `1 to ${COMMENT_BODY_MAX_CHARS} characters` }]);
  }
}
