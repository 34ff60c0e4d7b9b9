import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '@ecotone/protocol';
import { countRows, startTestServer, TEST_ENGINE, type TestServer } from '../_harness.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limits.js';

const MINUTE_MS = 60_000;
const lots = { max: 1_000, windowMs: MINUTE_MS };

function limits(perPerson: Partial<RateLimitSettings['perPerson']>, perAddress: Partial<RateLimitSettings['perAddress']> = {}): RateLimitSettings {
  return {
    perPerson: { write: lots, search: lots, stream: lots, preview: lots, upload: lots, ...perPerson },
    perAddress: { write: lots, search: lots, stream: lots, preview: lots, upload: lots, ...perAddress },
  };
}

describe('rate limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => server?.close());

  const comment = (as: string) =>
    server!.json<Problem>('/api/v1/posts/demo-general-001/comments', { method: 'POST', as, body: { body: `From ${as}` } });

  it('gives every write route a class, and searches and the live stream theirs', async () => {
    server = await startTestServer();
    const routes = server.app.ecotone.apiRoutes;
    const writes = routes.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(20);
    // Every write is limited, whatever route a later change adds.
    expect(writes.filter((r) => r.rateLimit !== 'write' && r.rateLimit !== 'preview' && r.rateLimit !== 'upload')).toEqual([]);
    // Each chunk of a file is a request of its own: uploads have their own budget.
    expect(routes.filter((r) => r.url.startsWith('/api/v1/uploads')).map((r) => r.rateLimit)).toEqual(['upload', 'upload', 'upload']);
    const classOf = (url: string) => routes.find((r) => r.method === 'GET' && r.url === url)?.rateLimit;
    expect(classOf('/api/v1/posts/search')).toBe('search');
    expect(classOf('/api/v1/notes')).toBe('search');
    expect(classOf('/api/v1/spaces')).toBe('search');
    expect(classOf('/api/v1/events')).toBe('stream');
    expect(classOf('/api/v1/me')).toBeNull();
    // The defaults leave a person by hand far from the limit, a script not.
    expect(DEFAULT_RATE_LIMITS.perPerson.write.max).toBeGreaterThanOrEqual(30);
    expect(DEFAULT_RATE_LIMITS.perAddress.write.max).toBeGreaterThan(DEFAULT_RATE_LIMITS.perPerson.write.max);
  });

  it('refuses a person over their write budget with 429 rate_limited and Retry-After, writes nothing, and leaves others alone', async () => {
    server = await startTestServer({ rateLimits: limits({ write: { max: 3, windowMs: MINUTE_MS } }) });
    for (let i = 0; i < 3; i++) expect((await comment('thomas')).status).toBe(201);
    const before = await countRows(server.db, 'comments');
    const refused = await comment('thomas');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(refused.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await countRows(server.db, 'comments')).toBe(before);
    // Every write counts against the same budget: a reaction too.
    expect((await server.json('/api/v1/objects/demo-general-001/reactions/like', { method: 'PUT', as: 'thomas' })).status).toBe(429);
    // Reads are not limited; other people have their own budget.
    expect((await server.json('/api/v1/me', { as: 'thomas' })).status).toBe(200);
    expect((await comment('camille')).status).toBe(201);
  });

  it('refuses an address over its budget, whoever sends', async () => {
    server = await startTestServer({ rateLimits: limits({}, { write: { max: 4, windowMs: MINUTE_MS } }) });
    for (const as of ['thomas', 'camille', 'oliver', 'priya']) expect((await comment(as)).status).toBe(201);
    const refused = await comment('anna');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
  });

  it('limits searches and opening live streams', async () => {
    server = await startTestServer({
      rateLimits: limits({ search: { max: 2, windowMs: MINUTE_MS }, stream: { max: 2, windowMs: MINUTE_MS } }),
    });
    const search = () => server!.json<Problem>('/api/v1/posts/search?q=site', { as: 'thomas' });
    expect((await search()).status).toBe(200);
    expect((await search()).status).toBe(200);
    expect((await search()).body.code).toBe('rate_limited');
    const opened: AbortController[] = [];
    const open = async () => {
      const controller = new AbortController();
      opened.push(controller);
      const res = await server!.api('/api/v1/events', { as: 'thomas', signal: controller.signal });
      return res.status;
    };
    expect(await open()).toBe(200);
    expect(await open()).toBe(200);
    expect(await open()).toBe(429);
    for (const controller of opened) controller.abort();
  });
});

describe.skipIf(TEST_ENGINE !== 'postgres')('rate limits across instances (PostgreSQL)', () => {
  it('holds a person and an address to one budget whichever instance they write through', async () => {
    const settings = limits({ write: { max: 4, windowMs: MINUTE_MS } }, { write: { max: 7, windowMs: MINUTE_MS } });
    const a = await startTestServer({ rateLimits: settings });
    const b = await startTestServer({ rateLimits: settings, sharing: a });
    try {
      const comment = (server: TestServer, as: string) =>
        server.json<Problem>('/api/v1/posts/demo-general-001/comments', { method: 'POST', as, body: { body: `From ${as}` } });
      // Two on each instance use the person's four.
      const statuses = await Promise.all([comment(a, 'thomas'), comment(b, 'thomas'), comment(a, 'thomas'), comment(b, 'thomas')]);
      expect(statuses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect((await comment(a, 'thomas')).status).toBe(429);
      expect((await comment(b, 'thomas')).status).toBe(429);
      // The address (both instances see the same test client) has 7, and
      // Thomas's six requests counted against it (refused ones too): one
      // more from someone else, through either instance, then none.
      expect((await comment(b, 'priya')).status).toBe(201);
      expect((await comment(a, 'priya')).status).toBe(429);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
