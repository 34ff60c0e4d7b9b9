import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { problem, type LiveEvent } from '@ecotone/protocol';
import { AccessError, AuthError, ConflictError, EcotoneError, NetworkError, ValidationError } from '../errors.js';
import type { ConnectionStatus } from '../types.js';
import { HttpTransport } from './http-transport.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeEach(async () => {
  received.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(res: ServerResponse, status: number, value: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(value));
}

function transport(extra: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}): HttpTransport {
  return new HttpTransport({ baseUrl, token: 'dev:ana', reconnectBaseDelayMs: 20, reconnectMaxDelayMs: 50, ...extra });
}

describe('HttpTransport.request', () => {
  it('sends method, path, query, JSON body, Authorization and Idempotency-Key', async () => {
    handler = (_req, res) => json(res, 201, { id: 'p1' });
    const answer = await transport().request<{ id: string }>({
      method: 'POST',
      path: '/api/v1/spaces/news/posts',
      query: { limit: 5, cursor: 'a b', skipped: undefined },
      body: { body: 'Hello' },
      idempotencyKey: 'key-1',
    });
    expect(answer).toEqual({ id: 'p1' });
    const [req] = received;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/api/v1/spaces/news/posts?limit=5&cursor=a+b');
    expect(req?.headers.authorization).toBe('Bearer dev:ana');
    expect(req?.headers['idempotency-key']).toBe('key-1');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({ body: 'Hello' });
  });

  it('asks getToken before each request, and sends no Authorization when it returns null', async () => {
    handler = (_req, res) => json(res, 200, {});
    const tokens = ['t1', null];
    const t = transport({ token: 'ignored', getToken: async () => tokens.shift() ?? null });
    await t.request({ method: 'GET', path: '/api/v1/me' });
    await t.request({ method: 'GET', path: '/api/v1/me' });
    expect(received[0]?.headers.authorization).toBe('Bearer t1');
    expect(received[1]?.headers.authorization).toBeUndefined();
  });

  it('asks the token provider for a new token once after a 401, and retries with it', async () => {
    handler = (req, res) =>
      req.headers.authorization === 'Bearer rotated'
        ? json(res, 200, { ok: true })
        : json(res, 401, problem('invalid_token', 'The token is invalid or expired'), 'application/problem+json');
    const asked: (boolean | undefined)[] = [];
    const t = transport({ getToken: (options) => (asked.push(options?.refresh), options?.refresh ? 'rotated' : 'cached') });
    await expect(t.request({ method: 'POST', path: '/api/v1/x', idempotencyKey: 'k1' })).resolves.toEqual({ ok: true });
    expect(asked).toEqual([undefined, true]);
    expect(received.map((r) => [r.headers.authorization, r.headers['idempotency-key']])).toEqual([['Bearer cached', 'k1'], ['Bearer rotated', 'k1']]);
    // Still refused with the new one: the AuthError, after one retry only.
    received.length = 0;
    const refusing = transport({ getToken: () => 'revoked' });
    await expect(refusing.request({ method: 'GET', path: '/api/v1/me' })).rejects.toBeInstanceOf(AuthError);
    expect(received).toHaveLength(2);
    // A fixed token is not retried.
    received.length = 0;
    await expect(transport({ token: 'fixed' }).request({ method: 'GET', path: '/api/v1/me' })).rejects.toBeInstanceOf(AuthError);
    expect(received).toHaveLength(1);
  });

  it('turns a token provider that throws into an AuthError token_unavailable, and passes its own EcotoneErrors on', async () => {
    handler = (_req, res) => json(res, 200, {});
    const broken = transport({ getToken: () => JSON.parse('{not json') as string });
    const refused = await broken.request({ method: 'GET', path: '/api/v1/me' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toMatchObject({ code: 'token_unavailable', status: 0 });
    expect((refused as Error).cause).toBeInstanceOf(SyntaxError);
    const offline = transport({ getToken: () => Promise.reject(new NetworkError('network', 'The token URL could not be reached')) });
    await expect(offline.request({ method: 'GET', path: '/api/v1/me' })).rejects.toMatchObject({ name: 'NetworkError', code: 'network' });
    expect(received).toHaveLength(0);
  });

  it('resolves 204 with undefined', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(transport().request({ method: 'DELETE', path: '/x' })).resolves.toBeUndefined();
  });

  it.each([
    ['unauthenticated', AuthError],
    ['forbidden', AccessError],
    ['not_found', AccessError],
    ['conflict', ConflictError],
    ['validation_failed', ValidationError],
    ['idempotency_key_reused', ValidationError],
    ['rate_limited', EcotoneError],
    ['unavailable', EcotoneError],
  ] as const)('parses a %s problem into its error class', async (code, Class) => {
    const body = problem(code, 'Nope', code === 'validation_failed' ? { errors: [{ path: '/body/body', message: 'required' }] } : {});
    handler = (_req, res) => json(res, body.status, body, 'application/problem+json');
    const err = await transport().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Class);
    expect((err as EcotoneError).code).toBe(code);
    expect((err as EcotoneError).status).toBe(body.status);
    if (code === 'validation_failed') expect((err as EcotoneError).fieldErrors).toEqual([{ path: '/body/body', message: 'required' }]);
  });

  it("carries the server's Retry-After on a refusal (429)", async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '7' });
      res.end(JSON.stringify(problem('rate_limited', 'Slow down')));
    };
    const err = (await transport().request({ method: 'POST', path: '/x', body: {} }).catch((e: unknown) => e)) as EcotoneError;
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(7_000);
  });

  it('turns an error without a problem body into bad_response', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    };
    const err = await transport().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as EcotoneError).code).toBe('bad_response');
    expect((err as EcotoneError).status).toBe(502);
  });

  it('turns a success that is not JSON into bad_response', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{not json');
    };
    const err = await transport().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('bad_response');
  });

  it('reports a network failure as network', async () => {
    const t = new HttpTransport({ baseUrl: 'http://127.0.0.1:1' });
    const err = await t.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as EcotoneError).code).toBe('network');
  });

  it('reports a slow server as timeout', async () => {
    handler = () => undefined; // never answers
    const err = await transport({ requestTimeoutMs: 100 }).request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as EcotoneError).code).toBe('timeout');
  });

  it("reports the caller's abort as aborted", async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = transport().request({ method: 'GET', path: '/x', signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const err = await pending.catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('aborted');
  });
});

describe('HttpTransport live stream', () => {
  const created = (n: number): LiveEvent => ({
    type: 'reaction.changed', spaceId: 's', objectId: `o${n}`, counts: { like: n }, actorId: 'ben', kind: 'like', active: true,
  });

  it('parses events, reconnects with Last-Event-ID after a drop, and reports status', async () => {
    let connection = 0;
    handler = (req, res) => {
      if (req.url !== '/api/v1/events') return json(res, 404, problem('not_found', 'no'), 'application/problem+json');
      connection += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      if (connection === 1) {
        // Two events split across chunks, an unknown type and a comment, then the server drops the connection.
        res.write(`retry: 10\n\n: keep-alive\n\nid: 1\nevent: reaction.changed\ndata: ${JSON.stringify(created(1))}\n\nid: 2\nda`);
        setTimeout(() => {
          res.write(`ta: ${JSON.stringify(created(2))}\n\n`);
          res.write(`id: 3\ndata: {"type":"future.thing"}\n\n`);
          setTimeout(() => res.destroy(), 20);
        }, 20);
      } else {
        res.write(`id: 4\ndata: ${JSON.stringify(created(4))}\n\n`);
      }
    };
    const t = transport();
    const statuses: ConnectionStatus[] = [];
    const statusSub = t.status$.subscribe((s) => statuses.push(s));
    const events = await firstValueFrom(t.events$.pipe(take(3), toArray(), timeout(5_000)));
    expect(events.map((e) => (e.type === 'reaction.changed' ? e.objectId : e.type))).toEqual(['o1', 'o2', 'o4']);
    const streamRequests = received.filter((r) => r.url === '/api/v1/events');
    expect(streamRequests).toHaveLength(2);
    expect(streamRequests[0]?.headers.accept).toBe('text/event-stream');
    expect(streamRequests[0]?.headers.authorization).toBe('Bearer dev:ana');
    expect(streamRequests[0]?.headers['last-event-id']).toBeUndefined();
    // The unknown event's id counts too: the server must not replay it.
    expect(streamRequests[1]?.headers['last-event-id']).toBe('3');
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected', 'idle']);
    statusSub.unsubscribe();
  });

  it('shares one connection between subscribers and closes it on the last unsubscribe', async () => {
    let closed = 0;
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      res.on('close', () => (closed += 1));
    };
    const t = transport();
    const a = t.events$.subscribe();
    const b = t.events$.subscribe();
    await firstValueFrom(t.status$.pipe(filter((s) => s === 'connected'), timeout(2_000)));
    expect(received.filter((r) => r.url === '/api/v1/events')).toHaveLength(1);
    a.unsubscribe();
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(0);
    b.unsubscribe();
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(1);
    expect(await firstValueFrom(t.status$)).toBe('idle');
  });

  it('close() ends the stream for every subscriber', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
    };
    const t = transport();
    let completed = false;
    t.events$.subscribe({ complete: () => (completed = true) });
    await firstValueFrom(t.status$.pipe(filter((s) => s === 'connected'), timeout(2_000)));
    t.close();
    expect(completed).toBe(true);
    expect(await firstValueFrom(t.status$)).toBe('idle');
  });

  it('stops retrying on 401, goes offline and reports the AuthError', async () => {
    handler = (_req, res) => json(res, 401, problem('invalid_token', 'Expired'), 'application/problem+json');
    const t = transport();
    const errorPromise = firstValueFrom(t.errors$.pipe(timeout(2_000)));
    const sub = t.events$.subscribe();
    const err = await errorPromise;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('invalid_token');
    await new Promise((r) => setTimeout(r, 150));
    expect(received).toHaveLength(1);
    expect(await firstValueFrom(t.status$)).toBe('offline');
    sub.unsubscribe();
  });

  it('reconnects a stream refused with 401 once with a new token from the provider, then stops if refused again', async () => {
    handler = (req, res) => {
      if (req.headers.authorization !== 'Bearer rotated') {
        json(res, 401, problem('invalid_token', 'The token is invalid or expired'), 'application/problem+json');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`id: 7\ndata: ${JSON.stringify(created(7))}\n\n`);
    };
    // A backoff of about 10 s: only the refresh path reconnects within the test's wait.
    const t = transport({ getToken: (options) => (options?.refresh ? 'rotated' : 'stale'), reconnectBaseDelayMs: 10_000, reconnectMaxDelayMs: 10_000, random: () => 0.999 });
    await firstValueFrom(t.events$.pipe(filter((e) => e.type === 'reaction.changed'), timeout(5_000)));
    expect(received.filter((r) => r.url === '/api/v1/events').map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer rotated']);
    t.close();

    received.length = 0;
    const revoked = transport({ getToken: () => 'revoked', reconnectBaseDelayMs: 10_000, reconnectMaxDelayMs: 10_000, random: () => 0.999 });
    const errorPromise = firstValueFrom(revoked.errors$.pipe(timeout(5_000)));
    const sub = revoked.events$.subscribe();
    expect(await errorPromise).toBeInstanceOf(AuthError);
    expect(received).toHaveLength(2);
    sub.unsubscribe();
  });

  it('comes back at once with a fresh token and Last-Event-ID when the server ends the stream because the token expired', async () => {
    let connection = 0;
    handler = (_req, res) => {
      connection += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connection === 1) {
        res.write(`id: 5\ndata: ${JSON.stringify(created(5))}\n\n`);
        res.end(`event: stream.expired\ndata: ${JSON.stringify({ type: 'stream.expired' })}\n\n`);
      } else {
        res.write(`id: 6\ndata: ${JSON.stringify(created(6))}\n\n`);
      }
    };
    const tokens = ['expiring', 'fresh'];
    // A backoff of about 10 s: only the expiry path reconnects within the test's wait.
    const t = transport({ getToken: () => tokens.shift() ?? null, reconnectBaseDelayMs: 10_000, reconnectMaxDelayMs: 10_000, random: () => 0.999 });
    const events = await firstValueFrom(t.events$.pipe(filter((e) => e.type === 'reaction.changed'), take(2), toArray(), timeout(5_000)));
    expect(events.map((e) => (e.type === 'reaction.changed' ? e.objectId : ''))).toEqual(['o5', 'o6']);
    const streams = received.filter((r) => r.url === '/api/v1/events');
    expect(streams.map((r) => r.headers.authorization)).toEqual(['Bearer expiring', 'Bearer fresh']);
    expect(streams[1]?.headers['last-event-id']).toBe('5');
  });

  it('waits as long as Retry-After says when the server refuses another stream (429)', async () => {
    const at: number[] = [];
    handler = (_req, res) => {
      at.push(Date.now());
      if (at.length === 1) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' });
        res.end(JSON.stringify(problem('too_many_streams', 'Too many')));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`id: 1\ndata: ${JSON.stringify(created(1))}\n\n`);
    };
    await firstValueFrom(transport().events$.pipe(timeout(10_000)));
    expect(at).toHaveLength(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
  });

  it('retries with backoff while the server fails, then connects', async () => {
    let attempts = 0;
    handler = (_req, res) => {
      attempts += 1;
      if (attempts < 3) return json(res, 503, problem('unavailable', 'Starting'), 'application/problem+json');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`id: 9\ndata: ${JSON.stringify({ type: 'stream.reset' })}\n\n`);
    };
    const t = transport();
    const event = await firstValueFrom(t.events$.pipe(timeout(3_000)));
    expect(event).toEqual({ type: 'stream.reset' });
    expect(attempts).toBe(3);
  });

  it('opens the stream at low priority, so a page loading does not wait on it', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
    };
    const inits = new Map<string, RequestInit | undefined>();
    const t = transport({
      fetch: (input, init) => {
        inits.set(String(input), init);
        return fetch(input, init);
      },
    });
    const sub = t.events$.subscribe();
    await firstValueFrom(t.status$.pipe(filter((s) => s === 'connected'), timeout(2_000)));
    expect(inits.get(`${baseUrl}api/v1/events`)?.priority).toBe('low');
    sub.unsubscribe();
  });
});
