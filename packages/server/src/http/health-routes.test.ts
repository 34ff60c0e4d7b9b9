import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('health routes for load balancers', () => {
  it('answer without a token: alive, and ready while the database answers', async () => {
    server = await startTestServer({ seed: false });
    const live = await fetch(`${server.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect(live.headers.get('cache-control')).toBe('no-store');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('say not ready (503 problem) when the database is gone, and still alive', async () => {
    server = await startTestServer({ seed: false });
    await server.db.destroy();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(((await ready.json()) as Problem).code).toBe('unavailable');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
