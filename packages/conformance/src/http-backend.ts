/**
 * A backend over real HTTP: `fetch` for requests, a small Server-Sent Events
 * reader for the live stream (read with `fetch`, as the protocol says, so
 * the same `Authorization` header applies).
 */
import { eventsPath } from '@ecotone/protocol';
import {
  ANONYMOUS,
  BAD_TOKEN,
  FrameQueue,
  type Backend,
  type BackendRequest,
  type BackendResponse,
  type Caller,
  type Capabilities,
  type StreamOpening,
  type StreamOptions,
} from './backend.js';

/** A `429` is waited out at most this long before the answer is reported as it is. */
const RATE_LIMIT_WAIT_MAX_MS = 65_000;
/** How many times one request waits out a `429` before giving up. */
const RATE_LIMIT_RETRIES = 3;

export interface HttpBackendOptions {
  /** Turn capabilities off (a backend without rate limits, behind a proxy that strips headers…). */
  capabilities?: Partial<Capabilities>;
  /** The token sent as `badToken` (default: a string no server issues). */
  badToken?: string;
  fetch?: typeof fetch;
}

const HTTP_CAPABILITIES: Capabilities = {
  httpHeaders: true,
  rawBodies: true,
  authFailures: true,
  rateLimits: true,
  live: true,
  liveReplay: true,
  liveSpacesFilter: true,
  talkShows: true,
  audit: true,
  watch: true,
  moderation: true,
  quotes: true,
};

/**
 * A backend at `baseUrl` (the server's root: routes start with `/api/v1`),
 * acting as each persona with its bearer token.
 *
 * @example
 * const backend = httpBackend('http://localhost:8080', { owner: 'dev:julien', member: 'dev:oliver' });
 */
export function httpBackend(baseUrl: string, tokens: Readonly<Record<string, string>>, options: HttpBackendOptions = {}): Backend {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const badToken = options.badToken ?? 'conformance-invalid-token.not-issued-by-anyone';
  const open = new Set<AbortController>();

  const authorization = (as: Caller): string | undefined => {
    if (as === ANONYMOUS) return undefined;
    if (as === BAD_TOKEN) return `Bearer ${badToken}`;
    const token = tokens[as];
    if (token === undefined) throw new Error(`no token for persona "${as}" in the tokens file`);
    return `Bearer ${token}`;
  };

  const url = (path: string, query: BackendRequest['query']) => {
    const u = new URL(base + path);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) u.searchParams.set(key, String(value));
    return u;
  };

  const send = async (as: Caller, req: BackendRequest): Promise<BackendResponse> => {
    const headers = new Headers(req.headers);
    const auth = authorization(as);
    if (auth) headers.set('authorization', auth);
    if (req.idempotencyKey !== undefined) headers.set('idempotency-key', req.idempotencyKey);
    let body: string | undefined;
    if (req.rawBody !== undefined) body = req.rawBody;
    else if (req.body !== undefined) body = JSON.stringify(req.body);
    if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const res = await doFetch(url(req.path, req.query), { method: req.method, headers, body });
    return toResponse(res, await res.text());
  };

  return {
    name: base,
    capabilities: { ...HTTP_CAPABILITIES, ...options.capabilities },
    personas: Object.keys(tokens),

    async request(as, req) {
      for (let attempt = 0; ; attempt++) {
        const res = await send(as, req);
        if (res.status !== 429 || req.retryRateLimited === false || attempt >= RATE_LIMIT_RETRIES) return res;
        // The protocol's own advice: wait as long as Retry-After says, then
        // send the same request (with the same Idempotency-Key) again.
        const waitMs = Math.min(Number(res.headers['retry-after'] ?? '1') * 1000 + 100, RATE_LIMIT_WAIT_MAX_MS);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    },

    async openStream(as: Caller, streamOptions: StreamOptions = {}): Promise<StreamOpening> {
      const controller = new AbortController();
      const headers = new Headers({ accept: 'text/event-stream' });
      const auth = authorization(as);
      if (auth) headers.set('authorization', auth);
      if (streamOptions.lastEventId !== undefined) headers.set('last-event-id', streamOptions.lastEventId);
      const query = streamOptions.spaces ? { spaces: streamOptions.spaces.join(',') } : undefined;
      const res = await doFetch(url(eventsPath(), query), { headers, signal: controller.signal });
      const response = toResponse(res, undefined);
      if (!res.ok || !res.body) {
        response.body = parseBody(res.headers.get('content-type'), await res.text());
        return { response, stream: null };
      }
      open.add(controller);
      const queue = new FrameQueue(() => {
        open.delete(controller);
        controller.abort();
      });
      void readEvents(res.body, queue);
      return { response, stream: queue };
    },

    async close() {
      for (const controller of open) controller.abort();
      open.clear();
    },
  };
}

function toResponse(res: Response, text: string | undefined): BackendResponse {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => (headers[key] = value));
  return { status: res.status, exactStatus: true, headers, body: text === undefined ? undefined : parseBody(res.headers.get('content-type'), text) };
}

function parseBody(contentType: string | null, text: string): unknown {
  if (text === '') return undefined;
  if (contentType && /json/i.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Reads `text/event-stream` frames (id, event, data; comments skipped) into the queue until the body ends. */
async function readEvents(body: ReadableStream<Uint8Array>, queue: FrameQueue): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let id: string | null = null;
  let event = 'message';
  let data: string[] = [];
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            const text = data.join('\n');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text) as unknown;
            } catch {
              // Not JSON: kept as text, and a scenario checking its shape will say so.
            }
            queue.push({ id, event, data: parsed });
          }
          id = null;
          event = 'message';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
    queue.end(new Error('the server ended the stream'));
  } catch (error) {
    queue.end(error instanceof Error ? error : new Error(String(error)));
  }
}
