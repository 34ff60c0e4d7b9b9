/**
 * What the client lends the domains it loads lazily. Each domain module
 * exports `attach(core)`, which builds the domain from these parts: the
 * wiring lives in the domain's own chunk, so the client every page downloads
 * (a like-button page included) carries one short loader per domain.
 * Internal: not exported from the package.
 */
import type { BehaviorSubject, Observable } from 'rxjs';
import type { FeedPage, LiveEvent, Me, Post } from '@ecotone/protocol';
import type { EntityStore } from './store/entity-store.js';
import type { ConnectionStatus, Outbox, TransportRequest } from './types.js';
import type { CacheWiring } from './offline/cache-wiring.js';
import type { TabsTransport } from './offline/tabs.js';

export interface ClientCore {
  readonly store: EntityStore;
  readonly outbox: Outbox;
  /** Live events, applied to the store once however many streams listen. */
  readonly live$: Observable<LiveEvent>;
  /** The live stream's status (the shared stream of the person's tabs once there is one). */
  readonly status$: Observable<ConnectionStatus>;
  /** A read, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** The caller (cached). */
  me(): Promise<Me>;
  /** The caller once `me()` has answered. */
  readonly meValue: Me | undefined;
  /** One page of a space's feed, as the server sends it. */
  fetchFeedPage(spaceId: string, cursor?: string | null): Promise<FeedPage>;
  /** Puts posts into the store, keeping what optimistic writes in flight show. */
  upsertPosts(posts: readonly Post[]): void;
  /** Whether a reaction write on the object is in flight. */
  readonly reactions: { isPending(objectId: string): boolean };
  /** Polls views watch: `fetch(id, true)` refetches one. */
  readonly polls: { fetch(pollId: string, force?: boolean): Promise<void> };
  /** Feeds shown, by space. */
  readonly feeds: ReadonlyMap<string, { insertOwn(post: Post): void; dropCached(): void; refresh(): Promise<void> }>;
  /** The persistent read cache, loaded on first use; undefined when the client is not offline-capable. */
  readonly offlineCache: (() => Promise<CacheWiring>) | undefined;
  /** A sign-out in progress (`clearOfflineData()`), which a client made meanwhile waits for. */
  readonly clearingOffline: Promise<unknown> | undefined;
  /** Ids with a write in flight, per domain: published as the client's `pending…$` streams. */
  readonly pendingPolls: BehaviorSubject<ReadonlySet<string>>;
  readonly pendingNotes: BehaviorSubject<ReadonlySet<string>>;
  readonly pendingAcks: BehaviorSubject<ReadonlySet<string>>;
  /**
   * Set by the read cache while what the page shows comes from it because
   * the server cannot be reached; `connection$` says `cache-only` then.
   */
  readonly cacheOnly: BehaviorSubject<boolean>;
  /**
   * The channel of the person's tabs on this server (`broadcast`,
   * `messages$`), loaded on first call; undefined when offline features are
   * off or the browser cannot share tabs. Rejects when `me()` fails.
   */
  tabs(): Promise<TabsTransport | undefined>;
}
