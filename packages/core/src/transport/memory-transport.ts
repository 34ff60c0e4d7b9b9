/**
 * `MemoryTransport`: one person's connection to an in-memory Ecotone backend
 * (a {@link MemoryWorld}), for tests of the core client and of the elements,
 * and for prototypes without a server (browser-safe: no Node modules). It
 * answers the same routes as the reference server, deciding with the same
 * rules (`@ecotone/protocol/rules`); with test hooks to push live events,
 * fail requests, hold answers and act as other people. Several people share
 * one world through transports of their own: `new MemoryTransport(world, actor)`.
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
  type SpaceMember,
} from '@ecotone/protocol';
import { EcotoneError, NetworkError } from '../errors.js';
import type { ConnectionStatus, Transport, TransportFiles, TransportRequest } from '../types.js';
import type { MemoryTranslator } from './memory-posts.js';
import { fail } from './memory-routing.js';
import { MemoryWorld, type MemoryWorldSeed } from './memory-world.js';

export type { MemoryTranslator } from './memory-posts.js';

/** Seed data of a {@link MemoryTransport} with a world of its own: the world's, and the caller. */
export interface MemorySeed extends MemoryWorldSeed {
  /** The caller: `me.actor` authors published posts and owns `mine` reactions. */
  me: Me;
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
  /** Live events meant for this person (shaped for them), pushed by writes of anyone in the world and by {@link emit}. */
  readonly events$: Observable<LiveEvent>;
  /** `connected` while someone listens to `events$`, `idle` otherwise; see {@link setStatus}. */
  readonly status$: Observable<ConnectionStatus>;
  /** The backend this transport talks to, shared with the transports of other people. */
  readonly world: MemoryWorld;
  /** The person this transport speaks for. */
  readonly actor: Actor;
  /** Files kept in memory for this world, read through object URLs (see MemoryFiles). */
  readonly files: TransportFiles;

  private readonly live = new Subject<LiveEvent>();
  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly failures: PendingFailure[] = [];
  private readonly log: TransportRequest[] = [];
  private latencyMs = 0;
  private gate: Promise<void> | undefined;
  private nextEventId = 1;

  /**
   * A transport with a world of its own, made from `seed`, for `seed.me`;
   * or, given a world, a transport for `person` in it, sharing everything with the world's other transports.
   */
  constructor(seed: MemorySeed);
  constructor(world: MemoryWorld, person: Actor);
  constructor(source: MemorySeed | MemoryWorld, person?: Actor) {
    this.world = source instanceof MemoryWorld ? source : new MemoryWorld(source);
    this.actor = structuredClone(source instanceof MemoryWorld ? person! : source.me.actor);
    this.world.addPerson(this.actor);
    this.files = this.world.files.for((act) => this.world.as(this.actor, act));
    this.world.listen(this.actor.id, (event) => this.emit(event));
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

  /** Number of live events this transport delivered so far (the last event id). */
  get lastEventId(): number {
    return this.nextEventId - 1;
  }

  /** Pushes a live event to this transport's listeners only, as if the server sent it. */
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
   * acknowledgements, by `acknowledgedBy` when given (see {@link MemorySeed.acknowledgements});
   * `reactions.mine`, `myBallot` and `acknowledgement.mine` are this person's.
   */
  addPost(post: Post, acknowledgedBy?: readonly Actor[]): void {
    this.mine(() => this.world.addPost(post, acknowledgedBy));
  }

  /**
   * Acknowledges a post as another person (on another device): emits
   * `acknowledgement.changed` as the server does, unless they already had.
   */
  acknowledgeAsOther(postId: string, actor: Actor): void {
    this.mine(() => this.world.acknowledgeAsOther(postId, actor));
  }

  /** Pins (`{ until }`, null: until unpinned) or unpins (`null`) a post as another owner would: emits `post.updated`. */
  pinAsOther(postId: string, pin: { until: string | null } | null): void {
    this.mine(() => this.world.pinAsOther(postId, pin));
  }

  /**
   * Publishes scheduled posts whose time has come, as the server's scheduler
   * does: one `post.created` each; returns how many.
   */
  publishDue(): number {
    return this.world.publishDue();
  }

  /**
   * Adds or replaces a poll directly (no event). `results`, when given, are
   * the tally including this person's `myBallot`; `closedAt` and `closesAt`
   * are kept as given (a past `closesAt` makes a closed poll).
   */
  addPoll(poll: Poll): void {
    this.mine(() => this.world.addPoll(poll));
  }

  /**
   * Casts, changes (or, with `null`, withdraws) the ballot of another person,
   * as if they voted on another device; emits `poll.changed`. Not validated:
   * tests use it to set up tallies.
   */
  castBallot(pollId: string, voterId: string, choices: string[] | null): void {
    this.mine(() => this.world.castBallot(pollId, voterId, choices));
  }

  /** Adds or replaces what `POST /previews` answers for `url` (default: `preview.url`). */
  addPreview(preview: LinkPreview, url: string = preview.url): void {
    this.world.addPreview(preview, url);
  }

  /**
   * Turns link previews off (`--egress off`) or back on: while off,
   * `POST /previews` answers `previews_disabled` and publishing attaches none.
   */
  disablePreviews(disabled = true): void {
    this.world.disablePreviews(disabled);
  }

  /**
   * Keeps talk-show stream links to these hosts only (names or literal
   * addresses), as a server's egress allow-list; by default none is kept
   * (`stream_link_refused`), as on a server with `--egress off`.
   */
  permitStreamHosts(hosts: readonly string[]): void {
    this.world.permitStreamHosts(hosts);
  }

  /**
   * Attaches a preview to a post and emits `post.updated`, as the server does
   * once it has fetched the post's first link. Without `preview`, the one
   * seeded for the first http(s) link of the post's body.
   */
  attachPreview(postId: string, preview?: LinkPreview): void {
    this.world.attachPreview(postId, preview);
  }

  /**
   * Adds or replaces a knowledge note directly (its revision history restarts
   * with it). Notes of spaces not in the seed are invisible, as on the server.
   */
  addNote(note: KnowledgeNote): void {
    this.world.addNote(note);
  }

  /**
   * Edits a note as another person would (a new revision by `author`), so
   * that the caller's next edit from the older revision gets `edit_conflict`.
   */
  editNoteAsOther(noteId: string, author: Actor, patch: Omit<NotePatch, 'baseRevision'>): KnowledgeNote {
    return this.mine(() => this.world.editNoteAsOther(noteId, author, patch));
  }

  /** Adds or replaces a comment directly (no event); its post's `commentCount` is recomputed. */
  addComment(comment: Comment): void {
    this.mine(() => this.world.addComment(comment));
  }

  /** Comments as another person (on another device): emits `comment.created` like the server. */
  commentAsOther(postId: string, author: Actor, body: string, parentId: string | null = null): Comment {
    return this.mine(() => this.world.commentAsOther(postId, author, body, parentId));
  }

  /** Adds another person to a space, or changes their role (no event). */
  addMember(spaceId: string, member: SpaceMember): void {
    this.world.addMember(spaceId, member);
  }

  /** Another person asks to join a private space: emits `membership.changed` like the server. */
  addJoinRequest(request: JoinRequest): void {
    this.world.addJoinRequest(request);
  }

  /**
   * Sets (or with undefined removes) the translation hook: without one,
   * `POST /posts/:post/translations` answers 501 `translation_unavailable`.
   */
  setTranslator(translate: MemoryTranslator | undefined): void {
    this.world.setTranslator(translate);
  }

  /** Does nothing but stop the status: the memory backend holds no resources. */
  close(): void {
    this.status.next('idle');
  }

  /** Answers one request as the server would answer this person. */
  async request<T>(req: TransportRequest): Promise<T> {
    this.log.push(structuredClone({ ...req, signal: undefined }));
    const failure = this.takeFailure(req);
    if (this.gate) await this.gate;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (req.signal?.aborted) throw new EcotoneError('aborted', 'Request aborted');
    if (failure && !failure.afterApply) throw failureError(failure.code);
    const result = await this.world.answer(this.actor, req);
    if (failure) throw failureError(failure.code);
    return structuredClone(result) as T;
  }

  /** A hook run as this person: what it seeds as `mine` is theirs, what it checks is what they see. */
  private mine<T>(act: () => T): T {
    return this.world.as(this.actor, act);
  }

  private takeFailure(req: TransportRequest): PendingFailure | undefined {
    const index = this.failures.findIndex((f) => !f.match || f.match(req));
    if (index < 0) return undefined;
    const failure = this.failures[index]!;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    return failure;
  }
}

function failureError(code: MemoryFailure): EcotoneError {
  if (code === 'network') return new NetworkError('network', 'Simulated network failure');
  if (code === 'timeout') return new NetworkError('timeout', 'Simulated timeout');
  return fail(code, `Simulated ${code} (${PROBLEM_CODES[code]})`);
}
