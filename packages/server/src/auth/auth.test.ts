import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Me, Problem } from '@ecotone/protocol';
import { buildApp, startServer } from '../app.js';
import { startTestServer, TEST_NOW, until, type TestServer } from '../_harness.js';
import { createAuthenticator, JWKS_COOLDOWN_MS, type AuthConfig } from './authenticate.js';
import { isLoopbackHost } from './dev-exposure.js';

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

const NOW_S = Math.floor(TEST_NOW.getTime() / 1000);
const HOUR_S = 3600;
const ISSUER = 'https://idp.example.org';

/** A token with exactly these claims (times in seconds from TEST_NOW; absent when not given). */
async function signClaims(
  times: { iat?: number; exp?: number; nbf?: number },
  options: { secret?: string; sub?: string } = {},
): Promise<string> {
  const claims: Record<string, unknown> = { sub: options.sub ?? 'priya', iss: ISSUER };
  for (const [claim, offsetS] of Object.entries(times)) if (offsetS !== undefined) claims[claim] = NOW_S + offsetS;
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe('jwt lifetimes, nbf and clock skew', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET, issuer: ISSUER } });
  });
  afterAll(() => server.close());

  const refusal = async (token: string) => {
    const { status, body } = await server.json<Problem>('/api/v1/me', { token });
    expect(status).toBe(401);
    expect(body.code).toBe('invalid_token');
    return body.title;
  };

  it('accepts a token that expires within the maximum age, and returns its expiry', async () => {
    const token = await signClaims({ iat: -60, exp: HOUR_S });
    expect((await server.json<Me>('/api/v1/me', { token })).status).toBe(200);
    const authenticate = createAuthenticator({ mode: 'jwt', secret: SECRET, issuer: ISSUER }, server.db, () => TEST_NOW);
    const { actor, expiresAt } = await authenticate(token);
    expect(actor.id).toBe('priya');
    expect(expiresAt).toEqual(new Date((NOW_S + HOUR_S) * 1000));
    // Up to 24 h from issue to expiry, by default.
    expect((await server.json('/api/v1/me', { token: await signClaims({ iat: -60, exp: 24 * HOUR_S - 60 }) })).status).toBe(200);
  });

  it('refuses a token without exp, saying why', async () => {
    expect(await refusal(await signClaims({ iat: -60 }))).toMatch(/no expiry/);
    expect(await refusal(await signClaims({}))).toMatch(/no expiry/);
  });

  it('refuses a 100-year token, with or without iat', async () => {
    const century = 100 * 365 * 24 * HOUR_S;
    expect(await refusal(await signClaims({ iat: -60, exp: century }))).toMatch(/lives longer/);
    expect(await refusal(await signClaims({ exp: century }))).toMatch(/lives longer/);
    // exp - iat decides, even when most of that lifetime has passed.
    expect(await refusal(await signClaims({ iat: -48 * HOUR_S, exp: HOUR_S }))).toMatch(/lives longer/);
    // Without iat, what is left of it from now decides.
    expect(await refusal(await signClaims({ exp: 25 * HOUR_S }))).toMatch(/lives longer/);
    expect((await server.json('/api/v1/me', { token: await signClaims({ exp: 23 * HOUR_S }) })).status).toBe(200);
  });

  it('honours nbf, with the clock skew', async () => {
    expect(await refusal(await signClaims({ iat: -60, nbf: 120, exp: HOUR_S }))).toMatch(/not valid yet/);
    expect((await server.json('/api/v1/me', { token: await signClaims({ iat: -60, nbf: 20, exp: HOUR_S }) })).status).toBe(200);
  });

  it('applies the clock skew to exp and to an iat in the future', async () => {
    expect((await server.json('/api/v1/me', { token: await signClaims({ iat: -HOUR_S, exp: -20 }) })).status).toBe(200);
    expect(await refusal(await signClaims({ iat: -HOUR_S, exp: -40 }))).toMatch(/expired/);
    expect((await server.json('/api/v1/me', { token: await signClaims({ iat: 20, exp: HOUR_S }) })).status).toBe(200);
    expect(await refusal(await signClaims({ iat: 300, exp: HOUR_S }))).toMatch(/issued in the future/);
  });

  it('takes a configured maximum age and clock skew', async () => {
    const config: AuthConfig = { mode: 'jwt', secret: SECRET, issuer: ISSUER, maxTokenAgeSeconds: HOUR_S, clockSkewSeconds: 0 };
    const authenticate = createAuthenticator(config, server.db, () => TEST_NOW);
    await expect(authenticate(await signClaims({ iat: -60, exp: HOUR_S }))).rejects.toThrow(/lives longer/);
    await expect(authenticate(await signClaims({ iat: -60, exp: HOUR_S - 60 }))).resolves.toMatchObject({ actor: { id: 'priya' } });
    await expect(authenticate(await signClaims({ iat: -HOUR_S, exp: -5 }))).rejects.toThrow(/expired/);
    await expect(authenticate(await signClaims({ iat: -60, nbf: 5, exp: HOUR_S }))).rejects.toThrow(/not valid yet/);
  });

  it('refuses HS256 secrets under 32 bytes at start-up', async () => {
    for (const secret of ['a', 'changeme', 'x'.repeat(31)]) {
      await expect(buildApp({ db: ':memory:', auth: { mode: 'jwt', secret } })).rejects.toThrow(/at least 32/);
    }
    const app = await buildApp({ db: ':memory:', auth: { mode: 'jwt', secret: 'x'.repeat(32) } });
    await app.close();
  });
});

describe('dev auth', () => {
  const previous = process.env['NODE_ENV'];
  afterEach(() => {
    process.env['NODE_ENV'] = previous;
  });

  it('refuses to start under NODE_ENV=production, whatever its case and spaces', async () => {
    for (const value of ['production', 'PRODUCTION', ' production', 'Production\n', '\tproduction ']) {
      process.env['NODE_ENV'] = value;
      await expect(buildApp({ db: ':memory:', auth: { mode: 'dev' } }), JSON.stringify(value)).rejects.toThrow(/NODE_ENV=production/);
    }
  });

  it('listens on loopback only, unless told loudly', async () => {
    process.env['NODE_ENV'] = 'test';
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'example.org']) {
      await expect(startServer({ db: ':memory:', auth: { mode: 'dev' }, port: 0, host }), host).rejects.toThrow(
        /Refusing to listen .*--insecure-dev-auth-on-network/,
      );
    }
    for (const options of [{ host: '127.0.0.1' }, {}, { host: '0.0.0.0', insecureDevAuthOnNetwork: true }]) {
      const { app, url } = await startServer({ db: ':memory:', auth: { mode: 'dev' }, port: 0, ...options });
      try {
        const res = await fetch(`${url.replace('0.0.0.0', '127.0.0.1')}/api/v1/me`, { headers: { authorization: 'Bearer dev:nobody' } });
        expect(res.status).toBe(401);
      } finally {
        await app.close();
      }
    }
    // Any address is fine for real authentication.
    const { app } = await startServer({ db: ':memory:', auth: { mode: 'jwt', secret: SECRET }, port: 0, host: '0.0.0.0' });
    await app.close();
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost', 'LocalHost', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'fe80::1', '', 'localhost.example.org', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a jwt config without a key source', async () => {
    await expect(buildApp({ db: ':memory:', auth: { mode: 'jwt' } })).rejects.toThrow(/secret|JWKS/);
  });
});

describe('keys from a JWKS, rotated', () => {
  let jwksServer: import('node:http').Server;
  let keys: { kid: string; privateKey: CryptoKey; jwk: Record<string, unknown> }[] = [];
  let server: TestServer;
  const newKey = async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `k${keys.length + 1}-${Date.now()}`;
    return { kid, privateKey: privateKey as CryptoKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  };
  const tokenWith = (key: { kid: string; privateKey: CryptoKey }) =>
    new SignJWT({ sub: 'priya' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 10)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
      .sign(key.privateKey);

  beforeAll(async () => {
    const { createServer } = await import('node:http');
    keys = [await newKey()];
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const address = jwksServer.address() as import('node:net').AddressInfo;
    // The real clock: the key set's cooldown is jose's, in real time.
    server = await startTestServer({ auth: { mode: 'jwt', jwksUrl: `http://127.0.0.1:${address.port}/jwks` }, now: () => new Date() });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  it('answers 503 with Retry-After for a new key seen right after the set was fetched, then accepts it', async () => {
    const first = keys[0]!;
    expect((await server.api('/api/v1/me', { token: await tokenWith(first) })).status).toBe(200);
    // The provider rotates: a new key, the old one gone.
    const next = await newKey();
    keys = [next];
    const refreshing = await server.json<{ code: string }>('/api/v1/me', { token: await tokenWith(next) });
    expect(refreshing.status).toBe(503);
    expect(refreshing.body.code).toBe('unavailable');
    expect(refreshing.res.headers.get('retry-after')).toBe(String(JWKS_COOLDOWN_MS / 1000));
    // Once the cooldown has passed, the set is fetched again and the new key accepted.
    await until(async () => (await server.api('/api/v1/me', { token: await tokenWith(next) })).status === 200, 'the new key accepted', 20_000);
    // A token of the key that left the set: 503 while the set was just fetched, then refused for what it is.
    await until(async () => (await server.api('/api/v1/me', { token: await tokenWith(first) })).status === 401, 'the old key refused', 20_000);
  });
});
