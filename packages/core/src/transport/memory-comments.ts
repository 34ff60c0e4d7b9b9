/**
 * The comment, post-edit and translation routes of {@link MemoryTransport},
 * kept apart for size. Rights as on the server: readers may not comment
 * (403), only its author edits a comment, its author or a space owner
 * deletes it; a deleted comment with replies stays as a placeholder; one
 * level of replies.
 */
import {
  COMMENT_BODY_MAX_CHARS,
  COMMENT_LIMIT_MAX,
  normalizeBody,
  problem,
  type Actor,
  type Comment,
  type CommentDraft,
  type CommentPage,
  type CommentPatch,
  type LiveEvent,
  type Locale,
  type Post,
  type PostPatch,
  type ProblemCode,
  type ReactionSummary,
  type Space,
  type TranslationRequest,
} from '@ecotone/protocol';
import { errorFromProblem, type EcotoneError } from '../errors.js';
import type { TransportRequest } from '../types.js';

/** A machine translator for {@link MemoryTransport.setTranslator}, like the server's hook. */
export type MemoryTranslator = (text: string, from: Locale, to: Locale) => string | Promise<string>;

/** What the comment routes need from the rest of the memory backend. */
export interface MemoryCommentsContext {
  me(): Actor;
  space(spaceId: string): Space | undefined;
  post(postId: string): Post | undefined;
  /** The post as the caller sees it (reactions, polls). */
  view(post: Post): Post;
  /** Registers (or with null removes) an object that takes reactions. */
  reactable(objectId: string, seed: ReactionSummary | null): void;
  summary(objectId: string): ReactionSummary;
  emit(event: LiveEvent): void;
}

type StoredComment = Omit<Comment, 'reactions' | 'canEdit' | 'canDelete'>;

const DEFAULT_COMMENT_LIMIT = 20;

export class MemoryComments {
  private readonly comments = new Map<string, StoredComment>();
  private nextNumber = 1;
  translator: MemoryTranslator | undefined;

  constructor(private readonly ctx: MemoryCommentsContext) {}

  /** Adds or replaces a comment directly (no event); its post's count follows. */
  add(comment: Comment): void {
    const { reactions, canEdit: _e, canDelete: _d, ...stored } = structuredClone(comment);
    this.comments.set(comment.id, stored);
    this.ctx.reactable(comment.id, reactions);
    this.recount(comment.postId);
  }

  /** Adds a comment as another person would, and emits `comment.created`. */
  addAsOther(postId: string, author: Actor, body: string, parentId: string | null = null): Comment {
    const post = this.visiblePost(postId);
    return this.insert(post, author, { body, ...(parentId ? { parentId } : {}) });
  }

  /** Answers a comment, post-edit or translation route, or undefined when `name` is not one. */
  handle(name: string, req: TransportRequest, id: string): { result: unknown } | Promise<{ result: unknown }> | undefined {
    switch (`${req.method} ${name}`) {
      case 'GET comments':
        return { result: this.page(id, req.query ?? {}) };
      case 'POST comments':
        return { result: this.create(id, req.body as CommentDraft) };
      case 'PATCH comment':
        return { result: this.patch(id, req.body as CommentPatch) };
      case 'DELETE comment':
        return { result: this.remove(id) };
      case 'PATCH post':
        return { result: this.patchPost(id, req.body as PostPatch) };
      case 'POST translations':
        return this.translate(id, req.body as TranslationRequest).then((result) => ({ result }));
      default:
        return undefined;
    }
  }

  private visiblePost(postId: string): Post {
    const post = this.ctx.post(postId);
    if (!post || !this.ctx.space(post.spaceId)) throw fail('not_found', `No post ${postId}`);
    return post;
  }

  private visibleComment(commentId: string): StoredComment {
    const comment = this.comments.get(commentId);
    if (!comment || !this.ctx.post(comment.postId)) throw fail('not_found', `No comment ${commentId}`);
    return comment;
  }

  private ordered(postId: string): StoredComment[] {
    return [...this.comments.values()]
      .filter((c) => c.postId === postId)
      .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.id < b.id ? -1 : 1));
  }

  private page(postId: string, query: NonNullable<TransportRequest['query']>): CommentPage {
    this.visiblePost(postId);
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
    const post = this.visiblePost(postId);
    if (this.ctx.space(post.spaceId)?.role === 'reader') throw fail('forbidden', 'Readers may not comment');
    return this.insert(post, this.ctx.me(), draft);
  }

  private insert(post: Post, author: Actor, draft: CommentDraft): Comment {
    checkBody(draft?.body, '/body/body');
    if (draft.parentId !== undefined) {
      const parent = this.comments.get(draft.parentId);
      if (!parent || parent.postId !== post.id || parent.parentId !== null) {
        throw fail('validation_failed', 'Replies go to a top-level comment of the same post', [{ path: '/body/parentId', message: 'not a top-level comment of this post' }]);
      }
    }
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
      createdAt: new Date(Math.max(Date.now(), latest + 1)).toISOString(),
      deleted: false,
    };
    this.comments.set(id, stored);
    this.ctx.reactable(id, { objectId: id, counts: {}, mine: [] });
    const commentCount = this.recount(post.id);
    const comment = this.view(stored);
    this.ctx.emit({ type: 'comment.created', spaceId: post.spaceId, postId: post.id, comment, commentCount });
    return comment;
  }

  private patch(commentId: string, patch: CommentPatch): Comment {
    const stored = this.visibleComment(commentId);
    if (stored.deleted) throw fail('not_found', `No comment ${commentId}`);
    if (stored.author.id !== this.ctx.me().id) throw fail('forbidden', 'Only its author may edit a comment');
    checkBody(patch?.body, '/body/body');
    stored.body = normalizeBody(patch.body);
    stored.editedAt = new Date().toISOString();
    const comment = this.view(stored);
    const commentCount = this.recount(stored.postId);
    this.ctx.emit({ type: 'comment.updated', spaceId: stored.spaceId, postId: stored.postId, comment, commentCount });
    return comment;
  }

  private remove(commentId: string): undefined {
    const stored = this.visibleComment(commentId);
    if (stored.deleted) throw fail('not_found', `No comment ${commentId}`);
    if (!this.canDelete(stored)) throw fail('forbidden', 'Only its author or a space owner may delete a comment');
    const hasReplies = [...this.comments.values()].some((c) => c.parentId === commentId && !c.deleted);
    if (hasReplies) {
      stored.deleted = true;
      stored.body = '';
    } else {
      this.comments.delete(commentId);
      this.ctx.reactable(commentId, null);
    }
    const commentCount = this.recount(stored.postId);
    this.ctx.emit({ type: 'comment.deleted', spaceId: stored.spaceId, postId: stored.postId, commentId, commentCount });
    return undefined;
  }

  private patchPost(postId: string, patch: PostPatch): Post {
    const post = this.visiblePost(postId);
    if (post.author.id !== this.ctx.me().id) throw fail('forbidden', 'Only its author may edit a post');
    if (patch?.body !== undefined) post.body = normalizeBody(patch.body);
    if (patch?.variants !== undefined) {
      const seen = new Set<string>();
      for (const [i, v] of patch.variants.entries()) {
        if (v.locale === post.locale || seen.has(v.locale)) {
          throw fail('validation_failed', 'One variant per other language', [{ path: `/body/variants/${i}/locale`, message: 'duplicate or source language' }]);
        }
        seen.add(v.locale);
      }
      post.variants = patch.variants.map((v) => ({ locale: v.locale, body: normalizeBody(v.body), machine: false }));
    }
    post.editedAt = new Date().toISOString();
    const view = this.ctx.view(post);
    this.ctx.emit({ type: 'post.updated', spaceId: post.spaceId, post: view });
    return view;
  }

  private async translate(postId: string, request: TranslationRequest): Promise<Post> {
    const post = this.visiblePost(postId);
    if (!this.translator) throw fail('translation_unavailable', 'No translation service is configured');
    const to = request?.locale;
    if (!to || to === post.locale) throw fail('validation_failed', 'Another language is needed', [{ path: '/body/locale', message: 'the source language' }]);
    const body = await this.translator(post.body, post.locale, to);
    post.variants = [...(post.variants ?? []).filter((v) => v.locale !== to), { locale: to, body, machine: true }];
    const view = this.ctx.view(post);
    this.ctx.emit({ type: 'post.updated', spaceId: post.spaceId, post: view });
    return view;
  }

  private canDelete(stored: StoredComment): boolean {
    return stored.author.id === this.ctx.me().id || this.ctx.space(stored.spaceId)?.role === 'owner';
  }

  private view(stored: StoredComment): Comment {
    return {
      ...structuredClone(stored),
      reactions: this.ctx.summary(stored.id),
      canEdit: !stored.deleted && stored.author.id === this.ctx.me().id,
      canDelete: !stored.deleted && this.canDelete(stored),
    };
  }

  /** Counts the post's live comments (placeholders excluded) into its `commentCount`. */
  private recount(postId: string): number {
    const count = [...this.comments.values()].filter((c) => c.postId === postId && !c.deleted).length;
    const post = this.ctx.post(postId);
    if (post) post.commentCount = count;
    return count;
  }
}

function checkBody(body: unknown, path: string): void {
  if (typeof body !== 'string' || body.trim() === '' || body.length > COMMENT_BODY_MAX_CHARS) {
    throw fail('validation_failed', 'A comment needs a body', [{ path, message: `1 to ${COMMENT_BODY_MAX_CHARS} characters` }]);
  }
}

function fail(code: ProblemCode, title: string, errors?: { path: string; message: string }[]): EcotoneError {
  return errorFromProblem(problem(code, title, errors ? { errors } : {}));
}
