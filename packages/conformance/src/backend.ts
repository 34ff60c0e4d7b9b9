/**
 * The one seam between the scenarios and a backend: send a request as a
 * persona, open a live stream as a persona, and say what can be observed.
 * Small on purpose, so a vendor (or an in-process transport) implements it
 * in an afternoon; the scenarios know nothing else about the backend.
 */

/**
 * Who sends a request: a persona named in the tokens file (`owner`,
 * `member`…), `anonymous` (no credentials at all) or `badToken` (credentials
 * no server issued).
 */
export type Caller = string;

/** The callers every backend understands without a token of its own. */
export const ANONYMOUS: Caller = 'anonymous';
export const BAD_TOKEN: Caller = 'badToken';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BackendRequest {
  method: HttpMethod;
  /** Absolute path under the server's base, e.g. `/api/v1/me`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of `body` (malformed JSON, oversized bodies): needs the `rawBodies` capability. */
  rawBody?: string;
  /** Extra headers (`Content-Type` to send another media type). */
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /**
   * When false, a `429 rate_limited` answer is returned as it is instead of
   * being waited out and retried (the rate-limit scenarios want to see it).
   */
  retryRateLimited?: boolean;
}

export interface BackendResponse {
  status: number;
  /**
   * False when the backend cannot tell which 2xx status a success had (an
   * in-process transport resolves with the body only): checks then accept
   * any 2xx where a particular one was expected.
   */
  exactStatus: boolean;
  /** Lower-case header names; empty when the backend has no headers. */
  headers: Record<string, string>;
  /** Parsed JSON (problem+json bodies as they are), `undefined` for an empty body, the text when not JSON. */
  body: unknown;
}

/** One live event as received. */
export interface LiveFrame {
  /** The SSE `id`, or null when the backend has none (in-process transports, `stream.expired`). */
  id: string | null;
  /** The event's `type` (the SSE `event` field). */
  event: string;
  data: unknown;
}

export interface LiveStream {
  /** Every frame received so far, in order. */
  readonly frames: readonly LiveFrame[];
  /**
   * Resolves with the first frame (already received or to come) that
   * matches; rejects when none came within `timeoutMs` or the stream ended.
   */
  waitFor(match: (frame: LiveFrame) => boolean, timeoutMs: number): Promise<LiveFrame>;
  close(): void;
}

export interface StreamOptions {
  /** `?spaces=a,b`. */
  spaces?: readonly string[];
  /** Resume after this id (`Last-Event-ID`). */
  lastEventId?: string;
}

/** What opening a stream answered: a refusal carries no stream. */
export interface StreamOpening {
  response: BackendResponse;
  stream: LiveStream | null;
}

/**
 * What a backend lets the suite observe. A scenario that needs a capability
 * the backend does not have is reported as skipped, with the capability named.
 */
export interface Capabilities {
  /** Response headers (`Cache-Control`, `Content-Type`, `Idempotent-Replayed`, `Retry-After`). */
  httpHeaders: boolean;
  /** Bodies sent as raw text with any media type (malformed JSON, 413, 415). */
  rawBodies: boolean;
  /** Requests without credentials or with a bad token are answered 401 (not possible in-process). */
  authFailures: boolean;
  /** Rate limits can be reached by the `limited` persona. */
  rateLimits: boolean;
  /** Live events (`GET /events`). */
  live: boolean;
  /** Live events carry ids and a stream resumes with `Last-Event-ID`. */
  liveReplay: boolean;
  /** `GET /events?spaces=` narrows the stream. */
  liveSpacesFilter: boolean;
  /** Talk-show posts and their question queues (the browser's local backend keeps none). */
  talkShows: boolean;
  /** The audit trail (`GET /audit`), read by the server's auditors (in-process transports keep none). */
  audit: boolean;
  /** Technology-watch sources (in-process transports fetch nothing: they answer not_found). */
  watch: boolean;
  /** Reports, the owners' queue, hiding and word filters (in-process transports keep none). */
  moderation: boolean;
  /** Quoting and moving posts (in-process transports do neither: they answer not_found). */
  quotes: boolean;
}

export type Capability = keyof Capabilities;

export interface Backend {
  /** For the report (`http://localhost:8080`, `MemoryTransport`). */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** The personas this backend can act as (names from the tokens file). */
  readonly personas: readonly string[];
  request(as: Caller, request: BackendRequest): Promise<BackendResponse>;
  openStream(as: Caller, options?: StreamOptions): Promise<StreamOpening>;
  /** Frees connections (streams left open by a failed scenario). */
  close(): Promise<void>;
}

/**
 * Frames arriving from any source, with waiters: the common part of both
 * backends' streams.
 */
export class FrameQueue implements LiveStream {
  readonly frames: LiveFrame[] = [];
  private waiters: { match: (frame: LiveFrame) => boolean; resolve: (f: LiveFrame) => void; reject: (e: Error) => void }[] = [];
  private ended: Error | null = null;

  constructor(private readonly onClose: () => void) {}

  push(frame: LiveFrame): void {
    this.frames.push(frame);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(frame)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      }
    }
  }

  end(reason: Error): void {
    if (this.ended) return;
    this.ended = reason;
    for (const waiter of this.waiters) waiter.reject(reason);
    this.waiters = [];
  }

  waitFor(match: (frame: LiveFrame) => boolean, timeoutMs: number): Promise<LiveFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching live event within ${timeoutMs} ms (received: ${this.frames.map((f) => f.event).join(', ') || 'none'})`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (frame: LiveFrame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.end(new Error('stream closed'));
    this.onClose();
  }
}
