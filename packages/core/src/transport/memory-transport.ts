/**
 * `MemoryTransport`: an in-memory Ecotone backend for tests of the core client
 * and of the elements (browser-safe: no Node modules). It answers the same
 * routes as the reference server, with test hooks to push live events, fail
 * requests and hold answers.
 */
import { BehaviorSubject, Observable, Subject, finalize, share } from 'rxjs';
import {
  PROBLEM_CODES,
  problem,
  routes,
  type FeedPage,
  type LiveEvent,
  type Me,
  type Post,
  type ProblemCode,
  type PublishRequest,
  type ReactionSummary,
  type Space,
  type SpaceList,
} from '@ecotone/protocol';
import { EcotoneError, NetworkError, errorFromProblem } from '../errors.js';
import type { ConnectionStatus, Transport, TransportRequest } from '../types.js';

/** Seed data of a {@link MemoryTransport}. */
export interface MemorySeed {
  /** The caller: `me.actor` authors published posts and owns `mine` reactions. */
  me: Me;
  spaces: Space[];
  /** Posts in any order; their `reactions` seed the reaction counts. */
  posts: Post[];
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

/** Sentinel path segment used to turn `routes` builders into matchers. */
const SEGMENT = '__ecotone_segment__';
/** Default page size of the feed, as on the reference server. */
const DEFAULT_FEED_LIMIT = 20;

type RouteName = 'me' | 'spaces' | 'space' | 'feed' | 'publish' | 'post' | 'reactions' | 'reaction';

function matcher(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(SEGMENT).join('([^/]+)');
  return new RegExp(`^${escaped}$`);
}

const ROUTE_MATCHERS: ReadonlyArray<[RouteName, RegExp]> = [
  ['me', matcher(routes.me())],
  ['spaces', matcher(routes.spaces())],
  ['feed', matcher(routes.feed(SEGMENT))],
  ['publish', matcher(routes.publish(SEGMENT))],
  ['space', matcher(routes.space(SEGMENT))],
  ['reactions', matcher(routes.reactions(SEGMENT))],
  ['reaction', matcher(routes.reaction(SEGMENT, SEGMENT))],
  ['post', matcher(routes.post(SEGMENT))],
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
  private readonly idempotency = new Map<string, { fingerprint: string; result: unknown }>();
  private readonly live = new Subject<LiveEvent>();
  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly failures: PendingFailure[] = [];
  private readonly log: TransportRequest[] = [];
  private latencyMs = 0;
  private gate: Promise<void> | undefined;
  private nextPostNumber = 1;
  private nextEventId = 1;

  constructor(seed: MemorySeed) {
    this.me = structuredClone(seed.me);
    for (const space of seed.spaces) this.spaces.set(space.id, structuredClone(space));
    for (const post of seed.posts) {
      const { reactions, ...rest } = structuredClone(post);
      this.posts.set(post.id, { ...rest, reactions });
      this.reactionsByObject.set(post.id, { counts: { ...reactions.counts }, mine: new Set(reactions.mine) });
    }
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

  /** Adds or replaces a post directly (no event), e.g. to simulate another writer. */
  addPost(post: Post): void {
    this.posts.set(post.id, structuredClone(post));
    this.reactionsByObject.set(post.id, { counts: { ...post.reactions.counts }, mine: new Set(post.reactions.mine) });
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
    const result = this.route(req);
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
      case 'GET spaces':
        return { items: [...this.spaces.values()] } satisfies SpaceList;
      case 'GET space':
        return this.space(first);
      case 'GET feed':
        return this.feed(first, req.query);
      case 'POST publish':
        return this.idempotent(req, () => this.publish(first, req.body as PublishRequest));
      case 'GET post':
        return this.post(first);
      case 'GET reactions':
        return this.summary(first);
      case 'PUT reaction':
        return this.idempotent(req, () => this.toggle(first, second, true));
      case 'DELETE reaction':
        return this.idempotent(req, () => this.toggle(first, second, false));
      default:
        throw fail('method_not_allowed', `${req.method} not allowed on ${req.path}`);
    }
  }

  private space(spaceId: string): Space {
    const space = this.spaces.get(spaceId);
    if (!space) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  private post(postId: string): Post {
    const post = this.posts.get(postId);
    if (!post) throw fail('not_found', `No post ${postId}`);
    return { ...post, reactions: this.summary(postId) };
  }

  private summary(objectId: string): ReactionSummary {
    const stored = this.reactionsByObject.get(objectId);
    if (!stored) throw fail('not_found', `No object ${objectId}`);
    return { objectId, counts: { ...stored.counts }, mine: [...stored.mine] };
  }

  private feed(spaceId: string, query: TransportRequest['query']): FeedPage {
    this.space(spaceId);
    const limit = Number(query?.limit ?? DEFAULT_FEED_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw fail('validation_failed', 'Bad limit');
    const sorted = [...this.posts.values()].filter((p) => p.spaceId === spaceId).sort(newestFirst);
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
      items: page.map((p) => ({ ...p, reactions: this.summary(p.id) })),
      nextCursor: hasMore && last ? cursorOf(last) : null,
    };
  }

  private publish(spaceId: string, body: PublishRequest): Post {
    const space = this.space(spaceId);
    if (!space.canPublish) throw fail('forbidden', 'You may not publish here');
    if (typeof body?.body !== 'string' || body.body.trim() === '') {
      throw fail('validation_failed', 'Body is required', [{ path: '/body/body', message: 'required' }]);
    }
    const id = `mem-post-${this.nextPostNumber++}`;
    const post: Post = {
      id,
      spaceId,
      author: this.me.actor,
      kind: body.kind ?? 'note',
      body: body.body,
      locale: body.locale ?? this.me.actor.locale,
      // Strictly increasing timestamps keep newest-first order stable in fast tests.
      createdAt: new Date(Math.max(Date.now(), this.latestCreatedAt() + 1)).toISOString(),
      reactions: { objectId: id, counts: {}, mine: [] },
      commentCount: 0,
    };
    this.posts.set(id, post);
    this.reactionsByObject.set(id, { counts: {}, mine: new Set() });
    this.emit({ type: 'post.created', spaceId, post });
    return post;
  }

  private toggle(objectId: string, kind: string, active: boolean): ReactionSummary {
    const stored = this.reactionsByObject.get(objectId);
    if (!stored) throw fail('not_found', `No object ${objectId}`);
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

function newestFirst(a: Post, b: Post): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function cursorOf(post: Post): string {
  return `${post.createdAt}|${post.id}`;
}

function fail(code: ProblemCode, title: string, errors?: { path: string; message: string }[]): EcotoneError {
  return errorFromProblem(problem(code, title, errors ? { errors } : {}));
}

function failureError(code: MemoryFailure): EcotoneError {
  if (code === 'network') return new NetworkError('network', 'Simulated network failure');
  if (code === 'timeout') return new NetworkError('timeout', 'Simulated timeout');
  return fail(code, `Simulated ${code} (${PROBLEM_CODES[code]})`);
}
