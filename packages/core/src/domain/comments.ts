/**
 * Comments of posts, loaded on first use (a like-button page never downloads
 * it). Comments live in the store's `comments` table and their reactions in
 * `reactions`, so `reactions$(commentId)` and like buttons on comments read
 * the same numbers as the thread.
 *
 * A thread per post lists comment ids (oldest first); adding is optimistic
 * (a pending comment with a temporary id appears at once and is replaced by
 * the server's), edits are optimistic, deletes wait for the server.
 */
import { BehaviorSubject, Observable, distinctUntilChanged, ignoreElements, map, merge } from 'rxjs';
import {
  COMMENT_LIMIT_MAX,
  commentPath,
  commentsPath,
  postPath,
  translationsPath,
  type Comment,
  type CommentChangedEvent,
  type CommentDeletedEvent,
  type ContentHiddenEvent,
  type CommentDraft,
  type CommentPage,
  type LiveEvent,
  type Me,
  type Post,
  type PostDeletedEvent,
  type PostPatch,
  type ResetEvent,
  type TranslationRequest,
} from '@ecotone/protocol';
import { toEcotoneError, type EcotoneError } from '../errors.js';
import { newIdempotencyKey } from '../outbox/idempotency-key.js';
import type { EntityStore, StoredComment } from '../store/entity-store.js';
import type { CommentThread, CommentsState, Outbox, TransportRequest } from '../types.js';
import type { ClientCore } from '../client-core.js';
import type { CachedComments } from '../offline/read-cache.js';

/** What the comments domain needs from the client. */
export interface CommentsContext {
  readonly store: EntityStore;
  readonly outbox: Outbox;
  /** A read, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** Live events (subscribing keeps the stream open). */
  readonly live$: Observable<LiveEvent>;
  /** The caller, for optimistic comments and dedupe. */
  me(): Promise<Me>;
  /** Whether a reaction write on the object is in flight (its optimistic counts stand). */
  reactionPending(objectId: string): boolean;
  /** The persistent read cache, when the client is offline-capable (first pages of threads). */
  cache?: CommentsCache;
  /** Puts posts into the store (a post of the caller's own, hidden or restored, fetched again). */
  upsertPosts?(posts: readonly Post[]): void;
  /** Reads the first page of a space's feed again, when one is shown (content restored). */
  refreshFeed?(spaceId: string): void;
}

/** What a thread asks of the read cache. */
export interface CommentsCache {
  page(postId: string): Promise<CachedComments | undefined>;
  save(postId: string, items: readonly Comment[], nextCursor: string | null): void;
  /** The server refused the thread (403) or does not know the post (404). */
  lost(postId: string, refused: boolean): void;
}

/** The comments domain of a client (see client-core.ts). */
export function attach(core: ClientCore): CommentsDomain {
  return new CommentsDomain({
    store: core.store,
    outbox: core.outbox,
    request: (req) => core.request(req),
    live$: core.live$,
    me: () => core.me(),
    reactionPending: (id) => core.reactions.isPending(id),
    ...(core.offlineCache ? { cache: commentsCacheOf(core.offlineCache) } : {}),
    upsertPosts: (posts) => core.upsertPosts(posts),
    refreshFeed: (spaceId) => void core.feeds.get(spaceId)?.refresh(),
  });
}

/** The threads' side of the read cache, loaded alongside the first fetch. */
function commentsCacheOf(wiring: NonNullable<ClientCore['offlineCache']>): CommentsCache {
  return {
    page: (postId) => wiring().then((w) => w.commentsPage(postId)),
    save: (postId, items, cursor) => void wiring().then((w) => w.saveCommentsPage(postId, items, cursor), () => undefined),
    lost: (postId, refused) => void wiring().then((w) => w.postLost(postId, refused), () => undefined),
  };
}

/** Page size of a thread. */
export const COMMENT_PAGE_SIZE = 20;
const PENDING_PREFIX = 'pending-comment-';

interface ThreadData {
  ids: string[];
  cursor: string | null;
  status: CommentsState['status'];
  hasMore: boolean;
  loadingMore: boolean;
  error: EcotoneError | null;
  subscribers: number;
  /** Whether the thread has been shown before (a later first subscriber refreshes: events were missed). */
  started: boolean;
  /** The comments are the saved copy (see CommentsState.fromCache). */
  fromCache?: CommentsState['fromCache'];
  /** The saved copy has been asked for (once per thread). */
  cacheRead?: boolean;
}

function byCreated(a: StoredComment, b: StoredComment): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Threads, writes and live events of comments; see {@link CommentsContext}. */
export class CommentsDomain {
  private readonly threads = new Map<string, { data: BehaviorSubject<ThreadData>; api: CommentThread }>();
  /** Temporary id → server id, once known (the live event may come before the answer). */
  private readonly confirmed = new Map<string, string>();
  /** Comment ids whose creation or deletion this client has already counted. */
  private readonly counted = new Set<string>();
  private nextTemp = 1;
  /** Ids of comments with a write in flight (shown as `CommentsState.pending`). */
  private readonly pending = new BehaviorSubject<ReadonlySet<string>>(new Set());

  constructor(private readonly ctx: CommentsContext) {}

  /** The thread of a post; the same one while the client lives. */
  thread(postId: string): CommentThread {
    let entry = this.threads.get(postId);
    if (!entry) {
      const data = new BehaviorSubject<ThreadData>({
        ids: [], cursor: null, status: 'loading', hasMore: false, loadingMore: false, error: null, subscribers: 0, started: false,
      });
      const api: CommentThread = {
        state$: this.stateOf(postId, data),
        loadMore: () => this.loadMore(postId),
        refresh: () => this.refresh(postId),
      };
      entry = { data, api };
      this.threads.set(postId, entry);
    }
    return entry.api;
  }

  /** See {@link EcotoneClient.comment}. */
  async create(postId: string, draft: CommentDraft): Promise<Comment> {
    const me = await this.ctx.me();
    const tempId = `${PENDING_PREFIX}${this.nextTemp++}`;
    const post = this.ctx.store.snapshot.posts[postId];
    const optimistic: StoredComment = {
      id: tempId,
      postId,
      spaceId: post?.spaceId ?? '',
      parentId: draft.parentId ?? null,
      author: me.actor,
      body: draft.body,
      locale: draft.locale ?? me.actor.locale,
      createdAt: new Date().toISOString(),
      deleted: false,
      canEdit: false,
      canDelete: false,
    };
    this.put([optimistic]);
    this.mutate(postId, (t) => ({ ...t, ids: [...t.ids, tempId] }));
    this.setPending(tempId, true);
    try {
      const comment = await this.ctx.outbox.send<Comment>({
        method: 'POST',
        path: commentsPath(postId),
        body: draft,
        idempotencyKey: newIdempotencyKey(),
      }, { action: 'comment', target: postId });
      this.settleCreated(tempId, comment);
      if (!this.counted.has(comment.id)) {
        this.counted.add(comment.id);
        const count = this.ctx.store.snapshot.posts[postId]?.commentCount;
        if (count !== undefined) this.setCount(postId, count + 1);
      }
      return comment;
    } catch (err) {
      this.mutate(postId, (t) => ({ ...t, ids: t.ids.filter((id) => id !== tempId) }));
      this.drop(tempId);
      throw toEcotoneError(err);
    } finally {
      this.setPending(tempId, false);
    }
  }

  /** See {@link EcotoneClient.editComment}: optimistic, rolled back on refusal. */
  async edit(commentId: string, body: string): Promise<Comment> {
    const before = this.ctx.store.snapshot.comments[commentId];
    if (before) this.put([{ ...before, body, editedAt: new Date().toISOString() }]);
    this.setPending(commentId, true);
    try {
      const comment = await this.ctx.outbox.send<Comment>({
        method: 'PATCH',
        path: commentPath(commentId),
        body: { body },
        idempotencyKey: newIdempotencyKey(),
      }, { action: 'comment', target: commentId });
      this.putComments([comment]);
      return comment;
    } catch (err) {
      if (before) this.put([before]);
      throw toEcotoneError(err);
    } finally {
      this.setPending(commentId, false);
    }
  }

  /** See {@link EcotoneClient.deleteComment}: pending meanwhile, applied when the server agrees. */
  async remove(commentId: string): Promise<void> {
    const comment = this.ctx.store.snapshot.comments[commentId];
    this.setPending(commentId, true);
    try {
      await this.ctx.outbox.send<undefined>({ method: 'DELETE', path: commentPath(commentId), idempotencyKey: newIdempotencyKey() }, { action: 'comment', target: commentId });
    } catch (err) {
      throw toEcotoneError(err);
    } finally {
      this.setPending(commentId, false);
    }
    if (!comment) return;
    if (!this.counted.has(`-${commentId}`)) {
      this.counted.add(`-${commentId}`);
      const count = this.ctx.store.snapshot.posts[comment.postId]?.commentCount;
      if (count !== undefined) this.setCount(comment.postId, count - 1);
    }
    this.applyDeleted(comment.postId, commentId);
  }

  /**
   * A post write through the outbox: a `PostPatch`, or (`{ locale }`) a
   * translation request; the answer goes into the store. Post edits ride in
   * this chunk: like comments, they only matter once someone opens a post.
   */
  async postWrite(postId: string, body: PostPatch | TranslationRequest): Promise<Post> {
    const translation = 'locale' in body;
    let post: Post;
    try {
      post = await this.ctx.outbox.send<Post>({
        method: translation ? 'POST' : 'PATCH',
        path: translation ? translationsPath(postId) : postPath(postId),
        body,
        idempotencyKey: newIdempotencyKey(),
      }, { action: 'other', target: postId });
    } catch (err) {
      throw toEcotoneError(err);
    }
    this.ctx.store.upsertPosts([post], { keepReactionsOf: this.ctx.reactionPending });
    return post;
  }

  /**
   * Deletes a post (its author or an owner of its space); it leaves the
   * store, and so every feed and view, once the server has deleted it. A
   * retry that finds it gone already counts as done.
   */
  async deletePost(postId: string): Promise<void> {
    try {
      await this.ctx.outbox.send<void>({ method: 'DELETE', path: postPath(postId), idempotencyKey: newIdempotencyKey() }, { action: 'other', target: postId });
    } catch (err) {
      const error = toEcotoneError(err);
      if (error.code !== 'not_found') throw error;
    }
    this.removePost(postId);
  }

  private removePost(postId: string): void {
    this.ctx.store.update((state) => {
      if (!state.posts[postId]) return state;
      const posts = { ...state.posts };
      delete posts[postId];
      return { ...state, posts };
    });
  }

  /**
   * Applies a live `comment.*` event (the thread, and the post's count),
   * `post.deleted`, `content.hidden` or `content.restored`, or refreshes
   * threads on screen after `stream.reset`.
   */
  applyEvent(event: CommentChangedEvent | CommentDeletedEvent | PostDeletedEvent | ContentHiddenEvent | ResetEvent, myActorId: string | undefined, seesHidden = false): void {
    if (event.type === 'stream.reset') return this.refreshShown();
    if ('targetType' in event) return this.applyModeration(event, myActorId, seesHidden);
    if (event.type === 'post.deleted') return this.removePost(event.postId);
    this.setCount(event.postId, event.commentCount);
    if (event.type === 'comment.deleted') {
      this.counted.add(`-${event.commentId}`);
      this.applyDeleted(event.postId, event.commentId);
      return;
    }
    const { comment } = event;
    if (event.type === 'comment.updated') {
      if (this.ctx.store.snapshot.comments[comment.id] && !this.pending.value.has(comment.id)) this.putComments([comment]);
      return;
    }
    this.counted.add(comment.id);
    const thread = this.threads.get(event.postId);
    if (!thread) return;
    const ids = thread.data.value.ids;
    if (ids.includes(comment.id) || [...this.confirmed.values()].includes(comment.id)) return;
    // The caller's own comment arriving live before the answer replaces its pending twin.
    const twin =
      comment.author.id === myActorId
        ? ids.find((id) => {
            const c = this.ctx.store.snapshot.comments[id];
            return id.startsWith(PENDING_PREFIX) && !this.confirmed.has(id) && c?.body === comment.body && c.parentId === comment.parentId;
          })
        : undefined;
    if (twin) {
      this.settleCreated(twin, comment);
      return;
    }
    this.putComments([comment]);
    this.mutate(event.postId, (t) => ({ ...t, ids: [...t.ids, comment.id] }));
  }

  /**
   * Content an owner hid leaves the store at once (feeds and threads drop
   * it), except for its author and the space's owners (`seesHidden`), who
   * get it again marked hidden; restored content comes back (a post's feed
   * reads its first page again; those who kept it get it without its mark).
   */
  private applyModeration(event: ContentHiddenEvent, myActorId: string | undefined, seesHidden: boolean): void {
    const mine = event.authorId === myActorId || seesHidden;
    const { targetId } = event;
    if (event.targetType === 'post') {
      if (mine || (event.type === 'content.restored' && this.ctx.store.snapshot.posts[targetId])) {
        this.ctx.request<Post>({ method: 'GET', path: postPath(targetId) }).then((post) => this.ctx.upsertPosts?.([post]), () => undefined);
      } else if (event.type === 'content.hidden') this.removePost(targetId);
      else this.ctx.refreshFeed?.(event.spaceId);
      return;
    }
    if (event.targetType !== 'comment' || event.postId === null) return;
    // The post's count leaves hidden comments out, for everyone (the server counts them so).
    if (event.commentCount !== undefined) this.setCount(event.postId, event.commentCount);
    if (event.type === 'content.hidden' && !mine) this.applyDeleted(event.postId, targetId);
    else if (this.threads.has(event.postId)) void this.refresh(event.postId);
  }

  /** Refetches every thread on screen (after a stream reset). */
  refreshShown(): void {
    for (const [postId, { data }] of this.threads) if (data.value.subscribers > 0) void this.refresh(postId);
  }

  // --- internals -----------------------------------------------------------

  private stateOf(postId: string, data: BehaviorSubject<ThreadData>): Observable<CommentsState> {
    const state$ = merge(data, this.ctx.store.select((s) => s), this.pending, this.ctx.live$.pipe(ignoreElements())).pipe(
      map(() => this.compose(data.value)),
      distinctUntilChanged(sameState),
    );
    return new Observable<CommentsState>((subscriber) => {
      const t = data.value;
      data.next({ ...t, subscribers: t.subscribers + 1 });
      // The first viewer fetches: at first, and again after nobody watched (events were missed meanwhile).
      if (t.subscribers === 0 && (!t.started || t.status !== 'loading')) void this.refresh(postId);
      const inner = state$.subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        data.next({ ...data.value, subscribers: data.value.subscribers - 1 });
      };
    });
  }

  private compose(t: ThreadData): CommentsState {
    const table = this.ctx.store.snapshot.comments;
    const reactions = this.ctx.store.snapshot.reactions;
    const stored = t.ids.flatMap((id) => table[id] ?? []);
    const real = stored.filter((c) => !c.id.startsWith(PENDING_PREFIX)).sort(byCreated);
    const temp = stored.filter((c) => c.id.startsWith(PENDING_PREFIX));
    const items = [...real, ...temp].map(
      (c): Comment => ({ ...c, reactions: reactions[c.id] ?? { objectId: c.id, counts: {}, mine: [] } }),
    );
    const pending = new Set([...this.pending.value].filter((id) => t.ids.includes(id)));
    return { status: t.status, items, hasMore: t.hasMore, loadingMore: t.loadingMore, error: t.error, pending, ...(t.fromCache ? { fromCache: t.fromCache } : {}) };
  }

  private async refresh(postId: string): Promise<void> {
    this.mutate(postId, (t) => ({
      ...t,
      started: true,
      status: t.status === 'error' ? 'loading' : t.status,
      error: null,
      fromCache: t.fromCache ? 'revalidating' : undefined,
    }));
    const cached = this.readCache(postId);
    try {
      const page = await this.fetchPage(postId, null);
      cached.answered = true;
      this.ctx.cache?.save(postId, page.items, page.nextCursor);
      this.putComments(page.items);
      this.mutate(postId, (t) => ({
        ...t,
        // Comments still being sent stay after the first page.
        ids: [...page.items.map((c) => c.id), ...t.ids.filter((id) => id.startsWith(PENDING_PREFIX) && !this.confirmed.has(id))],
        cursor: page.nextCursor,
        hasMore: page.nextCursor !== null,
        status: 'ready',
        error: null,
        fromCache: undefined,
      }));
    } catch (err) {
      await cached.done;
      cached.answered = true;
      const error = toEcotoneError(err);
      if (this.ctx.cache && (error.status === 403 || error.status === 404)) {
        // Gone or closed to the caller: the saved copy goes too.
        this.ctx.cache.lost(postId, error.status === 403);
        this.mutate(postId, (t) => ({ ...t, ids: [], cursor: null, hasMore: false, status: 'error', error, fromCache: undefined }));
        return;
      }
      const offline = (typeof navigator !== 'undefined' && navigator.onLine === false) || error.code === 'network' || error.code === 'timeout';
      this.mutate(postId, (t) => ({
        ...t,
        status: t.status === 'ready' ? 'ready' : 'error',
        error,
        fromCache: t.fromCache ? (offline ? 'offline' : 'failed') : undefined,
      }));
    }
  }

  /** Reads the thread's saved first page once, alongside its first fetch: shown if it comes before the answer. */
  private readCache(postId: string): { answered: boolean; done: Promise<void> } {
    const result = { answered: false, done: Promise.resolve() };
    const t = this.threads.get(postId)?.data.value;
    const cache = this.ctx.cache;
    if (!cache || !t || t.cacheRead || t.ids.length > 0) return result;
    this.mutate(postId, (d) => ({ ...d, cacheRead: true }));
    result.done = cache.page(postId).then(
      (page) => {
        const now = this.threads.get(postId)?.data.value;
        if (!page || result.answered || !now || now.ids.length > 0) return;
        const known = this.ctx.store.snapshot.comments;
        this.putComments(page.items.filter((c) => !known[c.id]));
        this.mutate(postId, (d) => ({
          ...d,
          ids: page.items.map((c) => c.id),
          cursor: page.nextCursor,
          hasMore: page.nextCursor !== null,
          status: 'ready',
          error: null,
          fromCache: 'revalidating',
        }));
      },
      () => undefined,
    );
    return result;
  }

  private async loadMore(postId: string): Promise<void> {
    const t = this.threads.get(postId)?.data.value;
    if (!t || t.loadingMore || !t.hasMore || t.status !== 'ready') return;
    this.mutate(postId, (d) => ({ ...d, loadingMore: true, error: null }));
    try {
      const page = await this.fetchPage(postId, t.cursor);
      this.putComments(page.items);
      this.mutate(postId, (d) => ({
        ...d,
        ids: [...d.ids, ...page.items.map((c) => c.id).filter((id) => !d.ids.includes(id))],
        cursor: page.nextCursor,
        hasMore: page.nextCursor !== null,
        loadingMore: false,
      }));
    } catch (err) {
      this.mutate(postId, (d) => ({ ...d, loadingMore: false, error: toEcotoneError(err) }));
    }
  }

  private fetchPage(postId: string, cursor: string | null): Promise<CommentPage> {
    return this.ctx.request<CommentPage>({
      method: 'GET',
      path: commentsPath(postId),
      query: { cursor: cursor ?? undefined, limit: Math.min(COMMENT_PAGE_SIZE, COMMENT_LIMIT_MAX) },
    });
  }

  /** Replaces a pending comment by the server's (once: the answer and the live event both try). */
  private settleCreated(tempId: string, comment: Comment): void {
    if (this.confirmed.has(tempId)) return;
    this.confirmed.set(tempId, comment.id);
    this.putComments([comment]);
    this.mutate(comment.postId, (t) => {
      const ids = t.ids.filter((id) => id !== comment.id).map((id) => (id === tempId ? comment.id : id));
      return { ...t, ids: ids.includes(comment.id) ? ids : [...ids, comment.id] };
    });
    this.drop(tempId);
  }

  /** A deleted comment with replies stays as a placeholder; without, it leaves the thread. */
  private applyDeleted(postId: string, commentId: string): void {
    const t = this.threads.get(postId)?.data.value;
    const table = this.ctx.store.snapshot.comments;
    const hasReplies = t?.ids.some((id) => table[id]?.parentId === commentId) ?? false;
    const comment = table[commentId];
    if (hasReplies && comment) {
      this.put([{ ...comment, body: '', deleted: true, canEdit: false }]);
      return;
    }
    this.mutate(postId, (d) => ({ ...d, ids: d.ids.filter((id) => id !== commentId) }));
    this.drop(commentId);
  }

  private putComments(comments: readonly Comment[]): void {
    this.put(comments.map(({ reactions: _r, ...c }) => c));
    for (const { reactions } of comments) if (!this.ctx.reactionPending(reactions.objectId)) this.ctx.store.setReactions(reactions);
  }

  private put(comments: readonly StoredComment[]): void {
    if (comments.length === 0) return;
    this.ctx.store.update((state) => {
      const next = { ...state.comments };
      for (const c of comments) next[c.id] = c;
      return { ...state, comments: next };
    });
  }

  private drop(commentId: string): void {
    this.ctx.store.update((state) => {
      if (!state.comments[commentId]) return state;
      const { [commentId]: _gone, ...comments } = state.comments;
      return { ...state, comments };
    });
  }

  /** Sets a stored post's comment count; no-op for posts not in the store. */
  private setCount(postId: string, count: number): void {
    this.ctx.store.update((state) => {
      const post = state.posts[postId];
      if (!post || post.commentCount === count) return state;
      return { ...state, posts: { ...state.posts, [postId]: { ...post, commentCount: Math.max(0, count) } } };
    });
  }

  private mutate(postId: string, fn: (t: ThreadData) => ThreadData): void {
    const entry = this.threads.get(postId);
    if (entry) entry.data.next(fn(entry.data.value));
  }

  private setPending(id: string, on: boolean): void {
    const next = new Set(this.pending.value);
    if (on) next.add(id);
    else next.delete(id);
    this.pending.next(next);
  }
}

function sameState(a: CommentsState, b: CommentsState): boolean {
  return (
    a.status === b.status &&
    a.hasMore === b.hasMore &&
    a.loadingMore === b.loadingMore &&
    a.error === b.error &&
    a.fromCache === b.fromCache &&
    a.items.length === b.items.length &&
    a.items.every((c, i) => sameComment(c, b.items[i]!)) &&
    a.pending.size === b.pending.size &&
    [...a.pending].every((id) => b.pending.has(id))
  );
}

function sameComment(a: Comment, b: Comment): boolean {
  return (
    a.id === b.id && a.body === b.body && a.deleted === b.deleted && a.editedAt === b.editedAt && a.reactions.counts === b.reactions.counts &&
    a.reactions.mine === b.reactions.mine && a.canEdit === b.canEdit && a.canDelete === b.canDelete
  );
}
