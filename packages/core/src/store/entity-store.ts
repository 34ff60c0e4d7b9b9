/**
 * The normalised entity store: one immutable state, updated by replacing it,
 * read through selectors. Reactions live in their own table so that every
 * view of an object (a post card, a like button elsewhere on the page) reads
 * the same numbers.
 */
import { BehaviorSubject, Observable, distinctUntilChanged, map } from 'rxjs';
import type { Post, ReactionSummary } from '@ecotone/protocol';

/** A post as stored: its reactions are kept in {@link EntityState.reactions}. */
export type StoredPost = Omit<Post, 'reactions'>;

/** The whole store state. Never mutated: every change makes a new object. */
export interface EntityState {
  readonly posts: Readonly<Record<string, StoredPost>>;
  readonly reactions: Readonly<Record<string, ReactionSummary>>;
}

const EMPTY_STATE: EntityState = { posts: {}, reactions: {} };

/** Options of {@link EntityStore.upsertPosts}. */
export interface UpsertOptions {
  /** Objects whose reactions must not be overwritten (an optimistic write is in flight). */
  keepReactionsOf?: (objectId: string) => boolean;
}

/**
 * Entity store on rxjs. The subject is private; callers read through
 * {@link select} and write through the typed update methods.
 */
export class EntityStore {
  private readonly state = new BehaviorSubject<EntityState>(EMPTY_STATE);
  /** Composed posts by id, so an unchanged post keeps its identity across emissions. */
  private readonly composed = new Map<string, { post: StoredPost; reactions: ReactionSummary | undefined; value: Post }>();

  /** The current state. */
  get snapshot(): EntityState {
    return this.state.value;
  }

  /**
   * A slice of the state that emits only when it changes.
   *
   * @example
   * store.select((s) => s.reactions[id]).subscribe(render);
   */
  select<T>(selector: (state: EntityState) => T, equal: (a: T, b: T) => boolean = Object.is): Observable<T> {
    return this.state.pipe(map(selector), distinctUntilChanged(equal));
  }

  /** Replaces the state with `fn(state)`. */
  update(fn: (state: EntityState) => EntityState): void {
    const next = fn(this.state.value);
    if (next !== this.state.value) this.state.next(next);
  }

  /** One post with its reactions, or undefined when not in the store. */
  getPost(postId: string, state: EntityState = this.snapshot): Post | undefined {
    const post = state.posts[postId];
    if (!post) return undefined;
    const reactions = state.reactions[postId];
    const cached = this.composed.get(postId);
    if (cached && cached.post === post && cached.reactions === reactions) return cached.value;
    const value: Post = { ...post, reactions: reactions ?? { objectId: postId, counts: {}, mine: [] } };
    this.composed.set(postId, { post, reactions, value });
    return value;
  }

  /** A post kept current: emits when the post or its reactions change. */
  post$(postId: string): Observable<Post | undefined> {
    return this.select(
      (s) => [s.posts[postId], s.reactions[postId]] as const,
      (a, b) => a[0] === b[0] && a[1] === b[1],
    ).pipe(map(() => this.getPost(postId)));
  }

  /** Reactions on an object kept current. */
  reactions$(objectId: string): Observable<ReactionSummary | undefined> {
    return this.select((s) => s.reactions[objectId]);
  }

  /** Adds or replaces posts, and their reactions unless `keepReactionsOf` says otherwise. */
  upsertPosts(posts: readonly Post[], options: UpsertOptions = {}): void {
    if (posts.length === 0) return;
    this.update((state) => {
      const nextPosts = { ...state.posts };
      const nextReactions = { ...state.reactions };
      for (const { reactions, ...post } of posts) {
        nextPosts[post.id] = post;
        if (!options.keepReactionsOf?.(post.id)) nextReactions[post.id] = reactions;
      }
      return { ...state, posts: nextPosts, reactions: nextReactions };
    });
  }

  /** Replaces the reactions of one object. */
  setReactions(summary: ReactionSummary): void {
    this.update((state) => ({ ...state, reactions: { ...state.reactions, [summary.objectId]: summary } }));
  }

  /** Changes the reactions of one object with `fn` (starting from an empty summary when absent). */
  updateReactions(objectId: string, fn: (summary: ReactionSummary) => ReactionSummary): void {
    this.update((state) => {
      const current = state.reactions[objectId] ?? { objectId, counts: {}, mine: [] };
      const next = fn(current);
      if (next === current) return state;
      return { ...state, reactions: { ...state.reactions, [objectId]: next } };
    });
  }
}
