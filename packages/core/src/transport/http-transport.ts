/**
 * `HttpTransport`: the Ecotone wire protocol over `fetch`, including the live
 * Server-Sent Events stream (read with `fetch`, not `EventSource`, so that the
 * `Authorization` header can be sent).
 */
import { BehaviorSubject, Observable, Subject, share, takeUntil } from 'rxjs';
import {
  IDEMPOTENCY_HEADER,
  eventsPath,
  type LiveEvent,
  type Problem,
} from '@ecotone/protocol';
import { AuthError, EcotoneError, NetworkError, errorFromProblem } from '../errors.js';
import type { ConnectionStatus, TokenProvider, Transport, TransportRequest } from '../types.js';
import { backoffDelayMs, sleep } from './backoff.js';

/** Time allowed for one request, headers and body included, in milliseconds. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Ceiling of the first reconnect delay of the live stream, in milliseconds. */
export const RECONNECT_BASE_DELAY_MS = 500;
/** Largest reconnect delay of the live stream, in milliseconds. */
export const RECONNECT_MAX_DELAY_MS = 30_000;

/** Options of {@link HttpTransport}. */
export interface HttpTransportOptions {
  /** Base URL of the server, e.g. `https://intranet.example/social` (no trailing `/api/v1`). Empty for same origin. */
  baseUrl?: string;
  /** A fixed bearer token. */
  token?: string;
  /** Called before each request and each stream connection; wins over `token`. */
  getToken?: TokenProvider;
  /** The `fetch` to use (defaults to the global one). */
  fetch?: typeof fetch;
  /** Per-request timeout, in milliseconds. */
  requestTimeoutMs?: number;
  /** Ceiling of the first reconnect delay, in milliseconds. */
  reconnectBaseDelayMs?: number;
  /** Largest reconnect delay, in milliseconds. */
  reconnectMaxDelayMs?: number;
  /** Randomness for the backoff jitter, in [0, 1); injectable for tests. */
  random?: () => number;
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const EVENT_STREAM_MEDIA_TYPE = 'text/event-stream';

/**
 * Transport to any server implementing the Ecotone protocol.
 *
 * @example
 * const transport = new HttpTransport({ baseUrl: 'https://intranet.example/social', getToken: () => sso.token() });
 * const client = createClient({ transport });
 */
export class HttpTransport implements Transport {
  /** Live events; subscribing opens the stream, the last unsubscribe closes it. */
  readonly events$: Observable<LiveEvent>;
  /** Connection status of the live stream. */
  readonly status$: Observable<ConnectionStatus>;
  /** Errors that stopped the live stream for good (e.g. 401): the stream will not retry by itself. */
  readonly errors$: Observable<EcotoneError>;

  /** The server's base URL as given, without trailing slashes (`''` for the page's origin). */
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly errors = new Subject<EcotoneError>();
  private readonly closed = new Subject<void>();
  /** Id of the last live event received, sent back as `Last-Event-ID` on reconnect. */
  private lastEventId: string | undefined;

  constructor(private readonly options: HttpTransportOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    // Bind so that a global fetch is not called with the transport as `this` (Illegal invocation).
    const fetchFn = options.fetch ?? globalThis.fetch;
    this.fetchFn = fetchFn.bind(globalThis);
    this.status$ = this.status.asObservable();
    this.errors$ = this.errors.asObservable();
    this.events$ = new Observable<LiveEvent>((subscriber) => {
      const controller = new AbortController();
      void this.runStream((event) => subscriber.next(event), controller.signal);
      return () => {
        controller.abort();
        this.setStatus('idle');
      };
    }).pipe(takeUntil(this.closed), share());
  }

  /** Id of the last live event received, if any. */
  get lastLiveEventId(): string | undefined {
    return this.lastEventId;
  }

  /**
   * Makes the next connection of the live stream resume after `lastEventId`
   * (sent as `Last-Event-ID`, so the server replays what came after it): a
   * tab that takes the stream over from another starts where that one was.
   */
  resumeFrom(lastEventId: string): void {
    this.lastEventId = lastEventId;
  }

  /** Sends one request; resolves with the parsed JSON body (undefined for 204) or rejects with an EcotoneError. */
  async request<T>(req: TransportRequest): Promise<T> {
    try {
      return await this.send<T>(req, false);
    } catch (err) {
      // A refused token may only be stale (rotated keys, an expiry the cache
      // missed): with a token provider, ask it for a new one and try once more.
      if (!(err instanceof AuthError) || err.status !== 401 || !this.options.getToken) throw err;
      return this.send<T>(req, true);
    }
  }

  private async send<T>(req: TransportRequest, refreshToken: boolean): Promise<T> {
    const headers: Record<string, string> = { Accept: `application/json, ${PROBLEM_MEDIA_TYPE}` };
    await this.authorize(headers, refreshToken);
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    if (req.idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = req.idempotencyKey;

    const timeoutMs = this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    const signal = withTimeout(req.signal, timeoutMs);
    let response: Response;
    try {
      response = await this.fetchFn(this.url(req.path, req.query), {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal,
      });
    } catch (err) {
      throw fetchFailure(err, req.signal, timeoutMs);
    }
    try {
      return await readBody<T>(response);
    } catch (err) {
      if (err instanceof EcotoneError) throw err;
      throw fetchFailure(err, req.signal, timeoutMs);
    }
  }


  /** Closes the live stream for every subscriber and frees resources. */
  close(): void {
    this.closed.next();
    this.setStatus('idle');
  }

  /** Emits a status only when it changes, so listeners never see the same state twice in a row. */
  private setStatus(status: ConnectionStatus): void {
    if (this.status.value !== status) this.status.next(status);
  }

  private url(path: string, query?: TransportRequest['query']): string {
    let url = this.baseUrl + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) params.set(key, String(value));
      }
      const search = params.toString();
      if (search) url += `?${search}`;
    }
    return url;
  }

  /** @internal Adds the caller's credentials to a request's headers (the uploader's requests too). */
  async authorize(headers: Record<string, string>, refresh = false): Promise<void> {
    const token = this.options.getToken ? await this.tokenFromProvider(this.options.getToken, refresh) : this.options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
  }

  /** The provider's token; whatever else it throws becomes an `AuthError` `token_unavailable` (its cause kept). */
  private async tokenFromProvider(getToken: TokenProvider, refresh: boolean): Promise<string | null | undefined> {
    try {
      return await getToken(refresh ? { refresh: true } : undefined);
    } catch (error) {
      if (error instanceof EcotoneError) throw error;
      throw new AuthError('token_unavailable', 'The token provider failed', { cause: error });
    }
  }

  /** Connects, reads and reconnects until `signal` aborts or the server refuses the credentials. */
  private async runStream(emit: (event: LiveEvent) => void, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    let serverRetryMs: number | undefined;
    /** A 429's Retry-After: for the next attempt only (the SSE `retry:` field stands until changed). */
    let refusedForMs: number | undefined;
    let everConnected = false;
    /** Set after a 401: the next connection asks the token provider for a new token, once. */
    let refreshToken = false;
    while (!signal.aborted) {
      let expired = false;
      this.setStatus(isOffline() ? 'offline' : everConnected || attempt > 0 ? 'reconnecting' : 'connecting');
      try {
        const headers: Record<string, string> = { Accept: EVENT_STREAM_MEDIA_TYPE };
        await this.authorize(headers, refreshToken);
        if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
        // Low priority: a request that never ends is not part of loading the
        // page, and browsers (and Lighthouse) wait on the high-priority ones.
        const response = await this.fetchFn(this.url(eventsPath()), { headers, signal, cache: 'no-store', priority: 'low' });
        // Too many streams, or opening them too fast: wait as long as the server says.
        if (response.status === 429) refusedForMs = retryAfterMs(response);
        if (response.status === 401) {
          // A token provider may have a newer token: once, at once, with Last-Event-ID.
          if (this.options.getToken && !refreshToken) {
            await response.body?.cancel().catch(() => undefined);
            refreshToken = true;
            continue;
          }
          // Retrying with the same credentials cannot succeed: stop and say why.
          const err = await errorFromResponse(response);
          this.setStatus('offline');
          this.errors.next(err);
          return;
        }
        refreshToken = false;
        const contentType = response.headers.get('content-type') ?? '';
        if (!response.ok || !response.body || !contentType.includes(EVENT_STREAM_MEDIA_TYPE)) {
          await response.body?.cancel().catch(() => undefined);
          throw new NetworkError('bad_response', `Live stream answered ${response.status}`, { status: response.status });
        }
        everConnected = true;
        attempt = 0;
        this.setStatus('connected');
        // The parser loads with the first stream (a chunk of its own): the page painted without it.
        const { readEvents } = await import('./sse-reader.js');
        expired = await readEvents(response.body, {
          emit,
          onId: (id) => (this.lastEventId = id),
          onRetry: (ms) => (serverRetryMs = ms),
        });
      } catch {
        // Any failure (network, bad answer, dropped stream) leads to a reconnect below.
      }
      if (signal.aborted) return;
      // The token that opened the stream expired: back at once, with a fresh
      // one from getToken and Last-Event-ID, so nothing is missed.
      if (expired) continue;
      attempt += 1;
      this.setStatus(isOffline() ? 'offline' : 'reconnecting');
      await sleep(
        backoffDelayMs(attempt, {
          baseDelayMs: this.options.reconnectBaseDelayMs ?? RECONNECT_BASE_DELAY_MS,
          maxDelayMs: this.options.reconnectMaxDelayMs ?? RECONNECT_MAX_DELAY_MS,
          minDelayMs: Math.max(serverRetryMs ?? 0, refusedForMs ?? 0),
          random: this.options.random,
        }),
        signal,
      );
      refusedForMs = undefined;
    }
  }
}

/** `Retry-After` in ms (seconds or an HTTP date), or undefined. */
function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return ms >= 0 ? ms : undefined;
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (!signal) return timeout;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([signal, timeout]);
  const controller = new AbortController();
  const forward = (source: AbortSignal) => () => controller.abort(source.reason);
  signal.addEventListener('abort', forward(signal), { once: true });
  timeout.addEventListener('abort', forward(timeout), { once: true });
  return controller.signal;
}

function fetchFailure(err: unknown, callerSignal: AbortSignal | undefined, timeoutMs: number): EcotoneError {
  if (callerSignal?.aborted) return new EcotoneError('aborted', 'Request aborted', { cause: err });
  if (err instanceof Error && err.name === 'TimeoutError') {
    return new NetworkError('timeout', `No answer within ${timeoutMs} ms`, { cause: err });
  }
  return new NetworkError('network', 'Network failure', { cause: err });
}

async function readBody<T>(response: Response): Promise<T> {
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new NetworkError('bad_response', 'The server answered a body that is not JSON', {
      status: response.status,
      cause: err,
    });
  }
}

/** Reads an error answer: a problem becomes its typed error, anything else `bad_response`. */
async function errorFromResponse(response: Response): Promise<EcotoneError> {
  const contentType = response.headers.get('content-type') ?? '';
  let text = '';
  try {
    text = await response.text();
  } catch {
    // Body unreadable: fall through to bad_response.
  }
  if (contentType.includes(PROBLEM_MEDIA_TYPE) || contentType.includes('application/json')) {
    try {
      const body: unknown = JSON.parse(text);
      if (isProblemShape(body)) return errorFromProblem({ ...body, status: response.status }, retryAfterMs(response));
    } catch {
      // Not JSON: fall through.
    }
  }
  if (response.status === 401) {
    return new AuthError('unauthenticated', 'The server refused the credentials', { status: 401 });
  }
  return new NetworkError('bad_response', `Unexpected answer ${response.status}`, { status: response.status });
}

function isProblemShape(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && typeof candidate.title === 'string';
}
