/**
 * A live, paginated feed of one space. The feed holds only post ids; the
 * posts themselves are read from the entity store, so an item always shows
 * the store's current version (reaction counts and polls included).
 *
 * Pinned posts come with the first page and are never in its items. Whether
 * a post is still pinned is read from the store each time, so an unpinned
 * (or expired) one goes back to its place among the items at once, and a
 * timer makes the state move when a pin's `until` passes.
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
import { FEED_LIMIT_DEFAULT, multiFeedPath, type FeedPage, type LiveEvent, type Post } from '@ecotone/protocol';
import { toEcotoneError, type EcotoneError } from '../errors.js';
import type { CachedFeedPage } from '../offline/read-cache.js';
import type { EntityStore } from '../store/entity-store.js';
import type { Feed, FeedState } from '../types.js';
import type { ClientCore } from '../client-core.js';
import { isPinnedAt } from './pin-state.js';

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
  onActive(active: boolean): void;
  /** The persistent read cache, when the client is offline-capable (see offline/cache-wiring.ts). */
  cache?: FeedCache;
}

/** What a feed asks of the read cache. */
export interface FeedCache {
  /** The cached first page of the feed, or undefined. */
  page(feedKey: string): Promise<CachedFeedPage | undefined>;
  /** A fresh first page. */
  save(feedKey: string, page: FeedPage): void;
  /** The server refused the feed (403/404): what is cached of its spaces goes. */
  lost(feedKey: string): void;
}

/** Failures that mean the server could not be reached (the saved copy says "you are offline"). */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['network', 'timeout']);

/** How a failed revalidation of a cached page is told. */
function cacheFailure(error: EcotoneError): 'offline' | 'failed' {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return offline || UNREACHABLE_CODES.has(error.code) ? 'offline' : 'failed';
}

/** Refusals that mean the caller may no longer see the space. */
function isRefused(error: EcotoneError): boolean {
  return error.status === 403 || error.status === 404;
}

/** The feed of one space of a client (see client-core.ts). */
export function attach(core: ClientCore, spaceId: string, onActive: (active: boolean) => void): LiveFeed {
  return new LiveFeed(spaceId, {
    store: core.store,
    live$: core.live$,
    // Several spaces (ids joined by commas) make one feed over them all.
    fetchPage: (id, cursor) =>
      id.includes(',')
        ? core.request<FeedPage>({ method: 'GET', path: multiFeedPath(), query: { spaces: id, cursor: cursor ?? undefined, limit: FEED_LIMIT_DEFAULT } })
        : core.fetchFeedPage(id, cursor),
    upsertPosts: (posts) => core.upsertPosts(posts),
    myActorId: () => core.meValue?.actor.id,
    onActive,
    ...(core.offlineCache ? { cache: cacheOf(core.offlineCache) } : {}),
  });
}

/** The feed's side of the read cache, loaded on first use (alongside the first fetch, never before it). */
function cacheOf(wiring: NonNullable<ClientCore['offlineCache']>): FeedCache {
  return {
    page: (key) => wiring().then((w) => w.feedPage(key)),
    save: (key, page) => void wiring().then((w) => w.saveFeedPage(key, page), () => undefined),
    lost: (key) => void wiring().then((w) => key.split(',').forEach((id) => w.spaceLost(id)), () => undefined),
  };
}

/** Longest delay a timer takes (2^31 - 1 ms, about 24.8 days): a later `until` is waited for in steps. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** When a post is, or will be, published: what feeds are ordered by. */
function publishedAt(post: Post): string {
  return post.publishAt ?? post.createdAt;
}

function newestFirst(a: Post, b: Post): number {
  const [ta, tb] = [publishedAt(a), publishedAt(b)];
  return ta !== tb ? (ta < tb ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}


interface FeedModel {
  status: FeedState['status'];
  ids: readonly string[];
  /** Posts pinned in the space (first page, and pinned since), whether or not still pinned now. */
  pinnedIds: readonly string[];
  /** Live posts held back until `showNew()`, newest first. */
  newIds: readonly string[];
  cursor: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  error: EcotoneError | null;
  /** The items come from the read cache (see FeedState.fromCache). */
  fromCache: FeedState['fromCache'];
}

const INITIAL_MODEL: FeedModel = {
  status: 'loading',
  ids: [],
  pinnedIds: [],
  newIds: [],
  cursor: null,
  hasMore: false,
  loadingMore: false,
  error: null,
  fromCache: undefined,
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
  /** The cache is read once, for the first page of the feed's life. */
  private cacheRead = false;
  /** Moves when a pin expires, so that the state is computed again. */
  private readonly clock = new BehaviorSubject(0);
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private expiryAt = Infinity;

  /** The spaces this feed shows. */
  private readonly spaces: ReadonlySet<string>;

  constructor(
    /** The space this feed shows, or several joined by commas. */
    readonly spaceId: string,
    private readonly ctx: FeedContext,
  ) {
    this.spaces = new Set(spaceId.split(','));
    const view$ = combineLatest([
      this.model,
      ctx.store.select((s) => s.posts),
      ctx.store.select((s) => s.reactions),
      ctx.store.select((s) => s.polls),
      this.clock,
    ]).pipe(
      map(([model]) => this.toState(model)),
      distinctUntilChanged(sameFeedState),
      tap((state) => this.scheduleExpiry(state)),
    );
    const live$ = ctx.live$.pipe(
      tap((event) => this.onLive(event)),
      ignoreElements(),
    );
    this.state$ = new Observable<FeedState>((subscriber) => {
      ctx.onActive(true);
      // A feed coming back after a pause missed live events: fetch again.
      void this.refresh();
      this.everActive = true;
      const subscription = merge(view$, live$).subscribe(subscriber);
      // A saved copy that could not be updated is updated as soon as the browser is back online.
      const onOnline = () => {
        if (this.model.value.fromCache === 'offline') void this.refresh();
      };
      const events = typeof globalThis.addEventListener === 'function' ? globalThis : undefined;
      events?.addEventListener('online', onOnline);
      return () => {
        events?.removeEventListener('online', onOnline);
        subscription.unsubscribe();
        clearTimeout(this.expiryTimer);
        this.expiryAt = Infinity;
      };
    }).pipe(
      finalize(() => ctx.onActive(false)),
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
    this.patch((m) => ({
      status: m.ids.length > 0 ? 'ready' : 'loading',
      loadingMore: false,
      error: null,
      fromCache: m.fromCache ? 'revalidating' : undefined,
    }));
    const cached = this.readCache(generation);
    const run = (async () => {
      try {
        const page = await this.ctx.fetchPage(this.spaceId, null);
        cached.answered = true;
        if (generation !== this.generation) return;
        this.ctx.cache?.save(this.spaceId, page);
        const pinned = page.pinned ?? [];
        this.ctx.upsertPosts([...pinned, ...page.items]);
        const ids = page.items.map((p) => p.id);
        const shown = new Set([...ids, ...pinned.map((p) => p.id)]);
        this.patch((m) => ({
          status: 'ready',
          ids,
          pinnedIds: pinned.map((p) => p.id),
          newIds: m.newIds.filter((id) => !shown.has(id)),
          cursor: page.nextCursor,
          hasMore: page.nextCursor !== null,
          error: null,
          fromCache: undefined,
        }));
      } catch (err) {
        // A saved copy read meanwhile still shows, marked as not updated.
        await cached.done;
        cached.answered = true;
        if (generation !== this.generation) return;
        const error = toEcotoneError(err);
        if (this.ctx.cache && isRefused(error)) {
          // Access lost: nothing of the space stays on screen or in the cache.
          this.ctx.cache.lost(this.spaceId);
          this.patch(() => ({ ...INITIAL_MODEL, status: 'error', error }));
          return;
        }
        this.patch((m) => ({
          status: m.ids.length > 0 || m.pinnedIds.length > 0 ? 'ready' : 'error',
          error,
          fromCache: m.fromCache ? cacheFailure(error) : undefined,
        }));
      } finally {
        if (generation === this.generation) this.refreshing = undefined;
      }
    })();
    this.refreshing = run;
    return run;
  }

  /**
   * Reads the cached first page once, alongside the first fetch: shown
   * (marked `fromCache`) if it arrives before the server answers.
   */
  private readCache(generation: number): { answered: boolean; done: Promise<void> } {
    const cache = this.ctx.cache;
    const result = { answered: false, done: Promise.resolve() };
    if (!cache || this.cacheRead || this.model.value.ids.length > 0) return result;
    this.cacheRead = true;
    result.done = cache.page(this.spaceId).then(
      (page) => {
        const m = this.model.value;
        if (!page || result.answered || generation !== this.generation || m.ids.length > 0 || m.pinnedIds.length > 0) return;
        // What the store has is as new or newer (a post shown elsewhere on the page).
        const known = this.ctx.store.snapshot.posts;
        this.ctx.upsertPosts([...page.pinned, ...page.items].filter((p) => !known[p.id]));
        this.patch(() => ({
          status: 'ready',
          ids: page.items.map((p) => p.id),
          pinnedIds: page.pinned.map((p) => p.id),
          cursor: page.nextCursor,
          hasMore: page.nextCursor !== null,
          error: null,
          fromCache: 'revalidating',
        }));
      },
      () => undefined,
    );
    return result;
  }

  /** Another person signed in: what was shown from the previous person's cache goes, and the feed loads afresh. */
  dropCached(): void {
    if (!this.model.value.fromCache) return;
    this.model.next(INITIAL_MODEL);
    if (!this.refreshing) void this.refresh();
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

  /**
   * Puts a post the caller just published at the top, or one pinned now with
   * the pinned posts (it is in the store already).
   */
  insertOwn(post: Post): void {
    if (!this.spaces.has(post.spaceId)) return;
    const pinned = isPinnedAt(post);
    this.patch((m) => {
      if (m.status !== 'ready') return {};
      const newIds = m.newIds.filter((id) => id !== post.id);
      if (pinned) return m.pinnedIds.includes(post.id) ? {} : { pinnedIds: [post.id, ...m.pinnedIds], newIds };
      return m.ids.includes(post.id) ? {} : { ids: [post.id, ...m.ids], newIds };
    });
  }

  private onLive(event: LiveEvent): void {
    if (event.type === 'stream.reset') {
      void this.refresh();
      return;
    }
    if ((event.type !== 'post.created' && event.type !== 'post.updated') || !this.spaces.has(event.spaceId)) return;
    const { post } = event;
    // Pinned posts show at once, whoever wrote them: pinning is for being seen.
    if (isPinnedAt(post)) {
      this.ctx.upsertPosts([post]);
      this.insertOwn(post);
      return;
    }
    if (event.type === 'post.updated') return;
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
    const now = Date.now();
    const pinned: Post[] = [];
    const unpinned: Post[] = [];
    for (const id of model.pinnedIds) {
      const post = this.ctx.store.getPost(id);
      if (post) (isPinnedAt(post, now) ? pinned : unpinned).push(post);
    }
    const pinnedNow = new Set(pinned.map((p) => p.id));
    const items: Post[] = [];
    for (const id of model.ids) {
      const post = this.ctx.store.getPost(id);
      if (post && !pinnedNow.has(id)) items.push(post);
    }
    // No longer pinned: back in its place, unless that place is on a page not loaded yet (which will bring it).
    const listed = new Set(model.ids);
    for (const post of unpinned) {
      if (listed.has(post.id)) continue;
      const at = items.findIndex((item) => newestFirst(post, item) < 0);
      if (at >= 0) items.splice(at, 0, post);
      else if (!model.hasMore) items.push(post);
    }
    return {
      status: model.status,
      items,
      pinned: pinned.sort(newestFirst),
      hasMore: model.hasMore,
      loadingMore: model.loadingMore,
      error: model.error,
      newCount: model.newIds.length,
      ...(model.fromCache ? { fromCache: model.fromCache } : {}),
    };
  }

  /** Computes the state again when the first `until` of the pinned posts passes. */
  private scheduleExpiry(state: FeedState): void {
    const next = Math.min(...state.pinned.map((p) => (p.pinned?.until ? Date.parse(p.pinned.until) : Infinity)));
    if (next === this.expiryAt) return;
    clearTimeout(this.expiryTimer);
    this.expiryAt = next;
    if (next === Infinity) return;
    this.expiryTimer = setTimeout(() => {
      this.expiryAt = Infinity;
      this.clock.next(Date.now());
    }, Math.min(Math.max(0, next - Date.now()), MAX_TIMER_DELAY_MS));
  }
}

function samePosts(a: readonly Post[], b: readonly Post[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameFeedState(a: FeedState, b: FeedState): boolean {
  return (
    a.status === b.status &&
    a.hasMore === b.hasMore &&
    a.loadingMore === b.loadingMore &&
    a.error === b.error &&
    a.newCount === b.newCount &&
    a.fromCache === b.fromCache &&
    samePosts(a.items, b.items) &&
    samePosts(a.pinned, b.pinned)
  );
}
