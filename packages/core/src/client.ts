/**
 * `createClient()`: wires a transport, the entity store, the outbox, the
 * domain (feeds, posts, reactions, polls) and i18n into one `EcotoneClient`.
 */
import { FEED_LIMIT_DEFAULT } from '@ecotone/protocol';
import { BehaviorSubject, Observable, Subject, defer, from, ignoreElements, merge, share, startWith, switchMap, tap } from 'rxjs';
import {
  feedPath,
  mePath,
  postPath,
  reactionsPath,
  spacesPath,
  peoplePath,
  personPath,
  spaceCapabilitiesPath,
  spacePath,
  type AcknowledgementSummary,
  type Actor,
  type ActorList,
  type PersonCard,
  type Comment,
  type CommentDraft,
  type FeedPage,
  type KnowledgeNote,
  type LinkPreview,
  type LiveEvent,
  type Locale,
  type Me,
  type NotePatch,
  type NoteRevision,
  type NoteSearchQuery,
  type Poll,
  type PollDraft,
  type Post,
  type PostPatch,
  type PromoteRequest,
  type PublishRequest,
  type ReactionSummary,
  type JoinResult,
  type Role,
  type Space,
  type SpaceCapabilities,
  type SpaceCapabilitiesUpdate,
  type SpaceMember,
  type SpaceQuery,
  type SpaceList,
  type SurveyAnswer,
} from '@ecotone/protocol';
import { isEcotoneError, toEcotoneError } from './errors.js';
import { LazyFeed } from './domain/lazy-feed.js';
import { ReactionWriter } from './domain/reactions.js';
import { CORE_NAMESPACE, createI18n, loadErrorStrings } from './i18n/create-i18n.js';
import { addLocaleStrings, loadLocaleStrings, type LocaleStrings } from './i18n/locale-strings.js';
import { negotiateLocale, pageLocaleCandidates } from './i18n/negotiate-locale.js';
import { DeferredOutbox } from './outbox/deferred-outbox.js';
import { EntityStore, type EntityState } from './store/entity-store.js';
import { HttpTransport } from './transport/http-transport.js';
import { lazyLocalTransport } from './transport/local-open.js';
import type { ClientCore } from './client-core.js';
import type { CacheWiring } from './offline/cache-wiring.js';
import type { Drafts } from './offline/drafts.js';
import type { TabsTransport } from './offline/tabs.js';
import type {
  ClientOptions,
  CommentThread,
  ConnectionState,
  CommentsState,
  EcotoneClient,
  Feed,
  FeedState,
  MemberList,
  MembersState,
  NotificationCenter,
  NotificationsState,
  NoteCreateInput,
  NoteSearch,
  NotesState,
  PeopleSearchOptions,
  SpaceDirectory,
  SpacesState,
  Outbox,
  Transport,
  WriteOptions,
} from './types.js';

/** Whether the browser offers IndexedDB (reading it throws in sandboxed frames: then it does not). */
function indexedDbOffered(): boolean {
  try {
    return !!globalThis.indexedDB;
  } catch {
    return false;
  }
}

/** What a space offers when nothing says otherwise (an older server): everything. */
const ALL_SPACE_CAPABILITIES: SpaceCapabilities = { reactions: true, comments: true, polls: true, previews: true, attachments: true, translations: true, announcements: true };

/** What a note search shows while the notes domain loads. */
const LOADING = { status: 'loading', hasMore: false, loadingMore: false, error: null } as const;
const NOTES_LOADING: NotesState = { ...LOADING, hits: [], tags: [], total: 0 };
/** What a comment thread shows while the comments domain loads. */
const COMMENTS_LOADING: CommentsState = { ...LOADING, items: [], pending: new Set() };
const SPACES_LOADING: SpacesState = { ...LOADING, items: [], pending: new Set() };
const MEMBERS_LOADING: MembersState = { ...LOADING, items: [], requests: [], pending: new Set() };
const NOTIFICATIONS_LOADING: NotificationsState = { ...LOADING, items: [] };

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

/**
 * One kind of entity views watch by id (posts, reactions, polls): runs one
 * fetch per id at a time, and counts watchers so that a stream reset
 * refetches what is on screen.
 */
class Watched {
  private readonly counts = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly load: (id: string) => Promise<void>) {}

  add(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  remove(id: string): void {
    const n = (this.counts.get(id) ?? 1) - 1;
    if (n <= 0) this.counts.delete(id);
    else this.counts.set(id, n);
  }

  /** Fetches `id`, joining a fetch in flight unless `force` (its answer may predate what changed). */
  fetch(id: string, force = false): Promise<void> {
    const existing = this.inFlight.get(id);
    if (existing && !force) return existing;
    const promise = this.load(id).finally(() => {
      if (this.inFlight.get(id) === promise) this.inFlight.delete(id);
    });
    this.inFlight.set(id, promise);
    return promise;
  }

  /** Whether a view watches `id` now. */
  watches(id: string): boolean {
    return this.counts.has(id);
  }

  /** Refetches every watched id, forced: a fetch in flight may have been answered before events were lost. */
  refetchAll(): void {
    for (const id of this.counts.keys()) this.fetch(id, true).catch(() => undefined);
  }
}

/**
 * A domain loaded on first call, shared by later calls; a chunk that failed
 * to load (network) loads again on the next call. `loaded` holds it once it is there.
 */
function lazy<T>(load: () => Promise<T>): (() => Promise<T>) & { loaded?: T } {
  let promise: Promise<T> | undefined;
  const get: (() => Promise<T>) & { loaded?: T } = () =>
    (promise ??= load().then(
      (domain) => (get.loaded = domain),
      (err: unknown) => {
        promise = undefined;
        throw toEcotoneError(err);
      },
    ));
  return get;
}

type Args<F> = F extends (...args: infer A) => unknown ? A : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * Calls a method of a lazily loaded domain: at once when it is loaded (an
 * optimistic write shows in the same task), else once it is. One line per
 * public method keeps the client that every page downloads small.
 */
function call<D, K extends keyof D>(domain: (() => Promise<D>) & { loaded?: D }, name: K, ...args: Args<D[K]>): Promise<Result<D[K]>> {
  // TypeScript cannot correlate a method of the union K with its own parameters, hence the cast.
  const run = (d: D) => (d[name] as (...a: unknown[]) => Result<D[K]>)(...args);
  const loaded = domain.loaded;
  // A method that throws still rejects, as after `then`.
  return loaded ? new Promise((resolve) => resolve(run(loaded))) : domain().then(run);
}

/** A paginated view whose domain is still loading: `initial` until it is, then its own state. */
function paged<S, V extends { state$: Observable<S>; loadMore(): Promise<void>; refresh(): Promise<void> }>(
  view: Promise<V>,
  initial: S,
): { state$: Observable<S>; loadMore(): Promise<void>; refresh(): Promise<void> } {
  // A chunk that failed to load surfaces through state$ (as an error) or the calls below.
  view.catch(() => undefined);
  return {
    state$: from(view).pipe(
      switchMap((v) => v.state$),
      startWith(initial),
    ),
    loadMore: () => view.then((v) => v.loadMore()),
    refresh: () => view.then((v) => v.refresh()),
  };
}

/**
 * The client. Members without `private` also serve the domains it loads
 * lazily (ClientCore); callers only ever see it as an EcotoneClient.
 */
class Client implements EcotoneClient, ClientCore {
  readonly i18n;
  readonly locale$: Observable<Locale>;
  readonly status$;
  readonly pendingReactions$: Observable<ReadonlySet<string>>;
  readonly pendingPolls$: Observable<ReadonlySet<string>>;
  readonly pendingNotes$: Observable<ReadonlySet<string>>;
  readonly pendingAcknowledgements$: Observable<ReadonlySet<string>>;
  readonly pendingWrites$;

  private readonly transport: Transport;
  /** Where live events come from: the transport, or the stream the person's tabs share once it is set up. */
  private readonly liveTransport: BehaviorSubject<Transport>;
  readonly connection$: Observable<ConnectionState>;
  readonly cacheOnly = new BehaviorSubject(false);
  private closed = false;
  readonly store = new EntityStore();
  readonly outbox;
  readonly reactions: ReactionWriter;
  private readonly locale: BehaviorSubject<Locale>;
  /** Live events, applied to the store once however many streams listen. */
  readonly live$: Observable<LiveEvent>;
  readonly feeds = new Map<string, LazyFeed>();
  private readonly posts = new Watched(async (id) => {
    const fetched = this.request<Post>({ method: 'GET', path: postPath(id) });
    // Its failure is handled below, once the cache (loading) looks at it.
    fetched.catch(() => undefined);
    // Offline-capable: a saved copy shows meanwhile, and stays when the server cannot be reached.
    const post = await (this.offlineCache?.().then((c) => c.fetchPost(id, fetched), () => fetched) ?? fetched);
    if (post) this.upsertPosts([post]);
  });
  private readonly reactionSummaries = new Watched(async (id) => {
    const summary = await this.request<ReactionSummary>({ method: 'GET', path: reactionsPath(id) });
    if (!this.reactions.isPending(id)) this.store.setReactions(summary);
  });
  readonly polls: Watched = new Watched((id) => call(this.pollDomain, 'fetch', id));
  readonly pendingPolls = new BehaviorSubject<ReadonlySet<string>>(new Set());
  readonly pendingNotes = new BehaviorSubject<ReadonlySet<string>>(new Set());
  readonly pendingAcks = new BehaviorSubject<ReadonlySet<string>>(new Set());
  private readonly notesWatched = new Watched((id) => call(this.notesDomain, 'fetch', id));
  /** A poll with a write in flight keeps its optimistic state over what is fetched meanwhile. */
  private readonly isPollPending = (id: string): boolean => this.pendingPolls.value.has(id);
  private mePromise: Promise<Me> | undefined;
  meValue: Me | undefined;
  /** What spaces offer as last heard (an owner's change, live or made here), by space id. */
  private readonly capabilityChanges = new Subject<{ spaceId: string; capabilities: SpaceCapabilities }>();
  /** Offline-capable (see ClientOptions.offline). */
  private readonly offline: boolean;
  /** A sign-out in progress (clearOfflineData). */
  clearingOffline: Promise<unknown> | undefined;
  /** The persistent read cache (offline/cache-wiring.ts), loaded on first use. */
  readonly offlineCache: ReturnType<typeof lazy<CacheWiring>> | undefined;
  /** Drafts kept as the person types (offline/drafts.ts): IndexedDB when offline-capable, memory otherwise. */
  private readonly draftsDomain: ReturnType<typeof lazy<Drafts>>;

  constructor(options: ClientOptions) {
    // The HTTP transport reads its own options (baseUrl, token, getToken, fetch) from the client's.
    // 'local': the whole protocol in this browser (LocalTransport, a chunk loaded on demand).
    const http = options.transport === 'local' ? lazyLocalTransport(options.local) : (options.transport ?? new HttpTransport(options));
    this.transport = http;
    this.liveTransport = new BehaviorSubject(http);
    this.offline = options.offline ?? (!options.transport && indexedDbOffered());
    this.offlineCache = this.offline ? lazy(() => import('./offline/cache-wiring.js').then((m) => m.attach(this, options))) : undefined;
    this.draftsDomain = lazy(() => import('./offline/drafts.js').then((m) => m.attach(this, options, this.offline)));
    // One live stream for the person's tabs (issue 15): with the client's own HTTP transport, offline on, Web Locks and BroadcastChannel.
    const shareTabs = http instanceof HttpTransport && this.offline && typeof BroadcastChannel == 'function' && !!globalThis.navigator?.locks;
    this.tabs = lazy(async () => {
      if (!shareTabs) return undefined;
      const tabs = await (await import('./offline/tabs-client.js')).attachTabs(this, http);
      if (this.closed) tabs.close();
      return tabs;
    });
    this.outbox = options.outbox ?? this.defaultOutbox(options);
    this.reactions = new ReactionWriter(this.store, this.outbox);
    this.pendingReactions$ = this.reactions.pending$;
    this.pendingPolls$ = this.pendingPolls.asObservable();
    this.pendingNotes$ = this.pendingNotes.asObservable();
    this.pendingAcknowledgements$ = this.pendingAcks.asObservable();
    this.pendingWrites$ = this.outbox.pending$;
    this.status$ = this.liveTransport.pipe(switchMap((t) => t.status$));
    this.connection$ = defer(() => import('./offline/connection.js')).pipe(switchMap((m) => m.connection$(this.status$, this.cacheOnly)));

    const locale = negotiateLocale([options.locale, ...pageLocaleCandidates()]);
    this.locale = new BehaviorSubject<Locale>(locale);
    this.locale$ = this.locale.asObservable();
    this.i18n = createI18n(locale);
    // English shows until the locale's strings arrive (one small chunk).
    void this.loadLocale(locale).catch(() => undefined);

    this.live$ = defer(() => {
      // Own-post detection and `mine` updates need the caller's id.
      this.me().catch(() => undefined);
      // One stream for the person's tabs; this tab's own when that cannot be set up (me() failed).
      return shareTabs
        ? from(this.tabs().catch(() => undefined)).pipe(
            switchMap((tabs) => {
              if (tabs) this.liveTransport.next(tabs);
              return (tabs ?? http).events$;
            }),
          )
        : http.events$;
    }).pipe(
      tap((event) => this.applyLive(event)),
      share(),
    );
  }

  /** The durable outbox (a chunk loaded on first write, or at once when writes wait) when offline-first, else one in memory. */
  private defaultOutbox(options: ClientOptions): Outbox {
    // Either way a chunk loaded on the first write: a page that never writes downloads neither.
    if (!this.offline || !indexedDbOffered()) {
      return new DeferredOutbox(() => import('./outbox/memory-outbox.js').then((m) => new m.MemoryOutbox(this.transport)), false);
    }
    return new DeferredOutbox(() => import('./offline/outbox-client.js').then((m) => m.createDurableOutbox(this, this.transport, options)));
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
      this.mePromise = this.transport.request<Me>({ method: 'GET', path: mePath() }).then(
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
    const list = await this.request<SpaceList>({ method: 'GET', path: spacesPath() });
    return list.items;
  }

  space(spaceId: string): Promise<Space> {
    return this.request<Space>({ method: 'GET', path: spacePath(spaceId) });
  }

  async searchPeople(query: string, options: PeopleSearchOptions = {}): Promise<Actor[]> {
    const list = await this.request<ActorList>({
      method: 'GET',
      path: peoplePath(),
      query: { q: query, spaceId: options.spaceId, limit: options.limit },
      signal: options.signal,
    });
    return list.items;
  }

  person(actorId: string): Promise<PersonCard> {
    return this.request<PersonCard>({ method: 'GET', path: personPath(actorId) });
  }

  notifications(): NotificationCenter {
    const domain = this.notificationsDomain;
    const stream = <K extends 'unread$' | 'arrived$'>(name: K) => defer(domain).pipe(switchMap((d) => d[name] as NotificationCenter[K]));
    return (this.notificationCenter ??= {
      unread$: stream('unread$'),
      arrived$: stream('arrived$'),
      list: (order) => paged(call(domain, 'list', order), NOTIFICATIONS_LOADING),
      markRead: (id) => call(domain, 'markRead', id),
      markAllRead: () => call(domain, 'markAllRead'),
      preferences: () => call(domain, 'preferences'),
      setPreferences: (prefs) => call(domain, 'setPreferences', prefs),
    });
  }

  feed(spaceId: string): Feed {
    let feed = this.feeds.get(spaceId);
    if (!feed) {
      const created: LazyFeed = new LazyFeed(spaceId, this, (active) => {
        if (active) this.feeds.set(spaceId, created);
        else if (this.feeds.get(spaceId) === created) this.feeds.delete(spaceId);
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
    return this.watch(this.posts, postId, (s) => this.store.getPost(postId, s));
  }

  reactions$(objectId: string): Observable<ReactionSummary | undefined> {
    return this.watch(this.reactionSummaries, objectId, (s) => s.reactions[objectId]);
  }

  poll$(pollId: string): Observable<Poll | undefined> {
    // Loaded ahead, so that live events on the poll apply without waiting for the chunk.
    this.pollDomain().catch(() => undefined);
    return this.watch(this.polls, pollId, (s) => s.polls[pollId]);
  }

  vote(pollId: string, choices: readonly string[]): Promise<Poll> {
    return call(this.pollDomain, 'vote', pollId, choices);
  }

  withdraw(pollId: string): Promise<Poll> {
    return call(this.pollDomain, 'withdraw', pollId);
  }

  closePoll(pollId: string): Promise<Poll> {
    return call(this.pollDomain, 'close', pollId);
  }

  submitSurvey(postId: string, answers: readonly SurveyAnswer[]): Promise<Poll[]> {
    return call(this.pollDomain, 'submitSurvey', postId, answers);
  }

  createPoll(spaceId: string, draft: PollDraft): Promise<Poll> {
    return call(this.pollDomain, 'create', spaceId, draft);
  }

  preview(url: string): Promise<LinkPreview> {
    return call(this.previewDomain, 'preview', url);
  }

  preview$(url: string): Observable<LinkPreview | undefined> {
    return defer(() => this.previewDomain()).pipe(switchMap((previews) => previews.preview$(url)));
  }

  notes(query: NoteSearchQuery): NoteSearch {
    return paged(this.notesDomain().then((notes) => notes.search(query)), NOTES_LOADING);
  }

  notes$(query: NoteSearchQuery): Observable<NotesState> {
    return this.notes(query).state$;
  }

  note$(noteId: string): Observable<KnowledgeNote | undefined> {
    return this.watch(this.notesWatched, noteId, (s) => s.notes[noteId]);
  }

  saveNote(noteId: null, input: NoteCreateInput): Promise<KnowledgeNote>;
  saveNote(noteId: string, input: NotePatch): Promise<KnowledgeNote>;
  saveNote(noteId: string | null, input: NoteCreateInput | NotePatch): Promise<KnowledgeNote> {
    return call(this.notesDomain, 'save', noteId, input);
  }

  deleteNote(noteId: string): Promise<void> {
    return call(this.notesDomain, 'remove', noteId);
  }

  noteRevisions(noteId: string): Promise<NoteRevision[]> {
    return call(this.notesDomain, 'revisions', noteId);
  }

  notesDue(): Promise<KnowledgeNote[]> {
    return call(this.notesDomain, 'due');
  }

  promote(postId: string, request?: PromoteRequest): Promise<KnowledgeNote> {
    return call(this.notesDomain, 'promote', postId, request);
  }

  comments(postId: string): CommentThread {
    return paged(call(this.commentsDomain, 'thread', postId), COMMENTS_LOADING);
  }

  comments$(postId: string): Observable<CommentsState> {
    return this.comments(postId).state$;
  }

  comment(postId: string, draft: CommentDraft): Promise<Comment> {
    return call(this.commentsDomain, 'create', postId, draft);
  }

  editComment(commentId: string, body: string): Promise<Comment> {
    return call(this.commentsDomain, 'edit', commentId, body);
  }

  deleteComment(commentId: string): Promise<void> {
    return call(this.commentsDomain, 'remove', commentId);
  }

  editPost(postId: string, patch: PostPatch): Promise<Post> {
    return call(this.commentsDomain, 'postWrite', postId, patch);
  }

  /** Deletes a post with everything attached to it (its author, or an owner of its space). */
  deletePost(postId: string): Promise<void> {
    return call(this.commentsDomain, 'deletePost', postId);
  }

  translatePost(postId: string, locale: Locale): Promise<Post> {
    return call(this.commentsDomain, 'postWrite', postId, { locale });
  }

  react(objectId: string, kind: string): Promise<void> {
    return this.relayReactions(objectId, this.reactions.toggle(objectId, kind, true));
  }

  unreact(objectId: string, kind: string): Promise<void> {
    return this.relayReactions(objectId, this.reactions.toggle(objectId, kind, false));
  }

  /** Shows the person's other tabs what a reaction write shows here: at once (optimistic), then settled or rolled back. */
  private relayReactions(objectId: string, write: Promise<void>): Promise<void> {
    const send = () => this.tabs.loaded?.broadcast({ type: 'reactions', summary: this.store.snapshot.reactions[objectId] });
    send();
    return write.finally(send);
  }

  spaceDirectory(query?: SpaceQuery): SpaceDirectory {
    return paged(call(this.spacesDomain, 'directory', query), SPACES_LOADING);
  }

  joinSpace(spaceId: string, message?: string): Promise<JoinResult> {
    return call(this.spacesDomain, 'join', spaceId, message);
  }

  spaceCapabilities$(spaceId: string): Observable<SpaceCapabilities> {
    return new Observable<SpaceCapabilities>((subscriber) => {
      let heard = false;
      // Changes first: one heard while the first answer is on its way wins over it.
      const changes = this.capabilityChanges.subscribe(({ spaceId: id, capabilities }) => {
        if (id !== spaceId) return;
        heard = true;
        subscriber.next(capabilities);
      });
      // Keeps the live stream open while watched: owners' changes arrive as `space.capabilities`.
      const live = this.live$.subscribe({ error: () => undefined });
      // Known already (me() answered, or the space was asked): at once, so a post renders once.
      const known = this.meValue?.memberships.find((m) => m.spaceId === spaceId)?.capabilities ?? this.knownCapabilities.get(spaceId);
      if (known) subscriber.next(known);
      else void (async () => {
        const me = await this.me().catch(() => undefined);
        let capabilities = me?.memberships.find((m) => m.spaceId === spaceId)?.capabilities;
        // Not a member (an open space's reader): the space says, asked once per space for every watcher.
        if (!capabilities && me) capabilities = await this.spaceCapabilitiesOf(spaceId);
        if (!heard && !subscriber.closed) subscriber.next(capabilities ?? ALL_SPACE_CAPABILITIES);
      })();
      return () => {
        changes.unsubscribe();
        live.unsubscribe();
      };
    });
  }

  /** What a space the caller does not belong to offers, asked once (an owner's later change comes live). */
  private readonly askedCapabilities = new Map<string, Promise<SpaceCapabilities | undefined>>();
  /** The answers of {@link askedCapabilities} already in. */
  private readonly knownCapabilities = new Map<string, SpaceCapabilities>();
  private spaceCapabilitiesOf(spaceId: string): Promise<SpaceCapabilities | undefined> {
    let asked = this.askedCapabilities.get(spaceId);
    if (!asked) {
      asked = this.request<Space>({ method: 'GET', path: spacePath(spaceId) }).then(
        (s) => {
          if (s.capabilities) this.knownCapabilities.set(spaceId, s.capabilities);
          return s.capabilities;
        },
        () => {
          this.askedCapabilities.delete(spaceId);
          return undefined;
        },
      );
      this.askedCapabilities.set(spaceId, asked);
    }
    return asked;
  }

  async setSpaceCapabilities(spaceId: string, update: SpaceCapabilitiesUpdate): Promise<Space> {
    const space = await this.request<Space>({ method: 'PUT', path: spaceCapabilitiesPath(spaceId), body: update });
    if (space.capabilities) this.noteCapabilities(spaceId, space.capabilities);
    return space;
  }

  /** Records what a space offers now: in `me()`'s memberships (elements read them) and for every watcher. */
  private noteCapabilities(spaceId: string, capabilities: SpaceCapabilities): void {
    const membership = this.meValue?.memberships.find((m) => m.spaceId === spaceId);
    if (membership) membership.capabilities = capabilities;
    this.askedCapabilities.set(spaceId, Promise.resolve(capabilities));
    this.knownCapabilities.set(spaceId, capabilities);
    this.capabilityChanges.next({ spaceId, capabilities });
  }

  leaveSpace(spaceId: string): Promise<void> {
    return call(this.spacesDomain, 'leave', spaceId);
  }

  members(spaceId: string): MemberList {
    return paged(call(this.spacesDomain, 'memberList', spaceId), MEMBERS_LOADING);
  }

  setRole(spaceId: string, actorId: string, role: Role): Promise<SpaceMember> {
    return call(this.spacesDomain, 'setRole', spaceId, actorId, role);
  }

  removeMember(spaceId: string, actorId: string): Promise<void> {
    return call(this.spacesDomain, 'remove', spaceId, actorId);
  }

  decideJoinRequest(spaceId: string, actorId: string, approve: boolean, role?: Role): Promise<SpaceMember | null> {
    return call(this.spacesDomain, 'decide', spaceId, actorId, approve, role);
  }

  publish(spaceId: string, request: PublishRequest, options?: WriteOptions): Promise<Post> {
    return call(this.announcements, 'publish', spaceId, request, options);
  }


  acknowledge(postId: string): Promise<void> {
    return call(this.announcements, 'acknowledge', postId);
  }

  acknowledgements(postId: string): Promise<AcknowledgementSummary> {
    return call(this.announcements, 'summary', postId);
  }

  pin(postId: string, until?: string): Promise<Post> {
    return call(this.announcements, 'pin', postId, until);
  }

  unpin(postId: string): Promise<Post> {
    return call(this.announcements, 'pin', postId, null);
  }

  fetchFeedPage(spaceId: string, cursor?: string | null, limit: number = FEED_LIMIT_DEFAULT): Promise<FeedPage> {
    return this.request<FeedPage>({
      method: 'GET',
      path: feedPath(spaceId),
      query: { cursor: cursor ?? undefined, limit },
    });
  }

  errorMessage(err: unknown, locale?: string): string {
    const lng = locale === undefined ? this.locale.value : negotiateLocale([locale]);
    const t = this.i18n.getFixedT(lng, CORE_NAMESPACE);
    // Exact lookup: exists() would answer from the English fallback.
    if (this.i18n.getResource(lng, CORE_NAMESPACE, 'error.unknown') === undefined) {
      // First error of the page: its sentences arrive in a moment (i18next
      // then emits `added`); until then the error's own text stands in.
      void this.loadErrorMessages(lng).catch(() => undefined);
      return err instanceof Error && err.message ? err.message : String(err);
    }
    const key = `error.${isEcotoneError(err) ? err.code : 'unknown'}`;
    return this.i18n.exists(key, { ns: CORE_NAMESPACE, lng }) ? t(key) : t('error.unknown');
  }

  loadErrorMessages(locale?: string): Promise<void> {
    return loadErrorStrings(this.i18n, locale === undefined ? this.locale.value : negotiateLocale([locale]));
  }

  retryWrite(entryId: string): Promise<void> {
    return this.outbox.retry?.(entryId) ?? Promise.resolve();
  }

  discardWrite(entryId: string): Promise<void> {
    return this.outbox.discard?.(entryId) ?? Promise.resolve();
  }

  async clearOfflineData(): Promise<void> {
    await (this.clearingOffline = Promise.all([
      this.offlineCache?.().then((c) => c.clear(), () => undefined),
      this.draftsDomain().then((d) => d.clear(), () => undefined),
    ]));
  }

  loadDraft<T>(scope: string): Promise<T | undefined> {
    return this.draftsDomain().then((d) => d.load<T>(scope), () => undefined);
  }

  saveDraft(scope: string, draft: unknown): Promise<void> {
    return this.draftsDomain().then((d) => d.save(scope, draft), () => undefined);
  }

  close(): void {
    this.closed = true;
    this.outbox.close?.();
    // A sign-out just asked for (clearOfflineData, then close) finishes before the cache's database closes.
    void Promise.resolve(this.clearingOffline).then(() => this.offlineCache?.loaded?.close());
    this.transport.close();
    this.tabs.loaded?.close();
  }

  async request<T>(req: Parameters<Transport['request']>[0]): Promise<T> {
    try {
      return await this.transport.request<T>(req);
    } catch (err) {
      throw toEcotoneError(err);
    }
  }

  /**
   * One entity from the store, kept current, following live events while
   * subscribed; fetched when absent (the stream errors with the EcotoneError
   * when that fails).
   */
  private watch<T>(watched: Watched, id: string, get: (state: EntityState) => T | undefined): Observable<T | undefined> {
    return new Observable<T | undefined>((subscriber) => {
      watched.add(id);
      const inner = merge(this.store.select(get), this.live$.pipe(ignoreElements())).subscribe(subscriber);
      if (get(this.store.snapshot) === undefined) watched.fetch(id).catch((err: unknown) => subscriber.error(toEcotoneError(err)));
      return () => {
        inner.unsubscribe();
        watched.remove(id);
      };
    });
  }

  // Domains loaded on first use; each builds itself from this client's parts (see client-core.ts).
  /** Ballots, surveys and closing (domain/polls.ts). */
  private readonly pollDomain = lazy(() => import('./domain/polls.js').then((m) => m.attach(this)));
  /** Link previews (domain/previews.ts). */
  private readonly previewDomain = lazy(() => import('./domain/previews.js').then((m) => m.attach(this)));
  /** Knowledge notes (domain/notes.ts). */
  private readonly notesDomain = lazy(() => import('./domain/notes.js').then((m) => m.attach(this)));
  /** Comment threads and post edits (domain/comments.ts); `loaded` once it is. */
  private readonly commentsDomain = lazy(() => import('./domain/comments.js').then((m) => m.attach(this)));
  /** Publishing, pins and read acknowledgements (domain/announcements.ts). */
  private readonly announcements = lazy(() => import('./domain/announcements.js').then((m) => m.attach(this)));

  /** The stream and channel the person's tabs share (offline/tabs-client.ts), set up with the live stream. */
  readonly tabs: (() => Promise<TabsTransport | undefined>) & { loaded?: TabsTransport | undefined };

  private readonly spacesDomain = lazy(() => import('./domain/spaces.js').then((m) => m.attach(this)));
  /** The caller's notifications (domain/notifications.ts): a page without a bell never loads it. */
  private readonly notificationsDomain = lazy(() => import('./domain/notifications.js').then((m) => m.attach(this)));
  private notificationCenter: NotificationCenter | undefined;

  upsertPosts(posts: readonly Post[]): void {
    // Loaded ahead for posts that ask to be acknowledged, so that "I have read this" shows at once.
    if (posts.some((p) => p.acknowledgement)) this.announcements().catch(() => undefined);
    // An optimistic write in flight wins over what was fetched meanwhile; its answer settles it.
    this.store.upsertPosts(posts, {
      keepReactionsOf: (id) => this.reactions.isPending(id),
      keepPoll: this.isPollPending,
      keepAcknowledgement: (id) => this.pendingAcks.value.has(id),
    });
  }

  /**
   * Whether the caller still sees content an owner hid (rules/moderation.ts
   * `seesModerated`): its author, and the owners of its space (`me().memberships`);
   * undefined while the caller is not known yet.
   */
  private seesHidden(event: { spaceId: string; authorId: string }): boolean | undefined {
    const me = this.meValue;
    return me && (event.authorId === me.actor.id || me.memberships.some((m) => m.spaceId === event.spaceId && m.role === 'owner'));
  }

  private applyLive(event: LiveEvent): void {
    if ('targetType' in event && event.targetType === 'note') {
      // A note shown or loaded: the notes domain drops it or reads it again.
      if (this.notesDomain.loaded || this.notesWatched.watches(event.targetId)) {
        void this.notesDomain().then((notes) => notes.applyModeration(event, this.seesHidden(event), (id) => this.notesWatched.fetch(id, true)), () => undefined);
      }
      return;
    }
    switch (event.type) {
      case 'post.created':
        this.upsertPosts([event.post]);
        break;
      case 'post.updated':
        // Loaded posts, and the caller's own: its update (a link preview) can
        // overtake the answer to its publish. Others' posts are fetched when shown.
        if (this.store.snapshot.posts[event.post.id] || event.post.author.id === this.meValue?.actor.id) {
          this.upsertPosts([event.post]);
        }
        break;
      case 'reaction.changed':
        this.reactions.applyEvent(event, this.meValue?.actor.id);
        break;
      case 'poll.changed':
        // Polls nobody has loaded stay absent, so a later poll$() fetches the caller's full view.
        if (this.store.snapshot.polls[event.pollId]) this.pollDomain().then((polls) => polls.applyEvent(event), () => undefined);
        break;
      case 'acknowledgement.changed':
        // Posts nobody has loaded stay absent: they come with their count when shown.
        if (this.store.snapshot.posts[event.postId]) void call(this.announcements, 'applyEvent', event, this.meValue?.actor.id).catch(() => undefined);
        break;
      case 'membership.changed':
        // The caller's own change: the next me() asks again (rights shown by elements). Directories and member lists follow.
        if (event.actorId === this.meValue?.actor.id) {
          this.mePromise = undefined;
          // No longer a member: the cache forgets the space (offline/cache-wiring.ts).
          if (event.role === null && !event.joinRequest) void this.offlineCache?.().then((c) => c.membershipEnded(event.spaceId), () => undefined);
        }
        this.spacesDomain.loaded?.applyEvent(event, this.meValue?.actor.id);
        break;
      case 'space.capabilities':
        this.noteCapabilities(event.spaceId, event.capabilities);
        return;
      case 'notification.created':
      case 'notification.read':
        // The notifications domain listens to live$ itself, once loaded (counts and lists of this person).
        return;
      case 'stream.expired':
        // The transport reconnects with a fresh token; nothing to apply.
        return;
      case 'question.changed':
        // A talk-show's queue and its count follow whoever shows it (clientTalkShows(client).changes$).
        return;
      case 'moderation.changed':
        // An owner's queue on screen reads itself again (clientModeration(client).changes$).
        return;

      case 'stream.reset':
        // Events were lost: refetch what is on screen. Feeds refresh themselves.
        this.posts.refetchAll();
        this.reactionSummaries.refetchAll();
        this.polls.refetchAll();
        this.notesWatched.refetchAll();
        this.spacesDomain.loaded?.refetchAll();
      // falls through: comment threads refresh too
      default:
        // comment.*, post.deleted, content.*: threads, posts in the store (loading the domain: those posts are on screen); a restored post comes back.
        if (this.commentsDomain.loaded || event.type === 'content.restored' || (event.type !== 'stream.reset' && event.postId !== null && this.store.snapshot.posts[event.postId])) {
          const seesHidden = 'targetType' in event && !!this.seesHidden(event);
          void this.commentsDomain().then((c) => c.applyEvent(event, this.meValue?.actor.id, seesHidden), () => undefined);
        }
    }
  }
}
