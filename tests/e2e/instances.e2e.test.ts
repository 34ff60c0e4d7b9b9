/**
 * Two `ecotone serve` processes on one PostgreSQL database, behind a small
 * front that plays the company's load balancer. A reader's browser is
 * served by instance A; what is done through instance B reaches it live;
 * one idempotency key used on both instances makes one post; and when A is
 * killed outright, the reader's client reconnects (through the front, now
 * to B) with Last-Event-ID, and the post made meanwhile appears once.
 *
 * Needs a PostgreSQL whose role may create databases (`ECOTONE_TEST_PG`, as
 * the server tests; .ci/run starts one): without it the file is skipped
 * with one line, and under CI=true that is a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, runAsAdmin } from '../../packages/server/src/_test-engine.js';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

/** Generous: a busy machine delays live updates; they normally take milliseconds. */
const LIVE_UPDATE_TIMEOUT_MS = 20_000;
/** The client waits before reconnecting, with growing pauses: a reconnect takes seconds. */
const RECONNECT_TIMEOUT_MS = 45_000;

const adminUrl = process.env['ECOTONE_TEST_PG'];
if (!adminUrl) {
  if (process.env['CI'] === 'true') throw new Error('CI needs PostgreSQL (ECOTONE_TEST_PG) for the multi-instance end-to-end test');
  console.info('Skipped: the multi-instance end-to-end test needs PostgreSQL (ECOTONE_TEST_PG is not set).');
}

/**
 * A front that forwards every request, streams included, to the instance it
 * points at now; pointed at nothing, it holds requests until it is pointed
 * at an instance again (a load balancer between a lost instance and its
 * health check).
 */
function front(): { server: Server; url: () => string; pointAt: (baseUrl: string | null) => void } {
  let target: URL | null = null;
  let waiting: (() => void)[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse, to: URL) => {
    const upstream = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        // The instance went away mid-stream: so does the connection to the browser.
        answer.on('error', () => res.destroy());
        answer.on('aborted', () => res.destroy());
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    if (target) forward(req, res, target);
    else waiting.push(() => forward(req, res, target!));
  });
  server.listen(0, '127.0.0.1');
  return {
    server,
    url: () => {
      const address = server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    },
    pointAt: (baseUrl) => {
      target = baseUrl === null ? null : new URL(baseUrl);
      if (!target) return;
      const held = waiting;
      waiting = [];
      for (const go of held) go();
    },
  };
}

describe.skipIf(!adminUrl)('several instances on one PostgreSQL', () => {
  const database = `ecotone_e2e_${process.pid}_${Date.now()}`;
  const secretDir = mkdtempSync(join(tmpdir(), 'ecotone-e2e-secret-'));
  const args = ['--ballot-secret-file', join(secretDir, 'ballot-secret')];
  let url: string;
  let a: RunningServer;
  let b: RunningServer;
  let balancer: ReturnType<typeof front>;
  let browser: Browser;
  const errors: string[] = [];

  const admin = (statement: string) => runAsAdmin(adminUrl!, statement);
  const api = async (server: RunningServer, path: string, as: string, init: { method?: string; body?: unknown; key?: string } = {}) => {
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer dev:${as}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.key ? { 'idempotency-key': init.key } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    url = databaseUrl(adminUrl!, database);
    a = await startServer(args, { db: url });
    // B joins the database A seeded, with the same ballot secret.
    b = await startServer(args, { db: url, seed: false });
    balancer = front();
    balancer.pointAt(a.baseUrl);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    balancer?.server.close();
    await b?.stop();
    await a?.stop();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
    rmSync(secretDir, { recursive: true, force: true });
  });

  let reader: Page;

  /** Waits for a post to arrive in the reader's feed, taking in new posts (the feed's banner) as they come. */
  const showNewPost = async (text: string, timeout = LIVE_UPDATE_TIMEOUT_MS) => {
    const post = reader.locator('eco-feed eco-post', { hasText: text });
    const banner = reader.locator('eco-feed button', { hasText: /new post/ });
    await expect
      .poll(
        async () => {
          if ((await post.count()) > 0) return true;
          if ((await banner.count()) > 0) await banner.first().click();
          return (await post.count()) > 0;
        },
        { timeout, interval: 250 },
      )
      .toBe(true);
  };

  it('shows a reader served by A, live, a post, a like and a vote made through B', async () => {
    reader = await watchedPage(browser, errors, 'priya');
    await reader.goto(`${balancer.url()}/intranet/?user=priya&lang=en`);
    await reader.locator('eco-feed eco-post').first().waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });

    const text = `Made through instance B ${Date.now()}`;
    const made = await api(b, '/spaces/general/posts', 'lukas', { method: 'POST', body: { body: text } });
    expect(made.status).toBe(201);
    await showNewPost(text);
    const post = reader.locator('eco-feed eco-post', { hasText: text });

    expect((await api(b, `/objects/${String(made.body.id)}/reactions/like`, 'amelie', { method: 'PUT' })).status).toBe(200);
    await expect
      .poll(() => post.locator('eco-like-button [part="count"]').first().textContent(), { timeout: LIVE_UPDATE_TIMEOUT_MS })
      .toMatch(/1/);

    const poll = (await api(b, '/polls/poll-summer-party', 'amelie')).body as { options: { id: string }[]; results?: { voters: number } };
    const before = poll.results?.voters ?? 0;
    expect((await api(b, '/polls/poll-summer-party/ballot', 'amelie', { method: 'PUT', body: { choices: [poll.options[0]!.id] } })).status).toBe(200);
    // The tally is in the element's shadow root.
    const tally = () => reader.evaluate(() => document.querySelector('eco-poll[poll="poll-summer-party"]')?.shadowRoot?.textContent ?? '');
    await expect.poll(tally, { timeout: LIVE_UPDATE_TIMEOUT_MS }).toContain(String(before + 1));
  });

  it('makes one post of 20 concurrent publishes with one key, spread over both instances', async () => {
    const key = `e2e-${Date.now()}`;
    const body = { body: `One key, twenty tries ${key}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api(i % 2 === 0 ? a : b, '/spaces/general/posts', 'thomas', { method: 'POST', body, key })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const feed = (await api(b, '/spaces/general/feed?limit=50', 'thomas')).body as { items: { body: string }[] };
    expect(feed.items.filter((p) => p.body === body.body)).toHaveLength(1);
  });

  it("reconnects the reader to B with Last-Event-ID when A is killed, and shows the post made meanwhile once", async () => {
    const resumed = reader.waitForRequest((r) => r.url().includes('/api/v1/events') && r.headers()['last-event-id'] !== undefined, {
      timeout: RECONNECT_TIMEOUT_MS,
    });
    const lost = reader.waitForEvent('requestfailed', { predicate: (r) => r.url().includes('/api/v1/events'), timeout: LIVE_UPDATE_TIMEOUT_MS });
    // A goes down; until the front notices, requests wait (the client's reconnection among them).
    balancer.pointAt(null);
    await a.kill();
    await lost;
    const text = `Made while A was down ${Date.now()}`;
    expect((await api(b, '/spaces/general/posts', 'lukas', { method: 'POST', body: { body: text } })).status).toBe(201);
    balancer.pointAt(b.baseUrl);
    // The client came back through the front (now to B), saying what it saw last.
    expect(Number((await resumed).headers()['last-event-id'])).toBeGreaterThan(0);
    await showNewPost(text, RECONNECT_TIMEOUT_MS);
    expect(await reader.locator('eco-feed eco-post', { hasText: text }).count()).toBe(1);
    expect(errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e))).toEqual([]);
  });
});
