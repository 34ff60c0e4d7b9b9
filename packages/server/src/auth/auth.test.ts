import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Me, Problem } from '@ecotone/protocol';
import { buildApp } from '../app.js';
import { startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

async function sign(claims: Record<string, unknown>, options: { exp?: Date; secret?: string; iss?: string } = {}) {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(TEST_NOW.getTime() / 1000) - 60)
    .setExpirationTime(options.exp ?? new Date(TEST_NOW.getTime() + 3_600_000));
  if (options.iss) jwt = jwt.setIssuer(options.iss);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('jwt auth (HS256)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET, issuer: 'https://idp.example.org' } });
  });
  afterAll(() => server.close());

  it('accepts a valid token for a known actor', async () => {
    const token = await sign({ sub: 'priya' }, { iss: 'https://idp.example.org' });
    const { status, body } = await server.json<Me>('/api/v1/me', { token });
    expect(status).toBe(200);
    expect(body.actor.id).toBe('priya');
  });

  it('provisions an unknown subject from its claims', async () => {
    const token = await sign(
      { sub: 'zoe', name: 'Zoé Martin', locale: 'fr-FR', site: 'Lyon' },
      { iss: 'https://idp.example.org' },
    );
    const { status, body } = await server.json<Me>('/api/v1/me', { token });
    expect(status).toBe(200);
    expect(body.actor).toEqual({ id: 'zoe', displayName: 'Zoé Martin', locale: 'fr', site: 'Lyon' });
    expect(body.memberships).toEqual([]);
  });

  it('refuses expired, wrongly signed or wrong-issuer tokens, and dev tokens', async () => {
    const expired = await sign({ sub: 'priya' }, { iss: 'https://idp.example.org', exp: new Date(TEST_NOW.getTime() - 3_600_000) });
    const forged = await sign({ sub: 'priya' }, { iss: 'https://idp.example.org', secret: 'another-secret-another-secret-1234' });
    const otherIssuer = await sign({ sub: 'priya' }, { iss: 'https://evil.example.org' });
    for (const token of [expired, forged, otherIssuer, 'dev:priya']) {
      const { status, body } = await server.json<Problem>('/api/v1/me', { token });
      expect(status).toBe(401);
      expect(body.code).toBe('invalid_token');
    }
  });

  it('has no dev routes', async () => {
    expect((await server.json('/api/v1/dev/actors', { as: null })).status).toBe(404);
  });
});

describe('dev auth', () => {
  const previous = process.env['NODE_ENV'];
  afterEach(() => {
    process.env['NODE_ENV'] = previous;
  });

  it('refuses to start under NODE_ENV=production', async () => {
    process.env['NODE_ENV'] = 'production';
    await expect(buildApp({ db: ':memory:', auth: { mode: 'dev' } })).rejects.toThrow(/NODE_ENV=production/);
  });

  it('refuses a jwt config without a key source', async () => {
    await expect(buildApp({ db: ':memory:', auth: { mode: 'jwt' } })).rejects.toThrow(/secret|JWKS/);
  });
});
