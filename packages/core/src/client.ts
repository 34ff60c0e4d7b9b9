/**
 * `createClient()`: wires a transport, the entity store, the outbox, the
 * domain (feeds, posts, reactions) and i18n into one `EcotoneClient`.
 */
import { FEED_LIMIT_DEFAULT } from '@ecotone/protocol';
import { BehaviorSubject, Observable, defer, ignoreElements, merge, share, tap, type Subscriber } from 'rxjs';
import {
  routes,
  type FeedPage,
  type LiveEvent,
  type Locale,
  type Me,
  type Post,
  type PublishRequest,
  type ReactionSummary,
  type Space,
  type SpaceList,
} from '@ecotone/protocol';
import { isEcotoneError, toEcotoneError } from './errors.js';
import { LazyFeed } from './domain/lazy-feed.js';
import { ReactionWriter } from './domain/reactions.js';
import { CORE_NAMESPACE, createI18n } from './i18n/create-i18n.js';
import { addLocaleStrings, loadLocaleStrings, type LocaleStrings } from './i18n/locale-strings.js';
import { negotiateLocale, pageLocaleCandidates } from './i18n/negotiate-locale.js';
import { newIdempotencyKey } from './outbox/idempotency-key.js';
import { MemoryOutbox } from './outbox/memory-outbox.js';
import { EntityStore } from './store/entity-store.js';
import { HttpTransport } from './transport/http-transport.js';
import type { ClientOptions, EcotoneClient, Feed, FeedState, Transport } from './types.js';

/**
 * Creates an Ecotone client. Give it a `baseUrl` (and a token) for a server,
 * or a ready `transport` such as a `MemoryTransport` in tests.
 *
 * @example
 * const client = createClient({ baseUrl: 'https://intranet.example/social', getToken: () => sso.token() });
 * client.feed$('news').subscribe((state) => render(state.items));
 * await client.react(postId, 'like');
 */
export function createClient(options: ClientOptions = {}): EcotoneClient {
  return new Client(options);
}

/** Counts subscribers per id, so a stream reset refetches what is on screen. */
class WatchCounter {
  private readonly counts = new Map<string, number>();
  add(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
  remove(id: string): void {
    const n = (this.counts.get(id) ?? 1) - 1;
    if (n <= 0) this.counts.delete(id);
    else this.counts.set(id, n);
  }
  ids(): string[] {
    return [...this.counts.keys()];
  }
}

class Client implements EcotoneClient {
  readonly i18n;
  readonly locale$: Observable<Locale>;
  readonly status$;
  readonly pendingReactions$: Observable<ReadonlySet<string>>;
  readonly pendingWrites$;

  private readonly transport: Transport;
  private readonly store = new EntityStore();
  private readonly outbox;
  private readonly reactions: ReactionWriter;
  private readonly locale: BehaviorSubject<Locale>;
  /** Live events, applied to the store once however many streams listen. */
  private readonly live$: Observable<LiveEvent>;
  private readonly feeds = new Map<string, LazyFeed>();
  private readonly postFetches = new Map<string, Promise<void>>();
  private readonly reactionFetches = new Map<string, Promise<void>>();
  private readonly watchedPosts = new WatchCounter();
  private readonly watchedReactions = new WatchCounter();
  private mePromise: Promise<Me> | undefined;
  private meValue: Me | undefined;

  constructor(options: ClientOptions) {
    this.transport =
      options.transport ??
      new HttpTransport({
        baseUrl: options.baseUrl,
        token: options.token,
        getToken: options.getToken,
        fetch: options.fetch,
      });
    this.outbox = options.outbox ?? new MemoryOutbox(this.transport);
    this.reactions = new ReactionWriter(this.store, this.outbox);
    this.pendingReactions$ = this.reactions.pending$;
    this.pendingWrites$ = this.outbox.pending$;
    this.status$ = this.transport.status$;

    const locale = negotiateLocale([options.locale, ...pageLocaleCandidates()]);
    this.locale = new BehaviorSubject<Locale>(locale);
    this.locale$ = this.locale.asObservable();
    this.i18n = createI18n(locale);
    // English shows until the locale's strings arrive (one small chunk).
    void this.loadLocale(locale).catch(() => undefined);

    this.live$ = defer(() => {
      // Own-post detection and `mine` updates need the caller's id.
      this.me().catch(() => undefined);
      return this.transport.events$;
    }).pipe(
      tap((event) => this.applyLive(event)),
      share(),
    );
  }

  addStrings(namespace: string, strings: LocaleStrings): void {
    addLocaleStrings(this.i18n, namespace, strings);
    const current = this.locale.value;
    if (current !== 'en') void loadLocaleStrings(this.i18n, current).catch(() => undefined);
  }

  async loadLocale(locale: string): Promise<Locale> {
    const next = negotiateLocale([locale]);
    await loadLocaleStrings(this.i18n, next);
    return next;
  }

  async setLocale(locale: string): Promise<void> {
    // A failed chunk load still switches: English fills in, as for a missing key.
    const next = await this.loadLocale(locale).catch(() => negotiateLocale([locale]));
    await this.i18n.changeLanguage(next);
    this.locale.next(next);
  }

  me(): Promise<Me> {
    if (!this.mePromise) {
      this.mePromise = this.transport.request<Me>({ method: 'GET', path: routes.me() }).then(
        (me) => (this.meValue = me),
        (err: unknown) => {
          // Forget the failure so the next call tries again.
          this.mePromise = undefined;
          throw toEcotoneError(err);
        },
      );
    }
    return this.mePromise;
  }

  async spaces(): Promise<Space[]> {
    const list = await this.request<SpaceList>({ method: 'GET', path: routes.spaces() });
    return list.items;
  }

  feed(spaceId: string): Feed {
    let feed = this.feeds.get(spaceId);
    if (!feed) {
      const created: LazyFeed = new LazyFeed(spaceId, {
        store: this.store,
        live$: this.live$,
        fetchPage: (id, cursor) => this.fetchFeedPage(id, cursor),
        upsertPosts: (posts) => this.upsertPosts(posts),
        myActorId: () => this.meValue?.actor.id,
        onActive: (_live, active) => {
          if (active) this.feeds.set(spaceId, created);
          else if (this.feeds.get(spaceId) === created) this.feeds.delete(spaceId);
        },
      });
      feed = created;
      // Kept until its last subscriber leaves; a feed never subscribed stays so feed(id) is stable.
      this.feeds.set(spaceId, feed);
    }
    return feed;
  }

  feed$(spaceId: string): Observable<FeedState> {
    return this.feed(spaceId).state$;
  }

  post$(postId: string): Observable<Post | undefined> {
    return new Observable<Post | undefined>((subscriber) => {
      this.watchedPosts.add(postId);
      const inner = merge(this.store.post$(postId), this.live$.pipe(ignoreElements())).subscribe(subscriber);
      if (!this.store.snapshot.posts[postId]) this.fetchPost(postId).catch(failTo(subscriber));
      return () => {
        inner.unsubscribe();
        this.watchedPosts.remove(postId);
      };
    });
  }

  reactions$(objectId: string): Observable<ReactionSummary | undefined> {
    return new Observable<ReactionSummary | undefined>((subscriber) => {
      this.watchedReactions.add(objectId);
      const inner = merge(this.store.reactions$(objectId), this.live$.pipe(ignoreElements())).subscribe(subscriber);
      if (!this.store.snapshot.reactions[objectId]) this.fetchReactions(objectId).catch(failTo(subscriber));
      return () => {
        inner.unsubscribe();
        this.watchedReactions.remove(objectId);
      };
    });
  }

  react(objectId: string, kind: string): Promise<void> {
    return this.reactions.toggle(objectId, kind, true);
  }

  unreact(objectId: string, kind: string): Promise<void> {
    return this.reactions.toggle(objectId, kind, false);
  }

  async publish(spaceId: string, request: PublishRequest): Promise<Post> {
    let post: Post;
    try {
      post = await this.outbox.send<Post>({
        method: 'POST',
        path: routes.publish(spaceId),
        body: request,
        idempotencyKey: newIdempotencyKey(),
      });
    } catch (err) {
      throw toEcotoneError(err);
    }
    this.upsertPosts([post]);
    this.feeds.get(spaceId)?.insertOwn(post);
    return post;
  }

  fetchFeedPage(spaceId: string, cursor?: string | null, limit: number = FEED_LIMIT_DEFAULT): Promise<FeedPage> {
    return this.request<FeedPage>({
      method: 'GET',
      path: routes.feed(spaceId),
      query: { cursor: cursor ?? undefined, limit },
    });
  }

  errorMessage(err: unknown): string {
    const key = `error.${isEcotoneError(err) ? err.code : 'unknown'}`;
    return this.i18n.exists(key, { ns: CORE_NAMESPACE })
      ? this.i18n.t(key, { ns: CORE_NAMESPACE })
      : this.i18n.t('error.unknown', { ns: CORE_NAMESPACE });
  }

  close(): void {
    this.transport.close();
  }

  private async request<T>(req: Parameters<Transport['request']>[0]): Promise<T> {
    try {
      return await this.transport.request<T>(req);
    } catch (err) {
      throw toEcotoneError(err);
    }
  }

  private upsertPosts(posts: readonly Post[]): void {
    // An optimistic reaction in flight wins over counts fetched meanwhile; its answer settles them.
    this.store.upsertPosts(posts, { keepReactionsOf: (id) => this.reactions.isPending(id) });
  }

  private fetchPost(postId: string, force = false): Promise<void> {
    return dedupe(this.postFetches, postId, force, async () => {
      const post = await this.request<Post>({ method: 'GET', path: routes.post(postId) });
      this.upsertPosts([post]);
    });
  }

  private fetchReactions(objectId: string, force = false): Promise<void> {
    return dedupe(this.reactionFetches, objectId, force, async () => {
      const summary = await this.request<ReactionSummary>({ method: 'GET', path: routes.reactions(objectId) });
      if (!this.reactions.isPending(objectId)) this.store.setReactions(summary);
    });
  }

  private applyLive(event: LiveEvent): void {
    switch (event.type) {
      case 'post.created':
        this.upsertPosts([event.post]);
        break;
      case 'reaction.changed':
        this.reactions.applyEvent(event, this.meValue?.actor.id);
        break;
      case 'stream.reset':
        // Events were lost: refetch what is on screen. Feeds refresh themselves.
        // Forced: a fetch already in flight may have been answered before the events were lost.
        for (const id of this.watchedPosts.ids()) this.fetchPost(id, true).catch(() => undefined);
        for (const id of this.watchedReactions.ids()) this.fetchReactions(id, true).catch(() => undefined);
        break;
    }
  }
}

/** Runs one fetch per id at a time; `force` starts a new one even if one is in flight. */
function dedupe(inFlight: Map<string, Promise<void>>, id: string, force: boolean, run: () => Promise<void>): Promise<void> {
  const existing = inFlight.get(id);
  if (existing && !force) return existing;
  const promise = run().finally(() => {
    if (inFlight.get(id) === promise) inFlight.delete(id);
  });
  inFlight.set(id, promise);
  return promise;
}

function failTo<T>(subscriber: Subscriber<T>): (err: unknown) => void {
  return (err) => subscriber.error(toEcotoneError(err));
}
