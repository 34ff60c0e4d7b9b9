/**
 * The feed domain, loaded on first use: a page that only shows like buttons
 * never downloads it (it is about a kilobyte of the like-button budget).
 */
import { defer, from, startWith, switchMap, type Observable } from 'rxjs';
import type { Post } from '@ecotone/protocol';
import type { Feed, FeedState } from '../types.js';
import type { ClientCore } from '../client-core.js';
import type { LiveFeed } from './feed.js';

/** What a feed shows before its code and first page have arrived. */
const LOADING: FeedState = { status: 'loading', items: [], pinned: [], hasMore: false, loadingMore: false, error: null, newCount: 0 };

export class LazyFeed implements Feed {
  readonly state$: Observable<FeedState>;
  private loading: Promise<LiveFeed> | undefined;
  private loaded: LiveFeed | undefined;

  constructor(
    readonly spaceId: string,
    private readonly core: ClientCore,
    /** Called when the feed gains its first subscriber, and when it loses its last one. */
    private readonly onActive: (active: boolean) => void,
  ) {
    this.state$ = defer(() =>
      this.loaded ? this.loaded.state$ : from(this.load()).pipe(switchMap((feed) => feed.state$), startWith(LOADING)),
    );
  }

  // Straight to a loaded feed, so that concurrent calls share its one promise.
  loadMore(): Promise<void> {
    return this.loaded ? this.loaded.loadMore() : this.load().then((feed) => feed.loadMore());
  }

  refresh(): Promise<void> {
    return this.loaded ? this.loaded.refresh() : this.load().then((feed) => feed.refresh());
  }

  showNew(): void {
    // Nothing can be held back before the feed exists, so only a loaded feed has work here.
    this.loaded?.showNew();
  }

  /** Puts the caller's own new post at the top, or a post pinned now with the pinned ones, if this feed is showing. */
  insertOwn(post: Post): void {
    this.loaded?.insertOwn(post);
  }

  /** Another person signed in: drops what the feed shows from the previous person's cache. */
  dropCached(): void {
    this.loaded?.dropCached();
  }

  private load(): Promise<LiveFeed> {
    this.loading ??= import('./feed.js').then((m) => (this.loaded = m.attach(this.core, this.spaceId, this.onActive)));
    return this.loading;
  }
}
