/**
 * Test helper: a small server for outbox tests that applies writes once per
 * idempotency key (as the reference server does), names the posts it creates,
 * refuses what it is told to, and can be unreachable, answer 503 or 429, or
 * apply a write and lose the answer.
 */
import { AccessError, EcotoneError, NetworkError } from '../errors.js';
import type { TransportRequest } from '../types.js';

export type ServerFault = 'unreachable' | 'unavailable' | 'rate_limited' | 'lost_answer';

export interface AppliedWrite {
  key: string;
  person: string;
  method: string;
  path: string;
  body: unknown;
  /** The id of what it created (a post, a comment). */
  created?: string;
}

export class OutboxTestServer {
  online = true;
  /** The person the server says is signed in. */
  person = 'alice';
  readonly applied: AppliedWrite[] = [];
  /** Spaces nobody may publish in (403). */
  readonly closedSpaces = new Set<string>(['closed']);
  private readonly answers = new Map<string, unknown>();
  private readonly posts = new Set<string>(['post-seed']);
  private readonly faults: ServerFault[] = [];
  private nextId = 1;

  /** The next requests meet these faults, one each. */
  fault(...faults: ServerFault[]): void {
    this.faults.push(...faults);
  }

  request = async <T>(req: TransportRequest): Promise<T> => {
    await Promise.resolve();
    if (!this.online) throw new NetworkError('network', 'offline');
    const fault = this.faults.shift();
    if (fault === 'unreachable') throw new NetworkError('network', 'unreachable');
    if (fault === 'unavailable') throw new EcotoneError('unavailable', 'busy', { status: 503 });
    if (fault === 'rate_limited') throw new EcotoneError('rate_limited', 'slow down', { status: 429, retryAfterMs: 1 });
    const key = `${this.person}:${req.idempotencyKey ?? ''}`;
    let answer: unknown;
    if (req.idempotencyKey && this.answers.has(key)) {
      answer = this.answers.get(key);
    } else {
      answer = this.apply(req);
      if (req.idempotencyKey) this.answers.set(key, answer);
    }
    if (fault === 'lost_answer') throw new NetworkError('network', 'answer lost');
    return answer as T;
  };

  private apply(req: TransportRequest): unknown {
    const publish = /^\/spaces\/([^/]+)\/posts$/.exec(req.path);
    if (publish) {
      if (this.closedSpaces.has(publish[1]!)) throw new AccessError('forbidden', 'You may not publish here.', { status: 403 });
      const id = `post-${this.nextId++}`;
      this.posts.add(id);
      this.record(req, id);
      return { id };
    }
    const comment = /^\/posts\/([^/]+)\/comments$/.exec(req.path);
    if (comment) {
      if (!this.posts.has(comment[1]!)) throw new AccessError('not_found', 'No such post.', { status: 404 });
      const id = `comment-${this.nextId++}`;
      this.record(req, id);
      return { id };
    }
    this.record(req);
    return undefined;
  }

  private record(req: TransportRequest, created?: string): void {
    this.applied.push({ key: req.idempotencyKey ?? '', person: this.person, method: req.method, path: req.path, body: req.body, ...(created ? { created } : {}) });
  }
}
