/**
 * Slow senders are reaped: sockets that trickle headers (slowloris) or a
 * body, and idle keep-alive sockets, are closed by the server; live streams,
 * which stay open on purpose, are not.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvents, startTestServer, type TestServer } from '../_harness.js';
import { DEFAULT_TIMEOUTS } from '../app.js';

/** How many slow sockets one attacker opens in the test. */
const SLOW_SOCKETS = 20;
/** Generous: the server must close them long before this, even on a loaded machine. */
const REAPED_WITHIN_MS = 20_000;

function slowSocket(url: string, head: string, trickle: string): { socket: Socket; closed: Promise<number> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const opened = Date.now();
  socket.on('connect', () => socket.write(head));
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(trickle);
  }, 100);
  socket.on('error', () => undefined);
  socket.resume();
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Date.now() - opened);
    }),
  );
  return { socket, closed };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} still open after ${ms} ms`)), ms))]);
}

describe('socket and request timeouts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      timeouts: { headersMs: 500, requestMs: 1_000, keepAliveMs: 500, checkIntervalMs: 100 },
      heartbeatMs: 200,
    });
  });
  afterAll(() => server.close());

  it('has finite defaults', () => {
    for (const value of Object.values(DEFAULT_TIMEOUTS)) {
      expect(value).toBeGreaterThan(0);
      expect(Number.isFinite(value)).toBe(true);
    }
    // The idle cut must stay above the live streams' heartbeat (15 s by default).
    expect(DEFAULT_TIMEOUTS.idleMs).toBeGreaterThan(15_000);
  });

  it('closes sockets that trickle their headers (slowloris)', async () => {
    const sockets = Array.from({ length: SLOW_SOCKETS }, (_, i) =>
      slowSocket(server.url, 'GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\n', `X-Slow-${i}: a\r\n`),
    );
    await within(Promise.all(sockets.map((s) => s.closed)), REAPED_WITHIN_MS, 'slowloris sockets');
  });

  it('closes sockets that trickle their body', async () => {
    const head =
      'POST /api/v1/spaces/general/posts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer dev:thomas\r\n' +
      'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"body":"';
    const sockets = Array.from({ length: SLOW_SOCKETS }, () => slowSocket(server.url, head, 'a'));
    await within(Promise.all(sockets.map((s) => s.closed)), REAPED_WITHIN_MS, 'slow-body sockets');
  });

  it('closes idle keep-alive sockets', async () => {
    const { socket, closed } = slowSocket(server.url, 'GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer dev:thomas\r\n\r\n', '');
    const answered = new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(await answered).toMatch(/^HTTP\/1.1 200/);
    await within(closed, REAPED_WITHIN_MS, 'idle keep-alive socket');
  });

  it('keeps a live stream open well past the request timeout', async () => {
    const stream = await openEvents(server, { as: 'thomas' });
    expect(stream.res.status).toBe(200);
    // Three request timeouts later, it still delivers.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const { body: post } = await server.json<{ id: string }>('/api/v1/spaces/general/posts', { method: 'POST', as: 'amelie', body: { body: 'Still live' } });
    await stream.next((m) => m.event === 'post.created' && m.data.includes(post.id), 10_000);
    stream.close();
  });
});
