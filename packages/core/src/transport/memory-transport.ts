/**
 * `MemoryTransport`: an in-memory Ecotone backend for tests of the core client
 * and of the elements (browser-safe: no Node modules). It answers the same
 * routes as the reference server, with test hooks to push live events, fail
 * requests, hold answers and cast other people's ballots.
 */
import { BehaviorSubject, Observable, Subject, finalize, share } from 'rxjs';
import {
  canDeletePost,
  POLLS_PER_POST_MAX,
  POLL_OPTIONS_MAX,
  POLL_OPTIONS_MIN,
  PROBLEM_CODES,
  acknowledgementsPath,
  ballotPath,
  closePollPath,
  commentPath,
  commentsPath,
  feedPath,
  multiFeedPath,
  postSearchPath,
  joinPath,
  joinRequestPath,
  joinRequestsPath,
  memberPath,
  membersPath,
  mePath,
  notePath,
  noteRevisionsPath,
  normalizeBody,
  normalizeLabel,
  notesDuePath,
  notesPath,
  optionLabelErrors,
  pinPath,
  pollPath,
  postPath,
  previewsPath,
  problem,
  promotePostPath,
  publishPath,
  reactionPath,
  reactionsPath,
  spaceNotesPath,
  spacePath,
  spacePollsPath,
  spacesPath,
  surveyBallotPath,
  translationsPath,
  type AcknowledgementSummary,
  type Actor,
  type Comment,
  type FeedPage,
  type KnowledgeNote,
  type LinkPreview,
  type LiveEvent,
  type Me,
  type NotePatch,
  type PinRequest,
  type Poll,
  type PollBallot,
  type PollDraft,
  type PollList,
  type Post,
  type PreviewRequest,
  type ProblemCode,
  type ProblemFieldError,
  type PublishRequest,
  type ReactionSummary,
  type Role,
  type JoinRequest,
  type PostHit,
  type PostSearchResult,
  type Space,
  type SpaceMember,
  type SurveyBallot,
} from '@ecotone/protocol';
import { firstLink as firstLinkOf } from '@ecotone/protocol';
import { EcotoneError, NetworkError, errorFromProblem } from '../errors.js';
import type { ConnectionStatus, Transport, TransportRequest } from '../types.js';
import { MemoryNotes } from './memory-notes.js';
import { MemoryComments, type MemoryTranslator } from './memory-comments.js';
import { MemorySpaces } from './memory-spaces.js';

export type { MemoryTranslator } from './memory-comments.js';

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

interface StoredReactions {
  counts: Record<string, number>;
  mine: Set<string>;
}

/** A poll as the backend keeps it: the definition, the tally, and the caller's ballot. */
interface StoredPoll {
  poll: Omit<Poll, 'myBallot' | 'results' | 'canClose'>;
  /** Everyone's ballots, the caller's included. */
  voters: number;
  counts: Record<string, number>;
  /** Ballots of other people cast through {@link MemoryTransport.castBallot}, by voter id. */
  others: Map<string, string[]>;
  mine: string[] | null;
}

/** Sentinel path segment used to turn `routes` builders into matchers. */
const SEGMENT = '__ecotone_segment__';
/** Default page size of the feed, as on the reference server. */
const DEFAULT_FEED_LIMIT = 20;
/** Who sees results when a draft does not say. */
const DEFAULT_RESULTS_VISIBILITY = 'always';

type RouteName =
  | 'me'
  | 'spaces'
  | 'space'
  | 'feed'
  | 'publish'
  | 'post'
  | 'reactions'
  | 'reaction'
  | 'spacePolls'
  | 'poll'
  | 'ballot'
  | 'closePoll'
  | 'surveyBallot'
  | 'previews'
  | 'notes'
  | 'notesDue'
  | 'spaceNotes'
  | 'note'
  | 'noteRevisions'
  | 'promotePost'
  | 'comments'
  | 'comment'
  | 'translations'
  | 'pin'
  | 'acks'
  | 'join'
  | 'members'
  | 'member'
  | 'joinRequests'
  | 'joinRequest'
  | 'multiFeed'
  | 'postSearch';

function matcher(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(SEGMENT).join('([^/]+)');
  return new RegExp(`^${escaped}$`);
}

const ROUTE_MATCHERS: ReadonlyArray<[RouteName, RegExp]> = [
  // Before `post`, whose pattern `/posts/:post` it would otherwise match.
  ['postSearch', matcher(postSearchPath())],
  ['me', matcher(mePath())],
  ['spaces', matcher(spacesPath())],
  ['feed', matcher(feedPath(SEGMENT))],
  ['publish', matcher(publishPath(SEGMENT))],
  ['space', matcher(spacePath(SEGMENT))],
  ['reactions', matcher(reactionsPath(SEGMENT))],
  ['reaction', matcher(reactionPath(SEGMENT, SEGMENT))],
  ['post', matcher(postPath(SEGMENT))],
  ['spacePolls', matcher(spacePollsPath(SEGMENT))],
  ['poll', matcher(pollPath(SEGMENT))],
  ['ballot', matcher(ballotPath(SEGMENT))],
  ['closePoll', matcher(closePollPath(SEGMENT))],
  ['surveyBallot', matcher(surveyBallotPath(SEGMENT))],
  ['previews', matcher(previewsPath())],
  ['notes', matcher(notesPath())],
  ['notesDue', matcher(notesDuePath())],
  ['spaceNotes', matcher(spaceNotesPath(SEGMENT))],
  ['note', matcher(notePath(SEGMENT))],
  ['noteRevisions', matcher(noteRevisionsPath(SEGMENT))],
  ['promotePost', matcher(promotePostPath(SEGMENT))],
  ['comments', matcher(commentsPath(SEGMENT))],
  ['comment', matcher(commentPath(SEGMENT))],
  ['translations', matcher(translationsPath(SEGMENT))],
  ['pin', matcher(pinPath(SEGMENT))],
  ['acks', matcher(acknowledgementsPath(SEGMENT))],
  ['join', matcher(joinPath(SEGMENT))],
  ['members', matcher(membersPath(SEGMENT))],
  ['member', matcher(memberPath(SEGMENT, SEGMENT))],
  ['joinRequests', matcher(joinRequestsPath(SEGMENT))],
  ['joinRequest', matcher(joinRequestPath(SEGMENT, SEGMENT))],
  ['multiFeed', matcher(multiFeedPath())],
];

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

  private readonly me: Me;
  private readonly spaces = new Map<string, Space>();
  private readonly posts = new Map<string, Post>();
  private readonly reactionsByObject = new Map<string, StoredReactions>();
  private readonly polls = new Map<string, StoredPoll>();
  private readonly previews = new Map<string, LinkPreview>();
  private previewsDisabled = false;
  /** Who acknowledged each post that asks for it: actor id → site (null: none). */
  private readonly acks = new Map<string, Map<string, string | null>>();
  /** Scheduled posts whose `post.created` has not gone out yet (see {@link publishDue}). */
  private readonly scheduled = new Set<string>();
  private readonly notes = new MemoryNotes({
    me: () => this.me.actor,
    space: (id) => this.spaces.get(id),
    post: (id) => this.visiblePost(id),
  });
  private readonly comments = new MemoryComments({
    me: () => this.me.actor,
    space: (id) => this.spaces.get(id),
    post: (id) => this.visiblePost(id),
    view: (post) => this.view(post),
    reactable: (id, seed) => {
      if (seed) this.reactionsByObject.set(id, { counts: { ...seed.counts }, mine: new Set(seed.mine) });
      else this.reactionsByObject.delete(id);
    },
    summary: (id) => this.summary(id),
    emit: (event) => this.emit(event),
  });
  private readonly memberships = new MemorySpaces({
    me: () => this.me.actor,
    spaces: () => this.spaces,
    setMyRole: (spaceId, role) => {
      const others = this.me.memberships.filter((m) => m.spaceId !== spaceId);
      this.me.memberships = role ? [...others, { spaceId, actorId: this.me.actor.id, role }] : others;
    },
    emit: (event) => this.emit(event),
  });
  private readonly idempotency = new Map<string, { fingerprint: string; result: unknown }>();
  private readonly live = new Subject<LiveEvent>();
  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly failures: PendingFailure[] = [];
  private readonly log: TransportRequest[] = [];
  private latencyMs = 0;
  private gate: Promise<void> | undefined;
  private nextPostNumber = 1;
  private nextPollNumber = 1;
  private nextEventId = 1;

  constructor(seed: MemorySeed) {
    this.me = structuredClone(seed.me);
    for (const space of seed.spaces) this.spaces.set(space.id, structuredClone(space));
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
    const { polls, ...rest } = structuredClone(post);
    this.posts.set(post.id, rest);
    this.reactionsByObject.set(post.id, { counts: { ...post.reactions.counts }, mine: new Set(post.reactions.mine) });
    for (const poll of polls ?? []) this.addPoll({ ...poll, postId: post.id, spaceId: post.spaceId });
    if (isDraft(rest)) this.scheduled.add(post.id);
    else this.scheduled.delete(post.id);
    if (!post.acknowledgement) {
      this.acks.delete(post.id);
      return;
    }
    const acks = new Map<string, string | null>();
    if (acknowledgedBy) for (const actor of acknowledgedBy) acks.set(actor.id, actor.site ?? null);
    else {
      const { mine, count } = post.acknowledgement;
      if (mine) acks.set(this.me.actor.id, this.me.actor.site ?? null);
      // People the seed does not name, without a site.
      for (let i = acks.size; i < count; i++) acks.set(`seeded-ack-${i}`, null);
    }
    this.acks.set(post.id, acks);
  }

  /**
   * Acknowledges a post as another person (on another device): emits
   * `acknowledgement.changed` as the server does, unless they already had.
   */
  acknowledgeAsOther(postId: string, actor: Actor): void {
    const post = this.posts.get(postId);
    const acks = this.acks.get(postId);
    if (!post || !acks) throw new Error(`Post ${postId} does not ask for acknowledgement`);
    if (acks.has(actor.id)) return;
    acks.set(actor.id, actor.site ?? null);
    this.emit({ type: 'acknowledgement.changed', spaceId: post.spaceId, postId, count: acks.size, actorId: actor.id });
  }

  /** Pins (`{ until }`, null: until unpinned) or unpins (`null`) a post as another owner would: emits `post.updated`. */
  pinAsOther(postId: string, pin: { until: string | null } | null): void {
    const post = this.posts.get(postId);
    if (!post) throw new Error(`No post ${postId}`);
    this.setPin(post, pin);
  }

  /**
   * Publishes scheduled posts whose time has come, as the server's scheduler
   * does: one `post.created` each (seen by the caller only when it may read
   * the post); returns how many.
   */
  publishDue(): number {
    let published = 0;
    for (const id of this.scheduled) {
      const post = this.posts.get(id);
      if (post && isDraft(post)) continue;
      this.scheduled.delete(id);
      if (!post) continue;
      published += 1;
      this.emit({ type: 'post.created', spaceId: post.spaceId, post: this.view(post) });
    }
    return published;
  }

  /**
   * Adds or replaces a poll directly (no event). `results`, when given, are
   * the tally including the caller's `myBallot`; `closedAt` and `closesAt`
   * are kept as given (a past `closesAt` makes a closed poll).
   */
  addPoll(poll: Poll): void {
    const { myBallot, results, canClose: _canClose, ...rest } = structuredClone(poll);
    const mine = myBallot ? [...myBallot.choices] : null;
    const counts = results ? { ...results.counts } : Object.fromEntries((mine ?? []).map((id) => [id, 1]));
    this.polls.set(poll.id, { poll: rest, voters: results?.voters ?? (mine ? 1 : 0), counts, others: new Map(), mine });
  }

  /**
   * Casts, changes (or, with `null`, withdraws) the ballot of another person,
   * as if they voted on another device; emits `poll.changed`. Not validated:
   * tests use it to set up tallies.
   */
  castBallot(pollId: string, voterId: string, choices: string[] | null): void {
    const stored = this.storedPoll(pollId);
    tally(stored, stored.others.get(voterId) ?? null, choices);
    if (choices) stored.others.set(voterId, [...choices]);
    else stored.others.delete(voterId);
    this.emitPollChanged(stored);
  }

  /** Adds or replaces what `POST /previews` answers for `url` (default: `preview.url`). */
  addPreview(preview: LinkPreview, url: string = preview.url): void {
    this.previews.set(normalisedUrl(url) ?? url, structuredClone(preview));
  }

  /**
   * Turns link previews off (`--egress off`) or back on: while off,
   * `POST /previews` answers `previews_disabled` and publishing attaches none.
   */
  disablePreviews(disabled = true): void {
    this.previewsDisabled = disabled;
  }

  /**
   * Attaches a preview to a post and emits `post.updated`, as the server does
   * once it has fetched the post's first link. Without `preview`, the one
   * seeded for the first http(s) link of the post's body.
   */
  attachPreview(postId: string, preview?: LinkPreview): void {
    const post = this.posts.get(postId);
    if (!post) throw new Error(`No post ${postId}`);
    const url = firstLink(post.body);
    const found = preview ?? (url ? this.previews.get(url) : undefined);
    if (!found) throw new Error(`No preview for post ${postId}`);
    post.linkPreview = structuredClone(found);
    this.emit({ type: 'post.updated', spaceId: post.spaceId, post: this.view(post) });
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
    this.comments.translator = translate;
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

  private route(req: TransportRequest): unknown {
    for (const [name, pattern] of ROUTE_MATCHERS) {
      const match = pattern.exec(req.path);
      if (!match) continue;
      const params = match.slice(1).map((segment) => decodeURIComponent(segment));
      return this.handle(name, req, params);
    }
    throw fail('not_found', `No route ${req.method} ${req.path}`);
  }

  private handle(name: RouteName, req: TransportRequest, params: string[]): unknown {
    const [first = '', second = ''] = params;
    switch (`${req.method} ${name}`) {
      case 'GET me':
        return this.me;
      case 'GET feed':
        return this.feed(first, req.query);
      case 'GET postSearch':
        return this.searchPosts(req.query ?? {});
      case 'GET multiFeed':
        return this.feed(String(req.query?.['spaces'] ?? ''), req.query);
      case 'POST publish':
        return this.idempotent(req, () => this.publish(first, req.body as PublishRequest));
      case 'GET post':
        return this.post(first);
      case 'DELETE post':
        return this.deletePost(first);
      case 'GET reactions':
        return this.summary(first);
      case 'PUT reaction':
        return this.idempotent(req, () => this.toggle(first, second, true));
      case 'DELETE reaction':
        return this.idempotent(req, () => this.toggle(first, second, false));
      case 'POST spacePolls':
        return this.idempotent(req, () => this.createPoll(first, null, 0, req.body as PollDraft));
      case 'GET poll':
        return this.pollView(this.storedPoll(first));
      case 'PUT ballot':
        return this.idempotent(req, () => this.ballot(first, (req.body as PollBallot | undefined)?.choices ?? []));
      case 'DELETE ballot':
        return this.idempotent(req, () => this.ballot(first, null));
      case 'POST closePoll':
        return this.idempotent(req, () => this.closePoll(first));
      case 'PUT surveyBallot':
        return this.idempotent(req, () => this.survey(first, req.body as SurveyBallot));
      case 'POST previews':
        return this.preview(req.body as PreviewRequest | undefined);
      case 'PUT pin':
        return this.pin(first, (req.body as PinRequest | undefined) ?? {});
      case 'DELETE pin':
        return this.pin(first, null);
      case 'PUT acks':
        return this.acknowledge(first);
      case 'GET acks':
        return this.acknowledgements(first);
      default: {
        // Directory, members and join requests (writes idempotent by key).
        if (name === 'spaces' || name === 'space' || name.startsWith('join') || name.startsWith('member')) {
          const run = () => this.memberships.handle(name, req, first, second);
          const membership = req.method === 'GET' ? run() : (this.idempotent(req, run) as ReturnType<typeof run>);
          if (membership) return membership.result;
        }
        // Comment and post-edit writes are idempotent by key (a translation waits for the hook: not replayed).
        const mine = name === 'comments' || name === 'comment' || (name === 'post' && req.method === 'PATCH');
        const comment =
          mine && req.method !== 'GET'
            ? (this.idempotent(req, () => this.comments.handle(name, req, first)) as { result: unknown } | undefined)
            : this.comments.handle(name, req, first);
        if (comment) return comment instanceof Promise ? comment.then((a) => a.result) : comment.result;
        // Note writes are idempotent by key; reads go straight through.
        const run = () => this.notes.handle(name, req, first);
        const answer = req.method === 'GET' ? run() : (this.idempotent(req, () => run() ?? null) as ReturnType<typeof run> | null);
        if (answer) return answer.result;
        throw fail('method_not_allowed', `${req.method} not allowed on ${req.path}`);
      }
    }
  }

  /** A space whose content the caller may read (open, or a member): 404 otherwise, as on the server. */
  private readableSpace(spaceId: string): Space {
    const space = this.space(spaceId);
    if (space.visibility !== 'open' && space.role === null) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  private space(spaceId: string): Space {
    const space = this.spaces.get(spaceId);
    if (!space) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  private post(postId: string): Post {
    return this.view(this.readablePost(postId));
  }

  /** The stored post if the caller may read it (a scheduled draft: its author and the space's owners); otherwise undefined. */
  /**
   * Post search, simply: every word (case and accents ignored) must appear in
   * one of the post's languages (its source or a variant); the hit names the
   * first such language and marks each word where it occurs. No stemming:
   * the reference server's ranking and stemming are tested against it.
   */
  private searchPosts(query: NonNullable<TransportRequest['query']>): PostSearchResult {
    const words = foldChars(String(query['q'] ?? '')).split(/\s+/).filter(Boolean);
    if (words.length === 0) throw fail('validation_failed', 'Nothing to search', [{ path: '/query/q', message: 'required' }]);
    const only = query['spaces'] ? new Set(String(query['spaces']).split(',')) : undefined;
    for (const id of only ?? []) this.readableSpace(id);
    const hits: PostHit[] = [];
    for (const post of [...this.posts.values()].sort(newestFirst)) {
      const space = this.spaces.get(post.spaceId);
      if (!this.visiblePost(post.id) || !space || (space.visibility !== 'open' && space.role === null) || (only && !only.has(post.spaceId))) continue;
      const texts = [{ locale: post.locale, text: post.body }, ...(post.variants ?? []).map((v) => ({ locale: v.locale, text: v.body }))];
      for (const { locale, text } of texts) {
        const folded = foldChars(text);
        if (!words.every((w) => folded.includes(w))) continue;
        const highlights = words.flatMap((w) => {
          const ranges: [number, number][] = [];
          for (let at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + w.length)) ranges.push([at, at + w.length]);
          return ranges;
        });
        hits.push({ post: this.view(post), locale, text, highlights });
        break;
      }
    }
    const limit = Number(query['limit'] ?? 20);
    const start = query['cursor'] ? Number(query['cursor']) : 0;
    if (!Number.isInteger(start) || start < 0) throw fail('invalid_cursor', 'Unknown cursor');
    return { items: hits.slice(start, start + limit), total: hits.length, nextCursor: start + limit < hits.length ? String(start + limit) : null };
  }

  private visiblePost(postId: string): Post | undefined {
    const post = this.posts.get(postId);
    if (!post || !this.spaces.has(post.spaceId)) return undefined;
    return !isDraft(post) || post.author.id === this.me.actor.id || this.roleIn(post.spaceId) === 'owner' ? post : undefined;
  }

  private readablePost(postId: string): Post {
    const post = this.visiblePost(postId);
    if (!post) throw fail('not_found', `No post ${postId}`);
    return post;
  }

  /** The caller's role in a space: the space's `role`, else their membership. */
  private roleIn(spaceId: string): Role | null {
    return this.spaces.get(spaceId)?.role ?? this.me.memberships.find((m) => m.spaceId === spaceId)?.role ?? null;
  }

  /**
   * A post as the caller sees it: current reactions, its polls when it has
   * any, `publishAt` only while a draft (then its publication time is its
   * `createdAt`), `pinned` only while pinned, and its acknowledgements.
   */
  private view(post: Post): Post {
    const { publishAt, pinned, acknowledgement: _seeded, ...rest } = post;
    const polls = this.pollsOf(post.id).map((p) => this.pollView(p));
    const acks = this.acks.get(post.id);
    return {
      ...rest,
      ...(publishAt ? (isDraft(post) ? { publishAt } : { createdAt: publishAt }) : {}),
      ...(isPinned(post) ? { pinned: { until: pinned?.until ?? null } } : {}),
      ...(acks ? { acknowledgement: { mine: acks.has(this.me.actor.id), count: acks.size } } : {}),
      reactions: this.summary(post.id),
      ...(polls.length > 0 ? { polls } : {}),
    };
  }

  /** Deletes a post as its author or an owner of its space, as the server does. */
  private deletePost(postId: string): undefined {
    const post = this.readablePost(postId);
    if (!canDeletePost({ authorId: post.author.id }, this.me.actor.id, this.roleIn(post.spaceId))) {
      throw fail('forbidden', 'Only the author of the post or an owner of the space may delete it');
    }
    this.posts.delete(postId);
    this.emit({ type: 'post.deleted', spaceId: post.spaceId, postId });
    return undefined;
  }

  /** Pins or (null) unpins as an owner or correspondent; refuses other posts than announcements, and a past `until`. */
  private pin(postId: string, request: PinRequest | null): Post {
    const post = this.readablePost(postId);
    const role = this.roleIn(post.spaceId);
    if (role !== 'owner' && role !== 'correspondent') throw fail('forbidden', 'Only owners and correspondents of the space pin posts');
    if (request) {
      if (post.kind !== 'announcement') {
        throw fail('validation_failed', 'Only announcements may be pinned', [{ path: '/params/post', message: 'is not an announcement' }]);
      }
      if (request.until !== undefined && !(Date.parse(request.until) > Date.now())) {
        throw fail('validation_failed', 'The request is not valid', [{ path: '/body/until', message: 'is in the past' }]);
      }
      this.setPin(post, { until: request.until === undefined ? null : new Date(request.until).toISOString() });
    } else if (post.pinned) {
      this.setPin(post, null);
    }
    return this.view(post);
  }

  private setPin(post: Post, pin: { until: string | null } | null): void {
    if (pin) post.pinned = { ...pin };
    else delete post.pinned;
    this.emit({ type: 'post.updated', spaceId: post.spaceId, post: this.view(post) });
  }

  /** "I have read this": idempotent; `acknowledgement.changed` only when it is new. */
  private acknowledge(postId: string): Post {
    const post = this.readablePost(postId);
    const acks = this.acks.get(postId);
    if (!acks) throw fail('acknowledgement_not_requested', 'This post does not ask for acknowledgement');
    const { id, site } = this.me.actor;
    if (!acks.has(id)) {
      acks.set(id, site ?? null);
      this.emit({ type: 'acknowledgement.changed', spaceId: post.spaceId, postId, count: acks.size, actorId: id });
    }
    return this.view(post);
  }

  /** Who acknowledged, per site, most first: for the post's author and the space's owners only. */
  private acknowledgements(postId: string): AcknowledgementSummary {
    const post = this.readablePost(postId);
    if (!canDeletePost({ authorId: post.author.id }, this.me.actor.id, this.roleIn(post.spaceId))) {
      throw fail('forbidden', 'Only the author of the post and the owners of the space see who acknowledged it');
    }
    const acks = this.acks.get(postId) ?? new Map<string, string | null>();
    const bySite = new Map<string | null, number>();
    for (const site of acks.values()) bySite.set(site, (bySite.get(site) ?? 0) + 1);
    return {
      postId,
      count: acks.size,
      bySite: [...bySite]
        .map(([site, count]) => ({ site, count }))
        .sort((a, b) => b.count - a.count || (a.site ?? '\uffff').localeCompare(b.site ?? '\uffff')),
    };
  }

  private pollsOf(postId: string): StoredPoll[] {
    return [...this.polls.values()].filter((p) => p.poll.postId === postId).sort((a, b) => a.poll.position - b.poll.position);
  }

  private summary(objectId: string): ReactionSummary {
    const stored = this.reactionsByObject.get(objectId);
    // A draft's reactions are hidden with it.
    if (!stored || (this.posts.has(objectId) && !this.visiblePost(objectId))) throw fail('not_found', `No object ${objectId}`);
    return { objectId, counts: { ...stored.counts }, mine: [...stored.mine] };
  }

  /** The feed of one space, or of several (ids joined by commas, as `GET /feed?spaces=` takes them). */
  private feed(spaceIds: string, query: TransportRequest['query']): FeedPage {
    const spaces = new Set(spaceIds.split(','));
    for (const id of spaces) this.readableSpace(id);
    const limit = Number(query?.limit ?? DEFAULT_FEED_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw fail('validation_failed', 'Bad limit');
    const visible = [...this.posts.values()]
      .filter((p) => spaces.has(p.spaceId) && this.visiblePost(p.id))
      .sort(newestFirst);
    // Posts pinned now head the first page, and are left out of every page.
    const pinned = visible.filter(isPinned);
    const sorted = visible.filter((p) => !isPinned(p));
    let start = 0;
    const cursor = query?.cursor;
    if (cursor !== undefined && cursor !== '') {
      const index = sorted.findIndex((p) => cursorOf(p) === String(cursor));
      if (index < 0) throw fail('invalid_cursor', 'Unknown cursor');
      start = index + 1;
    }
    const page = sorted.slice(start, start + limit);
    const last = page.at(-1);
    const hasMore = start + limit < sorted.length;
    return {
      items: page.map((p) => this.view(p)),
      nextCursor: hasMore && last ? cursorOf(last) : null,
      ...(start === 0 ? { pinned: pinned.map((p) => this.view(p)) } : {}),
    };
  }

  private preview(body: PreviewRequest | undefined): LinkPreview {
    if (this.previewsDisabled) throw fail('previews_disabled', 'Link previews are turned off on this server');
    const url = typeof body?.url === 'string' ? normalisedUrl(body.url) : undefined;
    if (!url) throw fail('invalid_url', 'Only http and https URLs can be previewed');
    return this.previews.get(url) ?? { url, fetchedAt: new Date().toISOString() };
  }

  private publish(spaceId: string, body: PublishRequest): Post {
    const space = this.space(spaceId);
    if (!space.canPublish) throw fail('forbidden', 'You may not publish here');
    if (typeof body?.body !== 'string' || body.body.trim() === '') {
      throw fail('validation_failed', 'Body is required', [{ path: '/body/body', message: 'required' }]);
    }
    const drafts = body.polls ?? [];
    if (drafts.length > POLLS_PER_POST_MAX) {
      throw fail('validation_failed', 'Too many polls', [{ path: '/body/polls', message: `at most ${POLLS_PER_POST_MAX}` }]);
    }
    const kind = body.kind ?? 'note';
    const role = this.roleIn(spaceId);
    if (kind === 'announcement' && role !== 'owner' && role !== 'correspondent') {
      throw fail('forbidden', 'Only owners and correspondents publish announcements');
    }
    // Every draft is checked before anything is stored: a refused publish creates nothing.
    drafts.forEach((draft, i) => checkDraft(draft, `/body/polls/${i}`));
    const errors = announcementErrors(body, kind);
    if (errors.length > 0) throw fail('validation_failed', 'The request is not valid', errors);
    const id = `mem-post-${this.nextPostNumber++}`;
    // A time already past publishes at once.
    const publishAt = body.publishAt !== undefined && Date.parse(body.publishAt) > Date.now() ? new Date(body.publishAt).toISOString() : undefined;
    const pin = body.pin ?? body.pinUntil !== undefined;
    const post: Post = {
      id,
      spaceId,
      author: this.me.actor,
      kind,
      body: normalizeBody(body.body),
      locale: body.locale ?? this.me.actor.locale,
      // Strictly increasing timestamps keep newest-first order stable in fast tests.
      createdAt: new Date(Math.max(Date.now(), this.latestCreatedAt() + 1)).toISOString(),
      reactions: { objectId: id, counts: {}, mine: [] },
      commentCount: 0,
      ...(body.variants?.length ? { variants: body.variants.map((v) => ({ locale: v.locale, body: normalizeBody(v.body), machine: false })) } : {}),
      ...(publishAt ? { publishAt } : {}),
      ...(pin ? { pinned: { until: body.pinUntil === undefined ? null : new Date(body.pinUntil).toISOString() } } : {}),
    };
    this.posts.set(id, post);
    if (publishAt) this.scheduled.add(id);
    if (body.requireAcknowledgement) this.acks.set(id, new Map());
    this.reactionsByObject.set(id, { counts: {}, mine: new Set() });
    drafts.forEach((draft, position) => this.createPoll(spaceId, id, position, draft));
    const created = this.view(post);
    this.emit({ type: 'post.created', spaceId, post: created });
    // The server fetches the first link after answering; its preview follows as `post.updated`.
    const link = firstLink(post.body);
    if (link && !this.previewsDisabled && this.previews.has(link)) setTimeout(() => this.attachPreview(id), 0);
    return created;
  }

  private createPoll(spaceId: string, postId: string | null, position: number, draft: PollDraft): Poll {
    const space = this.space(spaceId);
    if (postId === null) {
      if (!space.canPublish) throw fail('forbidden', 'You may not create polls here');
      checkDraft(draft, '/body');
    }
    const id = `mem-poll-${this.nextPollNumber++}`;
    const options =
      draft.mode === 'scale' && draft.scale
        ? Array.from({ length: draft.scale.max - draft.scale.min + 1 }, (_, i) => String(draft.scale!.min + i)).map((v) => ({
            id: v,
            label: v,
          }))
        : (draft.options ?? []).map((label, i) => ({ id: `o${i + 1}`, label: normalizeLabel(label) }));
    const stored: StoredPoll = {
      poll: {
        id,
        spaceId,
        postId,
        position,
        authorId: this.me.actor.id,
        question: normalizeLabel(draft.question),
        mode: draft.mode,
        options,
        maxChoices: draft.mode === 'multiple' ? (draft.maxChoices ?? options.length) : 1,
        ...(draft.scale ? { scale: { ...draft.scale } } : {}),
        anonymous: draft.anonymous ?? false,
        resultsVisibility: draft.resultsVisibility ?? DEFAULT_RESULTS_VISIBILITY,
        closesAt: draft.closesAt ?? null,
        closedAt: null,
      },
      voters: 0,
      counts: {},
      others: new Map(),
      mine: null,
    };
    this.polls.set(id, stored);
    return this.pollView(stored);
  }

  /** A poll the caller may see, or 404 (unknown, or its space or post is not visible). */
  private storedPoll(pollId: string): StoredPoll {
    const stored = this.polls.get(pollId);
    if (!stored || !this.spaces.has(stored.poll.spaceId) || (stored.poll.postId !== null && !this.visiblePost(stored.poll.postId))) {
      throw fail('not_found', `No poll ${pollId}`);
    }
    return stored;
  }

  /** When the poll stopped taking ballots, or null: by hand, or by reaching `closesAt`. */
  private closedAt(stored: StoredPoll): string | null {
    const { closedAt, closesAt } = stored.poll;
    if (closedAt !== null) return closedAt;
    return closesAt !== null && Date.parse(closesAt) <= Date.now() ? closesAt : null;
  }

  /** The caller's view: their ballot, whether they may close it, and the results only when they may see them. */
  private pollView(stored: StoredPoll): Poll {
    const closedAt = this.closedAt(stored);
    return {
      ...structuredClone(stored.poll),
      closedAt,
      myBallot: stored.mine ? { choices: [...stored.mine] } : null,
      canClose: this.canClose(stored),
      ...(this.maySeeResults(stored) ? { results: { voters: stored.voters, counts: { ...stored.counts } } } : {}),
    };
  }

  private maySeeResults(stored: StoredPoll): boolean {
    const closed = this.closedAt(stored) !== null;
    switch (stored.poll.resultsVisibility) {
      case 'always':
        return true;
      case 'after-vote':
        return stored.mine !== null || closed;
      case 'after-close':
        return closed;
      case 'author-only':
        return stored.poll.authorId === this.me.actor.id;
    }
  }

  private canClose(stored: StoredPoll): boolean {
    const { authorId, spaceId } = stored.poll;
    const owner =
      this.spaces.get(spaceId)?.role === 'owner' ||
      this.me.memberships.some((m) => m.spaceId === spaceId && m.actorId === this.me.actor.id && m.role === 'owner');
    return authorId === this.me.actor.id || owner;
  }

  /** Casts, changes or (null) withdraws the caller's ballot. */
  private ballot(pollId: string, choices: string[] | null): Poll {
    const stored = this.storedPoll(pollId);
    if (this.closedAt(stored) !== null) throw fail('poll_closed', 'The poll is closed');
    if (choices) checkBallot(stored, choices, '/body/choices');
    this.applyBallot(stored, choices);
    return this.pollView(stored);
  }

  private applyBallot(stored: StoredPoll, choices: string[] | null): void {
    // Withdrawing a ballot that does not exist, or casting the same one again, changes nothing and emits nothing.
    if (sameChoices(stored.mine, choices)) return;
    tally(stored, stored.mine, choices);
    stored.mine = choices ? [...choices] : null;
    this.emitPollChanged(stored);
  }

  private closePoll(pollId: string): Poll {
    const stored = this.storedPoll(pollId);
    if (!this.canClose(stored)) throw fail('forbidden', 'Only its author or a space owner may close this poll');
    if (this.closedAt(stored) === null) {
      stored.poll.closedAt = new Date().toISOString();
      this.emitPollChanged(stored);
    }
    return this.pollView(stored);
  }

  /** Every answer of a survey, all validated before any is saved. */
  private survey(postId: string, body: SurveyBallot): PollList {
    const post = this.posts.get(postId);
    if (!post) throw fail('not_found', `No post ${postId}`);
    const polls = this.pollsOf(postId);
    const answers = body?.answers ?? [];
    if (answers.length === 0) throw fail('validation_failed', 'No answers', [{ path: '/body/answers', message: 'required' }]);
    const seen = new Set<string>();
    const targets = answers.map((answer, i) => {
      const stored = polls.find((p) => p.poll.id === answer.pollId);
      const path = `/body/answers/${i}`;
      if (!stored || seen.has(answer.pollId)) {
        throw fail('invalid_ballot', 'Not a poll of this survey, or answered twice', [{ path: `${path}/pollId`, message: 'unknown or repeated poll' }]);
      }
      seen.add(answer.pollId);
      if (this.closedAt(stored) !== null) throw fail('poll_closed', 'A poll of the survey is closed');
      checkBallot(stored, answer.choices, `${path}/choices`);
      return stored;
    });
    // Only now, with every answer valid, is anything saved: all or nothing.
    targets.forEach((stored, i) => this.applyBallot(stored, answers[i]!.choices));
    return { items: polls.map((p) => this.pollView(p)) };
  }

  private emitPollChanged(stored: StoredPoll): void {
    const view = this.pollView(stored);
    this.emit({
      type: 'poll.changed',
      spaceId: view.spaceId,
      pollId: view.id,
      closedAt: view.closedAt,
      // The single caller of this backend is the only viewer: results only when they may see them.
      ...(view.results ? { results: view.results } : {}),
    });
  }

  private toggle(objectId: string, kind: string, active: boolean): ReactionSummary {
    this.summary(objectId);
    const stored = this.reactionsByObject.get(objectId)!;
    if (!this.me.reactionKinds.includes(kind)) throw fail('unknown_reaction_kind', `Unknown kind ${kind}`);
    if (stored.mine.has(kind) !== active) {
      if (active) stored.mine.add(kind);
      else stored.mine.delete(kind);
      stored.counts[kind] = Math.max(0, (stored.counts[kind] ?? 0) + (active ? 1 : -1));
      const spaceId = this.posts.get(objectId)?.spaceId ?? '';
      this.emit({
        type: 'reaction.changed',
        spaceId,
        objectId,
        counts: { ...stored.counts },
        actorId: this.me.actor.id,
        kind,
        active,
      });
    }
    return this.summary(objectId);
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

  private latestCreatedAt(): number {
    let latest = 0;
    for (const post of this.posts.values()) latest = Math.max(latest, Date.parse(post.createdAt));
    return latest;
  }
}

/** Checks a poll draft as the server does; `path` prefixes the field errors. */
function checkDraft(draft: PollDraft, path: string): void {
  const invalid = (field: string, message: string) => fail('validation_failed', 'Invalid poll', [{ path: `${path}/${field}`, message }]);
  if (typeof draft?.question !== 'string' || normalizeLabel(draft.question) === '') throw invalid('question', 'required');
  if (draft.mode === 'scale') {
    if (!draft.scale) throw invalid('scale', 'required for a scale');
    if (draft.options) throw invalid('options', 'a scale has no options');
    return;
  }
  const count = draft.options?.length ?? 0;
  if (count < POLL_OPTIONS_MIN || count > POLL_OPTIONS_MAX) {
    throw invalid('options', `${POLL_OPTIONS_MIN} to ${POLL_OPTIONS_MAX} options`);
  }
  if (draft.maxChoices !== undefined && (draft.mode !== 'multiple' || draft.maxChoices > count)) {
    throw invalid('maxChoices', 'multiple choice only, at most the number of options');
  }
  const optionErrors = optionLabelErrors(draft.options ?? [], `${path}/options`);
  if (optionErrors.length > 0) throw fail('validation_failed', 'Invalid poll', optionErrors);
}

/** Checks a ballot against its poll (unknown option, repeated, too many); `path` names the answer. */
function checkBallot(stored: StoredPoll, choices: readonly string[], path: string): void {
  const { options, maxChoices } = stored.poll;
  const known = new Set(options.map((o) => o.id));
  const valid =
    Array.isArray(choices) &&
    choices.length >= 1 &&
    choices.length <= maxChoices &&
    new Set(choices).size === choices.length &&
    choices.every((id) => known.has(id));
  if (!valid) throw fail('invalid_ballot', 'The poll cannot take this ballot', [{ path, message: `1 to ${maxChoices} of its options` }]);
}

/** Moves one ballot in the tally: `before`'s choices out, `after`'s in. */
function tally(stored: StoredPoll, before: readonly string[] | null, after: readonly string[] | null): void {
  for (const id of before ?? []) stored.counts[id] = Math.max(0, (stored.counts[id] ?? 0) - 1);
  for (const id of after ?? []) stored.counts[id] = (stored.counts[id] ?? 0) + 1;
  stored.voters = Math.max(0, stored.voters + (after ? 1 : 0) - (before ? 1 : 0));
}

function sameChoices(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** `url` as the browser parses it when it is an http(s) URL; undefined otherwise. */
function normalisedUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The first http(s) link of a post's body, as the server picks it, normalised. */
function firstLink(body: string): string | undefined {
  const link = firstLinkOf(body);
  return link === undefined ? undefined : normalisedUrl(link);
}

/** When a post is (or will be) published: its scheduled time, else its creation. */
function effectiveAt(post: Post): string {
  return post.publishAt ?? post.createdAt;
}

function newestFirst(a: Post, b: Post): number {
  const [ta, tb] = [effectiveAt(a), effectiveAt(b)];
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function cursorOf(post: Post): string {
  return `${effectiveAt(post)}|${post.id}`;
}

/** Whether a stored post is a scheduled draft now. */
function isDraft(post: Post): boolean {
  return post.publishAt !== undefined && Date.parse(post.publishAt) > Date.now();
}

/** Whether a stored post is pinned now (not unpinned, not expired). */
function isPinned(post: Post): boolean {
  const until = post.pinned?.until;
  return post.pinned !== undefined && (until == null || Date.parse(until) > Date.now());
}

/** Scheduling, pinning and acknowledgement at publish time, checked as the server does. */
function announcementErrors(body: PublishRequest, kind: Post['kind']): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const onlyAnnouncements = 'is only for announcements';
  if (kind !== 'announcement') {
    if (body.pin) errors.push({ path: '/body/pin', message: onlyAnnouncements });
    if (body.pinUntil !== undefined) errors.push({ path: '/body/pinUntil', message: onlyAnnouncements });
    if (body.requireAcknowledgement) errors.push({ path: '/body/requireAcknowledgement', message: onlyAnnouncements });
  }
  for (const field of ['publishAt', 'pinUntil'] as const) {
    const value = body[field];
    if (value !== undefined && Number.isNaN(Date.parse(value))) errors.push({ path: `/body/${field}`, message: 'must match format "date-time"' });
  }
  if (body.pinUntil !== undefined && errors.length === 0) {
    if (body.pin === false) errors.push({ path: '/body/pinUntil', message: 'needs pin' });
    else if (Date.parse(body.pinUntil) <= Date.now()) errors.push({ path: '/body/pinUntil', message: 'is in the past' });
    else if (body.publishAt !== undefined && Date.parse(body.pinUntil) <= Date.parse(body.publishAt)) {
      errors.push({ path: '/body/pinUntil', message: 'is before publishAt' });
    }
  }
  return errors;
}

function fail(code: ProblemCode, title: string, errors?: { path: string; message: string }[]): EcotoneError {
  return errorFromProblem(problem(code, title, errors ? { errors } : {}));
}

function failureError(code: MemoryFailure): EcotoneError {
  if (code === 'network') return new NetworkError('network', 'Simulated network failure');
  if (code === 'timeout') return new NetworkError('timeout', 'Simulated timeout');
  return fail(code, `Simulated ${code} (${PROBLEM_CODES[code]})`);
}

/** Lower case without accents, one character for one (offsets stay those of the original text). */
function foldChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const folded = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += folded.length === ch.length ? folded : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}
