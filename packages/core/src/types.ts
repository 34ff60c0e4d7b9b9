/**
 * Public types of the Ecotone core client. The implementation lives in
 * `client.ts`; elements and custom widgets program against these.
 */
import type { Observable } from 'rxjs';
import type { i18n as I18n } from 'i18next';
import type {
  Problem,
  Actor,
  PersonCard,
  AcknowledgementSummary,
  Comment,
  CommentDraft,
  FeedPage,
  KnowledgeNote,
  LinkPreview,
  LiveEvent,
  Locale,
  Me,
  NoteDraft,
  NoteHit,
  NotePatch,
  NoteRevision,
  NoteSearchQuery,
  Poll,
  PollDraft,
  Post,
  PostPatch,
  PromoteRequest,
  PublishRequest,
  Question,
  QuestionChangedEvent,
  QuestionOrder,
  QuestionPage,
  QuestionState,
  UploadedFile,
  ReactionSummary,
  Role,
  Space,
  SpaceCapabilities,
  SpaceCapabilitiesUpdate,
  SpaceMember,
  SpaceQuery,
  JoinResult,
  SurveyAnswer,
} from '@ecotone/protocol';
import type { MemberList, SpaceDirectory } from './types-spaces.js';
import type { NotificationCenter } from './types-notifications.js';

export type * from './types-spaces.js';
export type * from './types-notifications.js';
import type { EcotoneError } from './errors.js';
import type { LocaleStrings } from './i18n/locale-strings.js';
import type { LocalTransportOptions } from './transport/local-transport.js';

/** Live connection state, public so elements can show "reconnecting…". */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

/**
 * What a person is told about the connection (`client.connection$`,
 * `<eco-connection-status>`): `online`; `reconnecting` while the live stream
 * retries; `offline` when the browser has no network or the stream gave up;
 * `cache-only` when the server cannot be reached and what the page shows
 * comes from the read cache.
 */
export type ConnectionState = 'online' | 'reconnecting' | 'offline' | 'cache-only';

/**
 * Returns the bearer token to send, or null when signed out. Called before
 * each request and each stream connection; called with `{ refresh: true }`
 * once after the server refused a token (401), to get a new one rather than
 * the same from a cache.
 */
export type TokenProvider = (options?: { refresh?: boolean }) => string | null | Promise<string | null>;

/** A request the transport sends; paths come from `routes` in @ecotone/protocol. */
export interface TransportRequest {
  /** The HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route path, under the API prefix (e.g. `postPath(id)`). */
  path: string;
  /** Query parameters; `undefined` ones are left out. */
  query?: Record<string, string | number | undefined>;
  /** The JSON body, for writes. */
  body?: unknown;
  /** Sent as `Idempotency-Key`: the same key makes a retried write happen once. */
  idempotencyKey?: string;
  /** Aborts the request (it then rejects with `aborted`). */
  signal?: AbortSignal;
}

/**
 * Moves requests and live events between the client and a backend.
 * Implementations: `HttpTransport` (any conforming server), `MemoryTransport` (tests).
 */
export interface Transport {
  /** Sends one request; resolves with the parsed JSON body (undefined for 204) or rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** Live events; subscribing opens the stream, the last unsubscribe closes it. */
  readonly events$: Observable<LiveEvent>;
  /** Connection status of the live stream. */
  readonly status$: Observable<ConnectionStatus>;
  /** Closes the stream and frees resources. */
  close(): void;
  /** Uploading and reading files (attachments); absent when the backend keeps none. */
  readonly files?: TransportFiles;
}

/** Options of an upload ({@link clientFiles}). */
export interface UploadOptions {
  /** Called as bytes reach the server (`sent` of `total`). */
  onProgress?: (sent: number, total: number) => void;
  /** Cancels the upload (it then rejects with `aborted`, and the server forgets it). */
  signal?: AbortSignal;
}

/**
 * How a transport moves files. The HTTP transport uploads with the tus
 * protocol (resumable: a cut connection goes on from where the server is)
 * and reads files under the person's file token; an in-process transport
 * keeps them in memory.
 */
export interface TransportFiles {
  /** Uploads a file (named by its `name`, if any) for a space; resolves with what the server made of it, or rejects with its refusal (`file_type_refused`, …). */
  upload(spaceId: string, file: Blob & { name?: string }, options?: UploadOptions): Promise<UploadedFile>;
  /** The address of a file (or of an image's size) that `<img>`, `<video>` and links can load, valid for a while (an hour over HTTP). */
  url(fileId: string, size?: string): Promise<string>;
}

/** Options of {@link EcotoneClient.searchPeople}. */
export interface PeopleSearchOptions {
  /** Only people who can read this space. */
  spaceId?: string;
  /** At most this many (default and maximum: PEOPLE_LIMIT_MAX). */
  limit?: number;
  /** Aborts the search (it then rejects with `aborted`). */
  signal?: AbortSignal;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL of the server, e.g. `https://intranet.example/social`. Ignored when `transport` is given. */
  baseUrl?: string;
  /** A fixed bearer token. */
  token?: string;
  /** Called before each request for a fresh token; wins over `token`. */
  getToken?: TokenProvider;
  /** UI locale; negotiated from the page and browser when absent. */
  locale?: string;
  /**
   * A ready transport (tests, custom backends), or `'local'`: the whole
   * protocol in the browser on IndexedDB, no server (loaded on demand; see
   * `openLocalTransport` for its export and persons).
   */
  transport?: Transport | 'local';
  /** Options of the local backend when `transport` is `'local'` (database, person, seed). */
  local?: LocalTransportOptions;
  /** The `fetch` to use (defaults to the global one). */
  fetch?: typeof fetch;
  /** Where writes wait for the server (defaults to the durable outbox when `offline`, else one in memory). */
  outbox?: Outbox;
  /**
   * Offline-first (see docs/offline.md): writes are stored in IndexedDB
   * (`ecotone-outbox`) and sent when the server is reachable again, across
   * reloads; what the person saw is kept (`ecotone-cache`) and painted at
   * once; composer drafts are saved (`ecotone-drafts`); the person's tabs
   * share one live stream (Web Locks and BroadcastChannel). Default: on for
   * a server (`baseUrl`) in a browser with IndexedDB, off when a `transport`
   * object is given. Off, nothing is stored in the browser. Where IndexedDB
   * is refused, everything is kept in memory instead.
   */
  offline?: boolean;
}

/** State of one feed as an element renders it. */
export interface FeedState {
  /** `loading` before the first page arrives; `error` when the first page failed. */
  status: 'loading' | 'ready' | 'error';
  /** Posts shown, newest first (always the store's current version of each). */
  items: readonly Post[];
  /**
   * Posts pinned at the top of the space, newest first, never repeated in
   * `items`: from the first page, and those pinned since. A post leaves when
   * it is unpinned or its `pinned.until` passes, and goes back to its place
   * in `items`.
   */
  pinned: readonly Post[];
  /** Whether older posts exist. */
  hasMore: boolean;
  /** A `loadMore()` is in flight. */
  loadingMore: boolean;
  /** The error of the first page, or of the last `loadMore()`. */
  error: EcotoneError | null;
  /** Posts that arrived live and are held back until `showNew()`. */
  newCount: number;
  /**
   * Set while `items` and `pinned` are the saved copy from the read cache
   * (offline-capable clients): `revalidating` while the server is asked,
   * `offline` when it could not be reached, `failed` when it answered with
   * another error. Absent once fresh data has replaced the copy.
   */
  fromCache?: 'revalidating' | 'offline' | 'failed';
}

/** A live, paginated feed of one space. */
export interface Feed {
  /** The feed as shown, current from the first subscription on (loaded then). */
  readonly state$: Observable<FeedState>;
  /** Fetches the next older page; no-op while one is loading or when none is left. */
  loadMore(): Promise<void>;
  /** Refetches the first page (retry after an error, or after a stream reset). */
  refresh(): Promise<void>;
  /** Moves posts that arrived live into `items`. */
  showNew(): void;
}

/** State of one knowledge-note search as an element renders it. */
export interface NotesState {
  /** `loading` before the first page arrives (and while a refresh replaces an error); `error` when the first page failed. */
  status: 'loading' | 'ready' | 'error';
  /** Hits shown, best first; each hit's `note` is the store's current version of that note. */
  hits: readonly NoteHit[];
  /** Tags of every matching note, with counts, most frequent first (from the first page). */
  tags: readonly { tag: string; count: number }[];
  /** Number of matching notes (from the first page). */
  total: number;
  /** Whether more hits exist. */
  hasMore: boolean;
  /** A `loadMore()` is in flight. */
  loadingMore: boolean;
  /** The error of the first page, or of the last `loadMore()`. */
  error: EcotoneError | null;
}

/** A paginated search of knowledge notes; see {@link EcotoneClient.notes}. */
export interface NoteSearch {
  /** The hits as shown, current from the first subscription on (searched then). */
  readonly state$: Observable<NotesState>;
  /** Fetches the next page of hits; no-op while one is loading or when none is left. Never rejects: errors go to the state. */
  loadMore(): Promise<void>;
  /** Fetches the first page again (retry after an error, or after a save). Never rejects. */
  refresh(): Promise<void>;
}

/** State of the comments of one post as an element renders it. */
export interface CommentsState {
  /** `loading` before the first page arrives; `error` when the first page failed. */
  status: 'loading' | 'ready' | 'error';
  /**
   * Comments loaded so far, oldest first (replies included; a reply names its
   * top-level `parentId`), then the caller's comments still being sent.
   * Deleted comments with replies stay as placeholders (`deleted`).
   */
  items: readonly Comment[];
  /** Ids of `items` with a write in flight: comments being sent (temporary ids), edited or deleted. */
  pending: ReadonlySet<string>;
  /** Set while `items` are the thread's saved first page (offline-capable clients); see FeedState.fromCache. */
  fromCache?: 'revalidating' | 'offline' | 'failed';
  /** Whether more (newer) comments exist. */
  hasMore: boolean;
  /** A `loadMore()` is in flight. */
  loadingMore: boolean;
  /** The error of the first page, or of the last `loadMore()`. */
  error: EcotoneError | null;
}

/** The live, paginated comments of a post; see {@link EcotoneClient.comments}. */
export interface CommentThread {
  /** The comments as shown, kept current by live events. */
  readonly state$: Observable<CommentsState>;
  /** Fetches the next page; no-op while one is loading or when none is left. Never rejects: errors go to the state. */
  loadMore(): Promise<void>;
  /** Fetches the first page again (retry after an error). Never rejects. */
  refresh(): Promise<void>;
}

/** A note to create: the space it goes into, and its draft. */
export type NoteCreateInput = NoteDraft & { spaceId: string };

/** What a write in the outbox does, for the element that shows it. */
export type OutboxAction = 'publish' | 'comment' | 'react' | 'vote' | 'acknowledge' | 'join' | 'note' | 'other';

/**
 * Where a write stands: `sending` (an attempt is running), `queued` (waiting
 * for the server to be reachable again, or for an earlier write of the same
 * person), `failed` (refused by the server: kept, with its content, until
 * retried or discarded).
 */
export type OutboxEntryStatus = 'queued' | 'sending' | 'failed';

/** A pending write in the outbox. */
export interface OutboxEntry {
  /** The entry's id in the outbox. */
  id: string;
  /** The key every attempt sends, so the server applies the write once. */
  idempotencyKey: string;
  /** The write to send. */
  request: TransportRequest;
  /** When it was queued (ms since the epoch). */
  createdAt: number;
  /** How many times it has been sent so far. */
  attempts: number;
  /** Where it stands (a memory outbox only ever reports `sending` and `queued`). */
  status?: OutboxEntryStatus;
  /** What it does, for the element that made it (absent: `other`). */
  action?: OutboxAction;
  /** What it is about: the space of a publish or a join, the post of a comment or an acknowledgement, the object of a reaction, the poll of a vote, the note of a note edit. */
  target?: string;
  /**
   * The provisional id of what it creates (`local-…`), used by later writes
   * that depend on it (a comment on a post still in the outbox); replaced by
   * the server's id in their paths and bodies once this one is sent.
   */
  localId?: string;
  /** Why the server refused it, when `failed`. */
  error?: { code: string; message: string; status?: number; problem?: Problem };
}

/** Options of a write method of the client. */
export interface WriteOptions {
  /**
   * Called when the write cannot be sent now and was stored to be sent when
   * the server is reachable again: an element may let go of its content (a
   * composer clears). A later refusal keeps it in `pendingWrites$` as `failed`.
   */
  onQueued?: (entry: OutboxEntry) => void;
}

/** Options of one write given to {@link Outbox.send}. */
export interface OutboxSendOptions {
  /** What the write does (see {@link OutboxEntry.action}). */
  action?: OutboxAction;
  /** What it is about (see {@link OutboxEntry.target}). */
  target?: string;
  /** The provisional id of what it creates (see {@link OutboxEntry.localId}). */
  localId?: string;
  /**
   * Called when the write cannot be sent now (offline, or the server is
   * unreachable) and has been stored to be sent later: the caller may let go
   * of its content (a composer clears). From then on a refusal keeps the
   * entry as `failed` for the person to retry or discard.
   */
  onQueued?: (entry: OutboxEntry) => void;
}

/**
 * Where writes wait until the server has them: in memory (`MemoryOutbox`),
 * or durable in IndexedDB across reloads when the client is `offline`.
 */
export interface Outbox {
  /** Sends the request through the outbox; resolves with the server's answer. */
  send<T>(request: TransportRequest, options?: OutboxSendOptions): Promise<T>;
  /** Entries not yet acknowledged by the server, oldest first (failed ones included until discarded). */
  readonly pending$: Observable<readonly OutboxEntry[]>;
  /** Sends a failed entry again, with its key. */
  retry?(entryId: string): Promise<void>;
  /** Forgets an entry that is not being sent (a failed one, or one still queued). */
  discard?(entryId: string): Promise<void>;
  /** Stops sending (the client closes); what is stored stays for the next page. */
  close?(): void;
}

/** Options of {@link TalkShows.list}. */
export interface QuestionListOptions {
  /** `top` (default): most votes first, then newest; `new`: newest first. */
  order?: QuestionOrder;
  /** Questions per page, 1 to 100 (default 50). */
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

/**
 * A client's talk-shows (see `clientTalkShows`): their question queues,
 * listed, asked, up-voted and moderated, and their live changes.
 */
export interface TalkShows {
  /**
   * A page of a talk-show's questions (`order` `top`, the default: most
   * votes first, or `new`; `cursor` from the previous page's `nextCursor`).
   * Hidden questions come only to moderators and, each, to its author.
   * Rejects with the EcotoneError (`not_found` for a post the caller may
   * not read or that is no talk-show, `invalid_cursor`…).
   *
   * @example
   * const { items, nextCursor } = await clientTalkShows(client).list(post.id, { order: 'new' });
   */
  list(postId: string, options?: QuestionListOptions): Promise<QuestionPage>;
  /**
   * Asks a question in a talk-show's queue (1 to 500 characters), once even
   * if the answer is lost and the request retried; resolves with it as the
   * caller sees it, rejects with the EcotoneError (`validation_failed`, `not_found`…).
   */
  ask(postId: string, body: string): Promise<Question>;
  /** Up-votes a question, once per person (a repeat changes nothing); rejects with `conflict` once it is answered or hidden. */
  vote(questionId: string): Promise<Question>;
  /** Takes the caller's up-vote back (idempotent); rejects with `conflict` once the question is answered or hidden. */
  unvote(questionId: string): Promise<Question>;
  /**
   * A moderator (a host, an owner or a correspondent of the space) marks a
   * question `answered`, `hidden`, or `open` again; anyone else gets
   * `forbidden`.
   */
  setState(questionId: string, state: QuestionState): Promise<Question>;
  /**
   * The live `question.changed` events of one talk-show, shaped for the
   * caller (a question they may not see comes without `question`: drop it).
   * Subscribing keeps the live stream open; while it is open, the post's
   * `talkShow.questionCount` in the client's store follows the events.
   */
  changes$(postId: string): Observable<QuestionChangedEvent>;
}

/** The Ecotone client: read streams and write methods over one entity store. */
export interface EcotoneClient {
  /** The i18next instance with Ecotone's en, fr and de resources. */
  readonly i18n: I18n;
  /** The current UI locale (one of en, fr, de). */
  readonly locale$: Observable<Locale>;
  /**
   * Registers the strings of an i18next namespace (elements and custom widgets
   * use this). English is added at once; other locales load when first used.
   */
  addStrings(namespace: string, strings: LocaleStrings): void;
  /**
   * Loads every registered namespace's strings for a locale without switching
   * to it (an element with its own `lang`); resolves with the negotiated locale.
   */
  loadLocale(locale: string): Promise<Locale>;
  /** Changes the UI locale (negotiated down to a supported one), once its strings are loaded. */
  setLocale(locale: string): Promise<void>;
  /** Live connection status (with `offline` on: the status of the stream the person's tabs share). */
  readonly status$: Observable<ConnectionStatus>;
  /**
   * What to tell the person about the connection, emitted when it changes:
   * from `status$`, the browser's online and offline events, and whether the
   * page shows the read cache because the server cannot be reached.
   *
   * @example
   * client.connection$.subscribe((state) => banner.hidden = state === 'online');
   */
  readonly connection$: Observable<ConnectionState>;
  /** The signed-in actor, memberships and server configuration (cached). */
  me(): Promise<Me>;
  /** Spaces the caller may see. */
  spaces(): Promise<Space[]>;
  /**
   * One space as the caller sees it (role, capabilities, label, how long it
   * keeps its content). Rejects with EcotoneError (`not_found` for a space
   * the caller may not see).
   */
  space(spaceId: string): Promise<Space>;
  /**
   * People by name, accents and case ignored (`GET /people`). With `spaceId`,
   * only people who can read that space: what a mention picker offers.
   */
  searchPeople(query: string, options?: PeopleSearchOptions): Promise<Actor[]>;
  /** A person card: who they are, their local time, spaces in common and recent posts the caller may read. */
  person(actorId: string): Promise<PersonCard>;
  /**
   * The caller's notifications (see {@link NotificationCenter}): the unread
   * count of a bell, lists kept current by live events, marking read
   * (optimistic) and preferences. The domain loads on first use, so a page
   * without a bell never downloads it. The same center on every call.
   *
   * @example
   * client.notifications().unread$.subscribe(({ unread, more }) => showBadge(more ? '99+' : unread));
   */
  notifications(): NotificationCenter;
  /**
   * A live directory of the spaces the caller may see (secret ones only when
   * a member), filtered by `site`, words in the name or description
   * (`q`, accents and case ignored) and `mine`. Loaded on first subscription;
   * joins, leaves and live `membership.changed` events keep every directory current.
   *
   * @example
   * client.spaceDirectory({ site: 'Lyon' }).state$.subscribe(({ items }) => render(items));
   */
  spaceDirectory(query?: SpaceQuery): SpaceDirectory;
  /**
   * Joins an open space (`joined`), or asks to join a private one
   * (`requested`, with an optional word to its owners) until an owner
   * approves. Pending in the directory meanwhile; rejects with EcotoneError
   * (`not_found` for a secret space) and changes nothing on refusal.
   */
  joinSpace(spaceId: string, message?: string): Promise<JoinResult>;
  /**
   * What a space offers (reactions and which kinds, comments, polls, link
   * previews, attachments, translations, announcements), live: its first
   * value from `me()` (or the space, for a non-member), then each owner's
   * change (`space.capabilities`). Everything when the server says nothing.
   *
   * @example
   * client.spaceCapabilities$('news').subscribe((c) => (commentsShown = c.comments));
   */
  spaceCapabilities$(spaceId: string): Observable<SpaceCapabilities>;
  /**
   * An owner switches features of a space on or off (those absent keep
   * their value; `reactionKinds: null` offers every kind again); resolves
   * with the space. Rejects with EcotoneError (`forbidden` for anyone but
   * an owner). A write a space does not offer rejects with an `AccessError`
   * of code `capability_disabled`.
   */
  setSpaceCapabilities(spaceId: string, update: SpaceCapabilitiesUpdate): Promise<Space>;
  /** Leaves a space, or withdraws a pending request to join it (`last_owner` when the caller is its only owner). */
  leaveSpace(spaceId: string): Promise<void>;
  /** The members of a space, paginated and live; with the pending join requests when the caller owns it. */
  members(spaceId: string): MemberList;
  /** An owner adds a person or changes a member's role (`last_owner` when it would leave no owner). */
  setRole(spaceId: string, actorId: string, role: Role): Promise<SpaceMember>;
  /** An owner removes a member (`last_owner` for the only owner). */
  removeMember(spaceId: string, actorId: string): Promise<void>;
  /** An owner approves (with a role, `member` by default) or declines a request to join; resolves with the new member when approved. */
  decideJoinRequest(spaceId: string, actorId: string, approve: boolean, role?: Role): Promise<SpaceMember | null>;
  /**
   * A live feed of a space; the same instance per space while subscribed.
   * Several space ids joined by commas make one newest-first feed over them
   * all (at most 20, each readable by the caller), e.g. "my sites"; its
   * `pinned` holds the pinned posts of every one of them.
   *
   * @example
   * client.feed('lyon-site,basel-site,cambridge-site').state$.subscribe(render);
   */
  feed(spaceId: string): Feed;
  /** Shorthand for `feed(spaceId).state$`. */
  feed$(spaceId: string): Observable<FeedState>;
  /** One post, kept current by live events (`post.updated` brings its link preview); fetched when not in the store. */
  post$(postId: string): Observable<Post | undefined>;
  /** Reactions on any object (post or comment), fetched when not in the store. */
  reactions$(objectId: string): Observable<ReactionSummary | undefined>;
  /** Object ids with a reaction write in flight (pending state). */
  readonly pendingReactions$: Observable<ReadonlySet<string>>;
  /** Adds the caller's reaction, optimistically; rolls back and rejects with EcotoneError on refusal. */
  react(objectId: string, kind: string): Promise<void>;
  /** Removes the caller's reaction, optimistically; rolls back on refusal. */
  unreact(objectId: string, kind: string): Promise<void>;
  /**
   * Publishes a post through the outbox with an idempotency key;
   * `request.polls` attaches polls (several make a survey). Announcements
   * (`kind: 'announcement'`, owners and correspondents) may be pinned (`pin`,
   * `pinUntil`) and ask for read acknowledgements (`requireAcknowledgement`);
   * any post may be scheduled (`publishAt`: a draft seen by its author and the
   * space's owners until then). A pinned post goes to its feed's `pinned`.
   *
   * @example
   * await client.publish('news', { body, kind: 'announcement', pin: true, requireAcknowledgement: true });
   *
   * Offline (or with the server unreachable), the post waits in the durable
   * outbox: `options.onQueued` is then called, and the promise resolves once
   * the server has it (after a reload, the feed shows it arriving instead).
   */
  publish(spaceId: string, request: PublishRequest, options?: WriteOptions): Promise<Post>;
  /**
   * Acknowledges a post that asks for it ("I have read this"). Optimistic:
   * the post's `acknowledgement` becomes `mine` with one more in `count` at
   * once; the server's answer then replaces the post. On refusal it is put
   * back exactly as it was and the promise rejects with the EcotoneError
   * (`acknowledgement_not_requested`, `not_found`…). Idempotent: resolves at
   * once when the caller already has; concurrent calls share one request.
   */
  acknowledge(postId: string): Promise<void>;
  /** Post ids with an acknowledgement in flight (pending state). */
  readonly pendingAcknowledgements$: Observable<ReadonlySet<string>>;
  /**
   * Who acknowledged a post, per site (its author and the space's owners;
   * `forbidden` for everyone else). A read, fetched on every call: show it
   * again after `acknowledgement.changed` (the post's count moves) to stay current.
   */
  acknowledgements(postId: string): Promise<AcknowledgementSummary>;
  /**
   * Pins an announcement at the top of its space's feed (owners and
   * correspondents), until `until` (an ISO time in the future) or until
   * unpinned. Not optimistic; the answer goes into the store and the feed's `pinned`.
   */
  pin(postId: string, until?: string): Promise<Post>;
  /** Unpins a post (owners and correspondents); it goes back to its place in the feed. */
  unpin(postId: string): Promise<Post>;
  /**
   * One poll, kept current by live `poll.changed` events; fetched when not in
   * the store. A poll shown inside a post (`post$`, feed items) is the same
   * store entry, so both always show the same numbers. Errors with the
   * EcotoneError when the poll cannot be fetched (e.g. `not_found`).
   *
   * @example
   * client.poll$(pollId).subscribe((poll) => poll && render(poll.question, poll.results));
   */
  poll$(pollId: string): Observable<Poll | undefined>;
  /** Poll ids with a ballot, survey or close write in flight (pending state). */
  readonly pendingPolls$: Observable<ReadonlySet<string>>;
  /**
   * Casts or changes the caller's ballot (option ids; for a scale, the value as
   * a string). Optimistic: `myBallot` is set at once and, when the poll shows
   * results, the counts move (the previous ballot's choices out, the new ones
   * in; `voters` +1 only for a first ballot). The server's answer then replaces
   * the poll. On refusal the poll is rolled back and the promise rejects with
   * the EcotoneError (`poll_closed`, `invalid_ballot`, `not_found`…).
   *
   * @example
   * await client.vote(poll.id, [poll.options[0].id]).catch((err) => toast(client.errorMessage(err)));
   */
  vote(pollId: string, choices: readonly string[]): Promise<Poll>;
  /** Withdraws the caller's ballot (idempotent), optimistically like {@link EcotoneClient.vote}. */
  withdraw(pollId: string): Promise<Poll>;
  /** Closes a poll now (its author or a space owner; `forbidden` otherwise). Not optimistic: closing may reveal results only the server knows. */
  closePoll(pollId: string): Promise<Poll>;
  /**
   * Answers several polls of a post's survey at once. Optimistic on every
   * answered poll; the server saves all answers or none, so on refusal every
   * poll is rolled back. Resolves with the post's polls, in order.
   */
  submitSurvey(postId: string, answers: readonly SurveyAnswer[]): Promise<Poll[]>;
  /** Creates a poll on its own in a space (embeddable by id), through the outbox with an idempotency key. */
  createPoll(spaceId: string, draft: PollDraft): Promise<Poll>;
  /**
   * A preview of an http(s) URL, fetched by the server under its egress
   * policy (never by this browser). A read: not queued in the outbox. Results
   * are kept per URL for the client's lifetime and concurrent calls for one
   * URL share one request. Rejects with an EcotoneError: `previews_disabled`
   * (the server fetches nothing; after it, no further request is made),
   * `egress_blocked`, `invalid_url` (also raised without a request for
   * non-http(s) URLs), `preview_unreachable`, `preview_timeout`,
   * `preview_too_large`, `preview_not_html`, `preview_too_many_redirects`.
   *
   * @example
   * const card = await client.preview('https://example.com/article').catch(() => undefined);
   */
  preview(url: string): Promise<LinkPreview>;
  /**
   * {@link EcotoneClient.preview} as a stream: `undefined` while loading, then
   * the preview; errors with the EcotoneError.
   */
  preview$(url: string): Observable<LinkPreview | undefined>;
  /**
   * A search of knowledge notes: `query.q` matched in title and body (accents
   * and inflections per the note's language on the server), filtered by
   * `space`, `tag` and `maturity`. Each call is a new search; the first
   * subscription fetches the first page. Debounce keystrokes before calling.
   * The notes domain is loaded on first use.
   *
   * @example
   * const search = client.notes({ q: 'sécurité', tag: 'rust' });
   * search.state$.subscribe((s) => render(s.hits, s.tags, s.total));
   * await search.loadMore();
   */
  notes(query: NoteSearchQuery): NoteSearch;
  /** Shorthand for `notes(query).state$`. */
  notes$(query: NoteSearchQuery): Observable<NotesState>;
  /**
   * One knowledge note from the store (search hits, saves and fetches all
   * update it); fetched when absent. `undefined` while loading and after the
   * note is deleted; errors with the EcotoneError when it cannot be fetched
   * (`not_found` also for notes of spaces the caller cannot see).
   */
  note$(noteId: string): Observable<KnowledgeNote | undefined>;
  /** Note ids with a save or delete in flight (pending state: edits are not optimistic). */
  readonly pendingNotes$: Observable<ReadonlySet<string>>;
  /**
   * Creates a note (`noteId` null: `input` is the space and the draft) or
   * edits one (`input` is a NotePatch naming the `baseRevision` the edit
   * started from), through the outbox with an idempotency key. Not
   * optimistic; the server's answer goes into the store. On a stale edit,
   * rejects with a ConflictError `edit_conflict`: the server's current note
   * is put into the store and read with {@link conflictCurrent}; the
   * caller's draft is never touched, so both versions can be shown.
   *
   * @example
   * try { await client.saveNote(note.id, { baseRevision: note.revision, body }); }
   * catch (err) { const theirs = conflictCurrent(err); if (theirs) showBoth(body, theirs); }
   */
  saveNote(noteId: null, input: NoteCreateInput): Promise<KnowledgeNote>;
  /** Saves an edit of note `noteId` (see above); rejects with a ConflictError `edit_conflict` when `baseRevision` is stale. */
  saveNote(noteId: string, input: NotePatch): Promise<KnowledgeNote>;
  /** Deletes a note (through the outbox); it leaves the store and every search shown. */
  deleteNote(noteId: string): Promise<void>;
  /** Every revision of a note, oldest first (with author and time), for history and diffs. */
  noteRevisions(noteId: string): Promise<NoteRevision[]>;
  /** Notes due for review that the caller may edit, oldest date first (also put into the store). */
  notesDue(): Promise<KnowledgeNote[]>;
  /** Promotes a post (its body, link preview and a backlink) to a note, through the outbox; `request` may give title, tags and maturity. */
  promote(postId: string, request?: PromoteRequest): Promise<KnowledgeNote>;
  /**
   * The comments of a post, live: `comment.*` events add, edit and remove
   * them. Comment reactions live with all reactions, so `reactions$(comment.id)`
   * and like buttons on comments just work. The comments domain is loaded on
   * first use.
   *
   * @example
   * const thread = client.comments(post.id);
   * thread.state$.subscribe((s) => render(s.items, s.pending));
   * await thread.loadMore();
   */
  comments(postId: string): CommentThread;
  /** Shorthand for `comments(postId).state$`. */
  comments$(postId: string): Observable<CommentsState>;
  /**
   * Comments on a post (`draft.parentId` replies to a top-level comment).
   * Optimistic: a pending comment (its temporary id in the thread's
   * `CommentsState.pending`) appears at once in the post's thread, is
   * replaced by the server's (also when the live event comes first) and
   * removed on refusal, when the promise rejects with the EcotoneError
   * (`forbidden` for readers, `validation_failed`…). The post's
   * `commentCount` follows.
   *
   * @example
   * await client.comment(post.id, { body: 'Great news!' }).catch((err) => keepDraft(client.errorMessage(err)));
   */
  comment(postId: string, draft: CommentDraft): Promise<Comment>;
  /** Edits a comment (its author), optimistically; rolled back and rejected with the EcotoneError on refusal. */
  editComment(commentId: string, body: string): Promise<Comment>;
  /**
   * Deletes a comment (its author or a space owner). Pending meanwhile; once
   * the server agrees it leaves the thread, or stays as a placeholder when it
   * has replies.
   */
  deleteComment(commentId: string): Promise<void>;
  /** Changes a post's body and/or its variants (its author; `variants` replaces them all); the answer goes into the store. */
  editPost(postId: string, patch: PostPatch): Promise<Post>;
  /**
   * Deletes a post with its polls, comments, reactions and acknowledgements
   * (its author, or an owner of its space). Once the server agrees it leaves
   * the store, so every feed and view showing it; other readers see it go
   * through `post.deleted`.
   */
  deletePost(postId: string): Promise<void>;
  /**
   * Asks the server's translation hook for a machine variant of a post in
   * `locale`; rejects with `translation_unavailable` when the server has none.
   */
  translatePost(postId: string, locale: Locale): Promise<Post>;
  /**
   * Sends one request to any route of the protocol with the client's
   * credentials, straight to the server (no outbox, nothing optimistic, no
   * store update): for custom widgets and for reads no stream covers, such as
   * a post search. Rejects with an EcotoneError.
   *
   * @example
   * const found = await client.request<PostSearchResult>({ method: 'GET', path: postSearchPath(), query: { q: 'parking' } });
   */
  request<T>(req: TransportRequest): Promise<T>;
  /** Raw feed page (no store update): for custom widgets. */
  fetchFeedPage(spaceId: string, cursor?: string | null, limit?: number): Promise<FeedPage>;
  /**
   * Writes not yet acknowledged by the server (publish, comments, reactions,
   * ballots…), oldest first; with `offline`, those that wait for the server
   * across reloads, and those it refused (`status: 'failed'`) until retried or discarded.
   */
  readonly pendingWrites$: Observable<readonly OutboxEntry[]>;
  /** Sends a write the server refused again (same idempotency key). */
  retryWrite(entryId: string): Promise<void>;
  /** Forgets a write that is queued or was refused; its caller, if still waiting, gets an `aborted` error. */
  discardWrite(entryId: string): Promise<void>;
  /**
   * A message for people, in the current locale (or `locale`), for any error
   * the client raised (by its `code`); a generic message for anything else.
   * Error sentences load on the first error of a page: until they arrive
   * (i18next's store emits `added`) this returns the error's own text.
   */
  errorMessage(err: unknown, locale?: string): string;
  /** Loads the error sentences of the current locale (or `locale`) ahead of need. */
  loadErrorMessages(locale?: string): Promise<void>;
  /**
   * Sign-out: forgets what this client kept on the device for the person on
   * this server (the read cache, composer drafts, who the last person was).
   * `<eco-provider>` calls it when its token is removed. Never rejects.
   */
  clearOfflineData(): Promise<void>;
  /** A draft kept on the device for the caller under `scope` (e.g. `composer:<spaceId>`), or undefined. */
  loadDraft<T>(scope: string): Promise<T | undefined>;
  /** Keeps the caller's draft of `scope` on the device (IndexedDB when offline-capable); undefined forgets it. Never rejects. */
  saveDraft(scope: string, draft: unknown): Promise<void>;
  /** Closes the live stream and all subscriptions. */
  close(): void;
}
