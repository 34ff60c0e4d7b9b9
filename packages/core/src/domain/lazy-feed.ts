/**
 * The feed domain, loaded on first use: a page that only shows like buttons
 * never downloads it (it is about a kilobyte of the like-button budget).
 */
import { defer, from, startWith, switchMap, type Observable } from 'rxjs';
import type { Post } from '@ecotone/protocol';
import type { Feed, FeedState } from '../types.js';
import type { FeedContext, LiveFeed } from './feed.js';

/** What a feed shows before its code and first page have arrived. */
const LOADING: FeedState = { status: 'loading', items: [], hasMore: false, loadingMore: false, error: null, newCount: 0 };

export class LazyFeed implements Feed {
  readonly state$: Observable<FeedState>;
  private loading: Promise<LiveFeed> | undefined;
  private loaded: LiveFeed | undefined;

  constructor(
    readonly spaceId: string,
    private readonly context: FeedContext,
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

  /** Puts the caller's own new post at the top, if this feed is showing. */
  insertOwn(post: Post): void {
    this.loaded?.insertOwn(post);
  }

  private load(): Promise<LiveFeed> {
    this.loading ??= import('./feed.js').then(({ LiveFeed }) => (this.loaded = new LiveFeed(this.spaceId, this.context)));
    return this.loading;
  }
}
