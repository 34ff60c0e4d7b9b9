/**
 * A server whose PostgreSQL goes down after a good start, for real: the
 * cluster is stopped (fast shutdown: sessions ended, then connections
 * refused) and started again under the running server. A cluster of the
 * test's own, because the run's shared PostgreSQL must not be stopped, and
 * stopping is the failure a company meets (a restart, a failover), which
 * terminating sessions and blocking connections would only imitate.
 */
import { createServer, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, Problem } from '@ecotone/protocol';
import { buildApp } from '../app.js';
import { migrateToLatest, openDatabase } from './database.js';
import { seedDemo } from '../seed/demo.js';
import { openEvents, TEST_ENGINE, TEST_NOW, type ApiInit, type TestServer } from '../_harness.js';
import { createThrowawayCluster, throwawayClusterUnavailable, type ThrowawayCluster } from '../_throwaway-cluster.js';
import pg from 'pg';

const BALLOT_SECRET = 'outage-test-ballot-secret-of-32-characters';
/** Generous limits for what normally takes milliseconds: the machine may be busy. */
const WAIT_MS = 20_000;
/** A request while the database is down must answer well before a pool's old 5 s wait. */
const QUICK_ANSWER_MS = 3_000;
/** With no answer at all, the pool's 2 s connection timeout bounds the wait: under the 5 s it was. */
const UNANSWERED_BOUND_MS = 4_500;

const unavailable = await throwawayClusterUnavailable();
if (unavailable && process.env['CI'] === 'true') throw new Error(`CI needs a PostgreSQL cluster of the test's own: ${unavailable}`);
// Once per run (it does not use the run's PostgreSQL): in the SQLite project.
const skip = TEST_ENGINE !== 'sqlite' || unavailable !== undefined;
if (TEST_ENGINE === 'sqlite' && unavailable) console.info(`Skipped the database outage test: ${unavailable}.`);

/** Polls `condition` until it holds, or fails after `WAIT_MS`. */
async function eventually(what: string, condition: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > until) throw new Error(`${what}: not within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skip)('while the database is down (PostgreSQL cluster of its own)', () => {
  let cluster: ThrowawayCluster;
  let app: FastifyInstance;
  let base: string;
  const api = (path: string, init: ApiInit = {}) => {
    const { as = 'amelie', body, headers, ...rest } = init;
    const h = new Headers(headers);
    if (as) h.set('authorization', `Bearer dev:${as}`);
    if (body !== undefined) h.set('content-type', 'application/json');
    return fetch(base + path, { ...rest, headers: h, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const server = { api } as unknown as TestServer;

  beforeAll(async () => {
    cluster = await createThrowawayCluster();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE ecotone');
    await admin.end();
    const url = cluster.url('ecotone');
    const db = openDatabase(url, { poolSize: 2 });
    await migrateToLatest(db);
    await seedDemo(db, { now: TEST_NOW, ballotSecret: Buffer.from(BALLOT_SECRET, 'utf8') });
    await db.destroy();
    app = await buildApp({ db: url, dbPoolSize: 4, auth: { mode: 'dev' }, ballotSecret: BALLOT_SECRET, databaseCheckMs: 200, heartbeatMs: 1_000 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await cluster?.remove();
  }, 60_000);

  it('answers 503 unavailable quickly, ends live streams, loses nothing, and serves again once it is back', async () => {
    expect((await api('/api/v1/me')).status).toBe(200);
    const stream = await api('/api/v1/events', { as: 'priya' });
    expect(stream.status).toBe(200);
    const streamEnded = drained(stream);

    await cluster.stop();

    // The stream ends, without the server waiting for a request to fail first.
    await streamEnded;
    const started = Date.now();
    const me = await api('/api/v1/me');
    expect(Date.now() - started).toBeLessThan(QUICK_ANSWER_MS);
    expect(me.status).toBe(503);
    expect(me.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(me.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await me.json()) as Problem).code).toBe('unavailable');

    const write = { method: 'POST', as: 'lukas', body: { body: 'Written while the database was down' }, headers: { 'idempotency-key': 'outage-1' } };
    const refused = await api('/api/v1/spaces/general/posts', write);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as Problem).code).toBe('unavailable');

    const events = await api('/api/v1/events', { as: 'priya' });
    expect(events.status).toBe(503);
    expect(((await events.json()) as Problem).code).toBe('unavailable');
    expect((await api('/readyz', { as: null })).status).toBe(503);
    expect((await api('/healthz', { as: null })).status).toBe(200);

    await cluster.start();

    // The same process serves again, without a restart.
    await eventually('ready again', async () => (await api('/readyz', { as: null })).status === 200);
    await eventually('requests served again', async () => (await api('/api/v1/me')).status === 200);
    // The refused write, replayed with its key, is created once.
    const created = await api('/api/v1/spaces/general/posts', write);
    expect(created.status).toBe(201);
    const post = (await created.json()) as Post;
    const replayed = await api('/api/v1/spaces/general/posts', write);
    expect(((await replayed.json()) as Post).id).toBe(post.id);
    const check = openDatabase(cluster.url('ecotone'), { poolSize: 1 });
    const copies = await check.selectFrom('posts').select('id').where('body', '=', 'Written while the database was down').execute();
    await check.destroy();
    expect(copies).toEqual([{ id: post.id }]);

    // Live events flow again: a new stream resumes from the last id it had, and hears new posts.
    await eventually('streams accepted again', async () => {
      const res = await api('/api/v1/events', { as: 'priya' });
      await res.body?.cancel();
      return res.status === 200;
    });
    const again = await openEvents(server, { as: 'priya' });
    await eventually('a live post after the outage', async () => {
      const made = await api('/api/v1/spaces/general/posts', { method: 'POST', as: 'lukas', body: { body: 'After the outage' } });
      if (made.status !== 201) return false;
      const { id } = (await made.json()) as Post;
      await again.next((m) => m.event === 'post.created' && m.data.includes(id), 2_000);
      return true;
    });
    again.close();
  });

  it("answers 503 within the pool's connection timeout when the database accepts connections but never answers", async () => {
    await eventually('ready', async () => (await api('/readyz', { as: null })).status === 200);
    await cluster.stop();
    // What a hung server or a half-open network path looks like: the TCP
    // connection is made, the PostgreSQL handshake never comes.
    const held: Socket[] = [];
    const blackhole = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(cluster.port, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const me = await api('/api/v1/me');
      expect(Date.now() - started).toBeLessThan(UNANSWERED_BOUND_MS);
      expect(me.status).toBe(503);
      expect(((await me.json()) as Problem).code).toBe('unavailable');
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => blackhole.close(resolve));
    }
    await cluster.start();
    await eventually('requests served again', async () => (await api('/api/v1/me')).status === 200);
  });
});

/** Resolves when the response body ends (the server closed the stream). */
async function drained(res: Response): Promise<void> {
  const reader = res.body!.getReader();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the live stream did not end')), WAIT_MS)));
  try {
    await Promise.race([(async () => { while (!(await reader.read()).done); })(), late]);
  } finally {
    clearTimeout(timer);
  }
}
