/**
 * `MemoryTransport`: an in-memory Ecotone backend for tests of the core client
 * and of the elements (browser-safe: no Node modules). It answers the same
 * routes as the reference server, one module per feature behind a typed
 * route table (memory-routing.ts), deciding with the same rules
 * (`@ecotone/protocol/rules`); with test hooks to push live events, fail
 * requests, hold answers and act as other people.
 */
import { BehaviorSubject, Observable, Subject, finalize, share } from 'rxjs';
import {
  PROBLEM_CODES,
  type Actor,
  type Comment,
  type JoinRequest,
  type KnowledgeNote,
  type LinkPreview,
  type LiveEvent,
  type Me,
  type NotePatch,
  type Poll,
  type Post,
  type ProblemCode,
  type Space,
  type SpaceMember,
} from '@ecotone/protocol';
import { EcotoneError, NetworkError } from '../errors.js';
import type { ConnectionStatus, Transport, TransportRequest } from '../types.js';
import { MemoryAnnouncements } from './memory-announcements.js';
import { MemoryComments } from './memory-comments.js';
import { MemoryNotes } from './memory-notes.js';
import { MemoryPolls } from './memory-polls.js';
import { MemoryPosts, type MemoryTranslator } from './memory-posts.js';
import { MemoryPreviews } from './memory-previews.js';
import { MemoryReactions } from './memory-reactions.js';
import { fail, mergeRouteTables, routeMatchers, type MemoryHandler, type MemoryRouteTable, type RouteMatcher, type RouteName } from './memory-routing.js';
import { MemorySearch } from './memory-search.js';
import { MemorySpaces } from './memory-spaces.js';
import { MemoryStore } from './memory-store.js';

export type { MemoryTranslator } from './memory-posts.js';

/** Seed data of a {@link MemoryTransport}. */
export interface MemorySeed {
  /** The caller: `me.actor` authors published posts and owns `mine` reactions. */
  me: Me;
  spaces: Space[];
  /**
   * Posts in any order; their `reactions` seed the reaction counts, their
   * `polls` the polls (`results`, when given, are the tally including the
   * caller's `myBallot`).
   */
  posts: Post[];
  /** Standalone polls (`postId: null`), seeded the same way. */
  polls?: Poll[];
  /**
   * What `POST /previews` answers, by URL (as `new URL(url).href`). A URL not
   * listed answers a preview with no metadata (`{ url, fetchedAt }`), as the
   * server does for a page without any. See also {@link MemoryTransport.disablePreviews}.
   */
  previews?: Record<string, LinkPreview>;
  /** Knowledge notes (`canEdit` is recomputed for the caller); see {@link MemoryTransport.addNote}. */
  notes?: KnowledgeNote[];
  /** Comments of seeded posts (each post's `commentCount` is recomputed); see {@link MemoryTransport.addComment}. */
  comments?: Comment[];
  /**
   * Who acknowledged posts that ask for it, by post id (the caller included
   * when `acknowledgement.mine`): their `site` makes the per-site summary. A
   * post with an `acknowledgement` but no list here counts its seeded `count`
   * as people without a site. See also {@link MemoryTransport.acknowledgeAsOther}.
   */
  acknowledgements?: Record<string, Actor[]>;
  /** Other people in spaces, by space id (the caller's own role is the space's `role`); see {@link MemoryTransport.addMember}. */
  members?: Record<string, SpaceMember[]>;
  /** Pending requests to join private spaces; see {@link MemoryTransport.addJoinRequest}. */
  joinRequests?: JoinRequest[];
}

/** Failure injected by {@link MemoryTransport.failNext}. */
export type MemoryFailure = ProblemCode | 'network' | 'timeout';

/** Options of {@link MemoryTransport.failNext}. */
export interface FailNextOptions {
  /** Only requests for which this returns true fail (and count down `times`). */
  match?: (req: TransportRequest) => boolean;
  /**
   * Apply the request, then fail: simulates an answer lost on the way back,
   * which is what idempotency keys are for.
   */
  afterApply?: boolean;
}

interface PendingFailure extends FailNextOptions {
  code: MemoryFailure;
  remaining: number;
}

/**
 * In-memory backend implementing the same routes as the reference server.
 *
 * @example
 * const transport = new MemoryTransport({ me, spaces: [space], posts: [] });
 * const client = createClient({ transport });
 * transport.failNext('forbidden');           // next request answers 403
 * transport.emit({ type: 'stream.reset' });  // push a live event
 */
export class MemoryTransport implements Transport {
  /** Live events pushed by writes and by {@link emit}. */
  readonly events$: Observable<LiveEvent>;
  /** `connected` while someone listens to `events$`, `idle` otherwise; see {@link setStatus}. */
  readonly status$: Observable<ConnectionStatus>;

  private readonly store: MemoryStore;
  private readonly reactions: MemoryReactions;
  private readonly polls: MemoryPolls;
  private readonly previews: MemoryPreviews;
  private readonly posts: MemoryPosts;
  private readonly announcements: MemoryAnnouncements;
  private readonly comments: MemoryComments;
  private readonly notes: MemoryNotes;
  private readonly memberships: MemorySpaces;
  private readonly table: MemoryRouteTable;
  private readonly matchers: readonly RouteMatcher[];
  private readonly idempotency = new Map<string, { fingerprint: string; result: unknown }>();
  private readonly live = new Subject<LiveEvent>();
  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly failures: PendingFailure[] = [];
  private readonly log: TransportRequest[] = [];
  private latencyMs = 0;
  private gate: Promise<void> | undefined;
  private nextEventId = 1;

  constructor(seed: MemorySeed) {
    const store = (this.store = new MemoryStore(structuredClone(seed.me), (event) => this.emit(event)));
    this.reactions = new MemoryReactions(store);
    this.polls = new MemoryPolls(store);
    this.previews = new MemoryPreviews(store);
    this.posts = new MemoryPosts(store, this.reactions, this.polls, this.previews);
    this.announcements = new MemoryAnnouncements(store, this.posts);
    this.comments = new MemoryComments(store, this.reactions);
    this.notes = new MemoryNotes(store);
    this.memberships = new MemorySpaces(store);
    const search = new MemorySearch(store, this.posts);
    this.table = mergeRouteTables(
      this.memberships.routes,
      this.posts.routes,
      this.announcements.routes,
      this.polls.routes,
      this.comments.routes,
      this.reactions.routes,
      this.notes.routes,
      this.previews.routes,
      search.routes,
    );
    this.matchers = routeMatchers(this.table);

    for (const space of seed.spaces) store.spaces.set(space.id, structuredClone(space));
    for (const post of seed.posts) this.addPost(post, seed.acknowledgements?.[post.id]);
    for (const poll of seed.polls ?? []) this.addPoll(poll);
    for (const [url, preview] of Object.entries(seed.previews ?? {})) this.addPreview(preview, url);
    for (const note of seed.notes ?? []) this.notes.add(note);
    for (const comment of seed.comments ?? []) this.comments.add(comment);
    for (const [spaceId, members] of Object.entries(seed.members ?? {})) for (const m of members) this.memberships.addMember(spaceId, m);
    for (const request of seed.joinRequests ?? []) this.memberships.addJoinRequest(request, true);
    this.status$ = this.status.asObservable();
    this.events$ = new Observable<LiveEvent>((subscriber) => {
      this.status.next('connected');
      return this.live.subscribe(subscriber);
    }).pipe(
      finalize(() => this.status.next('idle')),
      share(),
    );
  }

  /** Every request received, in order (copies). */
  get requests(): readonly TransportRequest[] {
    return this.log;
  }

  /** Number of live events emitted so far (the last event id). */
  get lastEventId(): number {
    return this.nextEventId - 1;
  }

  /** Pushes a live event to every listener, as the server would. */
  emit(event: LiveEvent): void {
    this.nextEventId += 1;
    this.live.next(structuredClone(event));
  }

  /**
   * Makes the next `times` requests (matching `options.match`, if given) fail
   * with `code`: a problem answer of that code's status, or a NetworkError for
   * `network` / `timeout`.
   */
  failNext(code: MemoryFailure, times = 1, options: FailNextOptions = {}): void {
    this.failures.push({ code, remaining: times, ...options });
  }

  /** Delays every answer by `ms` milliseconds (0 to stop). */
  delay(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * Holds every answer until the returned function is called: for testing
   * pending states. Requests are applied only on release.
   */
  hold(): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = undefined;
      release();
    };
  }

  /** Forces the reported connection status (e.g. to render `reconnecting`). */
  setStatus(status: ConnectionStatus): void {
    this.status.next(status);
  }

  /**
   * Adds or replaces a post directly (no event), e.g. to simulate another
   * writer. Its `polls` are added too. A future `publishAt` makes a draft
   * seen only by its author and the space's owners (see {@link publishDue});
   * `pinned` pins it (until `until`); `acknowledgement` makes it ask for
   * acknowledgements, by `acknowledgedBy` when given (see {@link MemorySeed.acknowledgements}).
   */
  addPost(post: Post, acknowledgedBy?: readonly Actor[]): void {
    this.posts.add(post, acknowledgedBy);
  }

  /**
   * Acknowledges a post as another person (on another device): emits
   * `acknowledgement.changed` as the server does, unless they already had.
   */
  acknowledgeAsOther(postId: string, actor: Actor): void {
    this.announcements.acknowledgeAsOther(postId, actor);
  }

  /** Pins (`{ until }`, null: until unpinned) or unpins (`null`) a post as another owner would: emits `post.updated`. */
  pinAsOther(postId: string, pin: { until: string | null } | null): void {
    this.announcements.pinAsOther(postId, pin);
  }

  /**
   * Publishes scheduled posts whose time has come, as the server's scheduler
   * does: one `post.created` each; returns how many.
   */
  publishDue(): number {
    return this.posts.publishDue();
  }

  /**
   * Adds or replaces a poll directly (no event). `results`, when given, are
   * the tally including the caller's `myBallot`; `closedAt` and `closesAt`
   * are kept as given (a past `closesAt` makes a closed poll).
   */
  addPoll(poll: Poll): void {
    this.polls.add(poll);
  }

  /**
   * Casts, changes (or, with `null`, withdraws) the ballot of another person,
   * as if they voted on another device; emits `poll.changed`. Not validated:
   * tests use it to set up tallies.
   */
  castBallot(pollId: string, voterId: string, choices: string[] | null): void {
    this.polls.castBallot(pollId, voterId, choices);
  }

  /** Adds or replaces what `POST /previews` answers for `url` (default: `preview.url`). */
  addPreview(preview: LinkPreview, url: string = preview.url): void {
    this.previews.add(preview, url);
  }

  /**
   * Turns link previews off (`--egress off`) or back on: while off,
   * `POST /previews` answers `previews_disabled` and publishing attaches none.
   */
  disablePreviews(disabled = true): void {
    this.previews.disabled = disabled;
  }

  /**
   * Attaches a preview to a post and emits `post.updated`, as the server does
   * once it has fetched the post's first link. Without `preview`, the one
   * seeded for the first http(s) link of the post's body.
   */
  attachPreview(postId: string, preview?: LinkPreview): void {
    this.posts.attachPreview(postId, preview);
  }

  /**
   * Adds or replaces a knowledge note directly (its revision history restarts
   * with it). Notes of spaces not in the seed are invisible, as on the server.
   */
  addNote(note: KnowledgeNote): void {
    this.notes.add(note);
  }

  /**
   * Edits a note as another person would (a new revision by `author`), so
   * that the caller's next edit from the older revision gets `edit_conflict`.
   */
  editNoteAsOther(noteId: string, author: Actor, patch: Omit<NotePatch, 'baseRevision'>): KnowledgeNote {
    return this.notes.editAsOther(noteId, author, patch);
  }

  /** Adds or replaces a comment directly (no event); its post's `commentCount` is recomputed. */
  addComment(comment: Comment): void {
    this.comments.add(comment);
  }

  /** Comments as another person (on another device): emits `comment.created` like the server. */
  commentAsOther(postId: string, author: Actor, body: string, parentId: string | null = null): Comment {
    return structuredClone(this.comments.addAsOther(postId, author, body, parentId));
  }

  /** Adds another person to a space, or changes their role (no event). */
  addMember(spaceId: string, member: SpaceMember): void {
    this.memberships.addMember(spaceId, member);
  }

  /** Another person asks to join a private space: emits `membership.changed` like the server. */
  addJoinRequest(request: JoinRequest): void {
    this.memberships.addJoinRequest(request);
  }

  /**
   * Sets (or with undefined removes) the translation hook: without one,
   * `POST /posts/:post/translations` answers 501 `translation_unavailable`.
   */
  setTranslator(translate: MemoryTranslator | undefined): void {
    this.posts.translator = translate;
  }

  /** Does nothing but stop the status: the memory backend holds no resources. */
  close(): void {
    this.status.next('idle');
  }

  /** Answers one request as the server would. */
  async request<T>(req: TransportRequest): Promise<T> {
    this.log.push(structuredClone({ ...req, signal: undefined }));
    const failure = this.takeFailure(req);
    if (this.gate) await this.gate;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (req.signal?.aborted) throw new EcotoneError('aborted', 'Request aborted');
    if (failure && !failure.afterApply) throw failureError(failure.code);
    const result = await this.route(req);
    if (failure) throw failureError(failure.code);
    return structuredClone(result) as T;
  }

  private takeFailure(req: TransportRequest): PendingFailure | undefined {
    const index = this.failures.findIndex((f) => !f.match || f.match(req));
    if (index < 0) return undefined;
    const failure = this.failures[index]!;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    return failure;
  }

  /** Finds the route in the table and runs its handler, replayed by key when it is a keyed write. */
  private route(req: TransportRequest): unknown {
    for (const { name, pattern } of this.matchers) {
      const match = pattern.exec(req.path);
      if (!match) continue;
      const params = match.slice(1).map((segment) => decodeURIComponent(segment));
      const handler = this.table[name]?.[req.method] as MemoryHandler<RouteName> | undefined;
      if (!handler) throw fail('method_not_allowed', `${req.method} not allowed on ${req.path}`);
      const run = () => (handler.run as (req: TransportRequest, ...params: string[]) => unknown)(req, ...params);
      return handler.keyed ? this.idempotent(req, run) : run();
    }
    throw fail('not_found', `No route ${req.method} ${req.path}`);
  }

  private idempotent(req: TransportRequest, apply: () => unknown): unknown {
    const key = req.idempotencyKey;
    if (key === undefined) return apply();
    const fingerprint = JSON.stringify([req.method, req.path, req.body ?? null]);
    const previous = this.idempotency.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw fail('idempotency_key_reused', 'Key used for another request');
      return previous.result;
    }
    const result = apply();
    this.idempotency.set(key, { fingerprint, result: structuredClone(result) });
    return result;
  }
}

function failureError(code: MemoryFailure): EcotoneError {
  if (code === 'network') return new NetworkError('network', 'Simulated network failure');
  if (code === 'timeout') return new NetworkError('timeout', 'Simulated timeout');
  return fail(code, `Simulated ${code} (${PROBLEM_CODES[code]})`);
}
