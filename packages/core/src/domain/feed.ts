/**
 * A live, paginated feed of one space. The feed holds only post ids; the
 * posts themselves are read from the entity store, so an item always shows
 * the store's current version (reaction counts and polls included).
 */
import {
  BehaviorSubject,
  Observable,
  combineLatest,
  distinctUntilChanged,
  finalize,
  ignoreElements,
  map,
  merge,
  shareReplay,
  tap,
} from 'rxjs';
import type { FeedPage, LiveEvent, Post } from '@ecotone/protocol';
import { toEcotoneError, type EcotoneError } from '../errors.js';
import type { EntityStore } from '../store/entity-store.js';
import type { Feed, FeedState } from '../types.js';

/** What a feed needs from the client. */
export interface FeedContext {
  readonly store: EntityStore;
  /** Live events, already applied to the store. */
  readonly live$: Observable<LiveEvent>;
  fetchPage(spaceId: string, cursor: string | null): Promise<FeedPage>;
  /** Puts fetched posts into the store. */
  upsertPosts(posts: readonly Post[]): void;
  /** The caller's actor id, once known. */
  myActorId(): string | undefined;
  /** Called when the feed gains its first subscriber, and when it loses its last one. */
  onActive(feed: LiveFeed, active: boolean): void;
}

interface FeedModel {
  status: FeedState['status'];
  ids: readonly string[];
  /** Live posts held back until `showNew()`, newest first. */
  newIds: readonly string[];
  cursor: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  error: EcotoneError | null;
}

const INITIAL_MODEL: FeedModel = {
  status: 'loading',
  ids: [],
  newIds: [],
  cursor: null,
  hasMore: false,
  loadingMore: false,
  error: null,
};

/** The `Feed` of one space; see {@link Feed}. */
export class LiveFeed implements Feed {
  /** State of the feed; subscribing the first time fetches the first page. */
  readonly state$: Observable<FeedState>;

  private readonly model = new BehaviorSubject<FeedModel>(INITIAL_MODEL);
  /** Bumped by every refresh so that answers to older requests are dropped. */
  private generation = 0;
  private refreshing: Promise<void> | undefined;
  private loadingMore: Promise<void> | undefined;
  private everActive = false;

  constructor(
    /** The space this feed shows. */
    readonly spaceId: string,
    private readonly ctx: FeedContext,
  ) {
    const view$ = combineLatest([
      this.model,
      ctx.store.select((s) => s.posts),
      ctx.store.select((s) => s.reactions),
      ctx.store.select((s) => s.polls),
    ]).pipe(
      map(([model]) => this.toState(model)),
      distinctUntilChanged(sameFeedState),
    );
    const live$ = ctx.live$.pipe(
      tap((event) => this.onLive(event)),
      ignoreElements(),
    );
    this.state$ = new Observable<FeedState>((subscriber) => {
      ctx.onActive(this, true);
      // A feed coming back after a pause missed live events: fetch again.
      void this.refresh();
      this.everActive = true;
      return merge(view$, live$).subscribe(subscriber);
    }).pipe(
      finalize(() => ctx.onActive(this, false)),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }

  /** Whether the feed has had a subscriber at least once. */
  get started(): boolean {
    return this.everActive;
  }

  /** Refetches the first page. Never rejects: a failure is kept in the state. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const generation = ++this.generation;
    this.loadingMore = undefined;
    this.patch((m) => ({ status: m.ids.length > 0 ? 'ready' : 'loading', loadingMore: false, error: null }));
    const run = (async () => {
      try {
        const page = await this.ctx.fetchPage(this.spaceId, null);
        if (generation !== this.generation) return;
        this.ctx.upsertPosts(page.items);
        const ids = page.items.map((p) => p.id);
        const shown = new Set(ids);
        this.patch((m) => ({
          status: 'ready',
          ids,
          newIds: m.newIds.filter((id) => !shown.has(id)),
          cursor: page.nextCursor,
          hasMore: page.nextCursor !== null,
          error: null,
        }));
      } catch (err) {
        if (generation !== this.generation) return;
        this.patch((m) => ({ status: m.ids.length > 0 ? 'ready' : 'error', error: toEcotoneError(err) }));
      } finally {
        if (generation === this.generation) this.refreshing = undefined;
      }
    })();
    this.refreshing = run;
    return run;
  }

  /** Fetches the next older page; no-op while one is loading or when none is left. Never rejects. */
  loadMore(): Promise<void> {
    if (this.loadingMore) return this.loadingMore;
    const current = this.model.value;
    if (this.refreshing || current.status !== 'ready' || !current.hasMore || current.cursor === null) {
      return Promise.resolve();
    }
    const generation = this.generation;
    const cursor = current.cursor;
    this.patch(() => ({ loadingMore: true, error: null }));
    const run = (async () => {
      try {
        const page = await this.ctx.fetchPage(this.spaceId, cursor);
        if (generation !== this.generation) return;
        this.ctx.upsertPosts(page.items);
        this.patch((m) => {
          const known = new Set(m.ids);
          const older = page.items.map((p) => p.id).filter((id) => !known.has(id));
          return {
            ids: [...m.ids, ...older],
            cursor: page.nextCursor,
            hasMore: page.nextCursor !== null,
            loadingMore: false,
          };
        });
      } catch (err) {
        if (generation !== this.generation) return;
        this.patch(() => ({ loadingMore: false, error: toEcotoneError(err) }));
      } finally {
        if (generation === this.generation) this.loadingMore = undefined;
      }
    })();
    this.loadingMore = run;
    return run;
  }

  /** Moves posts that arrived live into `items`. */
  showNew(): void {
    this.patch((m) => (m.newIds.length === 0 ? {} : { ids: [...m.newIds, ...m.ids], newIds: [] }));
  }

  /** Puts a post the caller just published at the top (it is in the store already). */
  insertOwn(post: Post): void {
    if (post.spaceId !== this.spaceId) return;
    this.patch((m) => {
      if (m.status !== 'ready' || m.ids.includes(post.id)) return {};
      return { ids: [post.id, ...m.ids], newIds: m.newIds.filter((id) => id !== post.id) };
    });
  }

  private onLive(event: LiveEvent): void {
    if (event.type === 'stream.reset') {
      void this.refresh();
      return;
    }
    if (event.type !== 'post.created' || event.spaceId !== this.spaceId) return;
    const { post } = event;
    if (post.author.id === this.ctx.myActorId()) {
      this.insertOwn(post);
      return;
    }
    this.patch((m) => {
      // Before the first page, the page itself will bring the post.
      if (m.status !== 'ready' || m.ids.includes(post.id) || m.newIds.includes(post.id)) return {};
      return { newIds: [post.id, ...m.newIds] };
    });
  }

  private patch(fn: (model: FeedModel) => Partial<FeedModel>): void {
    const current = this.model.value;
    const change = fn(current);
    if (Object.keys(change).length > 0) this.model.next({ ...current, ...change });
  }

  private toState(model: FeedModel): FeedState {
    const items: Post[] = [];
    for (const id of model.ids) {
      const post = this.ctx.store.getPost(id);
      if (post) items.push(post);
    }
    return {
      status: model.status,
      items,
      hasMore: model.hasMore,
      loadingMore: model.loadingMore,
      error: model.error,
      newCount: model.newIds.length,
    };
  }
}

function sameFeedState(a: FeedState, b: FeedState): boolean {
  return (
    a.status === b.status &&
    a.hasMore === b.hasMore &&
    a.loadingMore === b.loadingMore &&
    a.error === b.error &&
    a.newCount === b.newCount &&
    a.items.length === b.items.length &&
    a.items.every((item, i) => item === b.items[i])
  );
}
