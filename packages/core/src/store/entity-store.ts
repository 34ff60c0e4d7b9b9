/**
 * The normalised entity store: one immutable state, updated by replacing it,
 * read through selectors. Reactions and polls live in their own tables so
 * that every view of an object (a post card, a like button or a poll embedded
 * elsewhere on the page) reads the same numbers.
 */
import { BehaviorSubject, Observable, distinctUntilChanged, map } from 'rxjs';
import type { Comment, KnowledgeNote, LinkPreview, Poll, Post, ReactionSummary } from '@ecotone/protocol';

/**
 * A post as stored: its reactions are kept in {@link EntityState.reactions},
 * its polls in {@link EntityState.polls} (the post keeps only their ids).
 */
export type StoredPost = Omit<Post, 'reactions' | 'polls'> & { readonly pollIds?: readonly string[] };

/** A comment as stored: its reactions are kept in {@link EntityState.reactions}. */
export type StoredComment = Omit<Comment, 'reactions'>;

/** The whole store state. Never mutated: every change makes a new object. */
export interface EntityState {
  /** Posts by id, without their reactions and polls (kept apart, so a live count or vote changes only its own entry). */
  readonly posts: Readonly<Record<string, StoredPost>>;
  /** Reaction summaries by object id (posts and comments). */
  readonly reactions: Readonly<Record<string, ReactionSummary>>;
  /** Polls by id, with their results and the caller's ballot. */
  readonly polls: Readonly<Record<string, Poll>>;
  /** Link previews by the URL asked for, kept for the client's lifetime (see domain/previews.ts). */
  readonly previews: Readonly<Record<string, LinkPreview>>;
  /** Knowledge notes by id: search hits, fetched notes and saved notes all land here (see domain/notes.ts). */
  readonly notes: Readonly<Record<string, KnowledgeNote>>;
  /** Comments by id (see domain/comments.ts); their reactions are in `reactions`. */
  readonly comments: Readonly<Record<string, StoredComment>>;
}

const EMPTY_STATE: EntityState = { posts: {}, reactions: {}, polls: {}, previews: {}, notes: {}, comments: {} };

/** Options of {@link EntityStore.upsertPosts}. */
export interface UpsertOptions {
  /** Objects whose reactions must not be overwritten (an optimistic write is in flight). */
  keepReactionsOf?: (objectId: string) => boolean;
  /** Polls that must not be overwritten (an optimistic ballot is in flight). */
  keepPoll?: (pollId: string) => boolean;
  /** Posts whose `acknowledgement` must not be overwritten (an optimistic acknowledgement is in flight). */
  keepAcknowledgement?: (postId: string) => boolean;
}

/**
 * Entity store on rxjs. The subject is private; callers read through
 * {@link select} and write through the typed update methods.
 */
export class EntityStore {
  private readonly state = new BehaviorSubject<EntityState>(EMPTY_STATE);
  /** Composed posts by id, so an unchanged post keeps its identity across emissions. */
  private readonly composed = new Map<string, { post: StoredPost; parts: readonly unknown[]; value: Post }>();

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

  /** One post with its current reactions and polls, or undefined when not in the store. */
  getPost(postId: string, state: EntityState = this.snapshot): Post | undefined {
    const stored = state.posts[postId];
    if (!stored) return undefined;
    const { pollIds, ...post } = stored;
    // Parts the composed post is made of: the same parts give the same object.
    const parts = [state.reactions[postId], ...(pollIds ?? []).map((id) => state.polls[id])];
    const cached = this.composed.get(postId);
    if (cached && cached.post === stored && cached.parts.every((part, i) => part === parts[i])) return cached.value;
    const value: Post = { ...post, reactions: state.reactions[postId] ?? { objectId: postId, counts: {}, mine: [] } };
    if (pollIds) value.polls = pollIds.flatMap((id) => state.polls[id] ?? []);
    this.composed.set(postId, { post: stored, parts, value });
    return value;
  }

  /** A post kept current: emits when the post, its reactions or one of its polls change. */
  post$(postId: string): Observable<Post | undefined> {
    return this.state.pipe(
      map((s) => this.getPost(postId, s)),
      distinctUntilChanged(),
    );
  }

  /** Reactions on an object kept current. */
  reactions$(objectId: string): Observable<ReactionSummary | undefined> {
    return this.select((s) => s.reactions[objectId]);
  }

  /**
   * Adds or replaces posts, their reactions unless `keepReactionsOf` says
   * otherwise, their polls unless `keepPoll` says otherwise, and their
   * acknowledgement unless `keepAcknowledgement` says otherwise.
   */
  upsertPosts(posts: readonly Post[], options: UpsertOptions = {}): void {
    if (posts.length === 0) return;
    this.update((state) => {
      const nextPosts = { ...state.posts };
      const nextReactions = { ...state.reactions };
      const polls: Poll[] = [];
      for (const { reactions, polls: carried, ...incoming } of posts) {
        // A link preview is attached once and never removed, but the answer to a
        // publish can arrive after the `post.updated` that carried it: keep it.
        const stored = state.posts[incoming.id];
        const known = stored?.linkPreview;
        let post = !incoming.linkPreview && known ? { ...incoming, linkPreview: known } : incoming;
        if (stored?.acknowledgement && options.keepAcknowledgement?.(post.id)) post = { ...post, acknowledgement: stored.acknowledgement };
        nextPosts[post.id] = carried ? { ...post, pollIds: carried.map((p) => p.id) } : post;
        if (!options.keepReactionsOf?.(post.id)) nextReactions[post.id] = reactions;
        if (carried) polls.push(...carried);
      }
      return { ...state, posts: nextPosts, reactions: nextReactions, polls: withPolls(state.polls, polls, options.keepPoll) };
    });
  }

  /** Adds or replaces polls, except those `keep` says to leave as they are. */
  setPolls(polls: readonly Poll[], keep?: (pollId: string) => boolean): void {
    this.update((state) => ({ ...state, polls: withPolls(state.polls, polls, keep) }));
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

function withPolls(
  table: EntityState['polls'],
  polls: readonly Poll[],
  keep: ((pollId: string) => boolean) | undefined,
): EntityState['polls'] {
  if (polls.length === 0) return table;
  const next = { ...table };
  for (const poll of polls) if (!keep?.(poll.id)) next[poll.id] = poll;
  return next;
}
