import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Me, Problem } from '@ecotone/protocol';
import { startTestServer, type TestServer } from './_harness.js';

describe('static directories and CORS', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecotone-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(join(dir, 'app.js'), 'export {};');
    server = await startTestServer({
      serveDirs: [
        { prefix: '/', root: dir },
        { prefix: '/vendor/', root: dir },
      ],
      corsOrigins: ['https://intranet.example.org'],
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files under each prefix and keeps the API answering problems', async () => {
    const index = await fetch(server.url + '/');
    expect(await index.text()).toContain('<title>demo</title>');
    expect((await fetch(server.url + '/vendor/app.js')).status).toBe(200);
    const missing = await server.json<Problem>('/api/v1/unknown');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
  });

  it('allows configured origins only, including preflight', async () => {
    const allowed = await server.api('/api/v1/me', { headers: { origin: 'https://intranet.example.org' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://intranet.example.org');
    const other = await server.api('/api/v1/me', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(server.url + '/api/v1/spaces/general/posts', {
      method: 'OPTIONS',
      headers: { origin: 'https://intranet.example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
  });
});

describe('jwt auth with a JWKS', () => {
  let jwksServer: Server;
  let server: TestServer;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const address = jwksServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('1h').sign(privateKey);
    server = await startTestServer({
      auth: { mode: 'jwt', jwksUrl: `http://127.0.0.1:${port}/jwks.json`, audience: 'ecotone' },
      now: () => new Date(),
    });
  });
  afterAll(async () => {
    await server.close();
    jwksServer.closeAllConnections();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('accepts a token signed by a key of the set, with the right audience', async () => {
    const { status, body } = await server.json<Me>('/api/v1/me', { token: await sign({ sub: 'hannah', aud: 'ecotone' }) });
    expect(status).toBe(200);
    expect(body.actor.id).toBe('hannah');
    const wrongAudience = await server.json<Problem>('/api/v1/me', { token: await sign({ sub: 'hannah', aud: 'other' }) });
    expect(wrongAudience.body.code).toBe('invalid_token');
  });
});
