/**
 * The company's single sign-on, end to end: a test identity provider on a
 * port of its own signs short-lived RS256 tokens and publishes its keys as a
 * JWKS; it also serves the intranet page, whose `<eco-provider token-url>`
 * fetches the person's token with the page's session cookie. The server
 * checks tokens against the JWKS (`--auth jwt --jwks-url`). During the test
 * the provider rotates its signing key (the JWKS then lists only the new
 * one) while tokens keep expiring: the stream ends at each token's expiry,
 * the page fetches a fresh token (signed with the new key) and resumes with
 * `Last-Event-ID`, and a post made meanwhile shows once.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 20_000;
/** Tokens live this long: several expire during the test. */
const TOKEN_LIFETIME_S = 4;

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey: privateKey as CryptoKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** The identity provider and intranet host: JWKS, a token endpoint behind a session cookie, and the page. */
async function startIdentityProvider(ecotone: () => string) {
  let key = await newKey();
  const issued: { kid: string; sub: string }[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp');
    if (url.pathname === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ keys: [key.publicJwk] }));
      return;
    }
    if (url.pathname === '/token') {
      const session = /(?:^|;\s*)session=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!session) {
        res.writeHead(401).end();
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      void new SignJWT({ name: session === 'priya' ? 'Priya Raman' : session })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setSubject(session)
        .setIssuer(origin)
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_LIFETIME_S)
        .sign(key.privateKey)
        .then((token) => {
          issued.push({ kid: key.kid, sub: session });
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ access_token: token }));
        });
      return;
    }
    // The intranet page: signing in is a session cookie, the token comes from /token.
    const user = url.searchParams.get('user') ?? 'priya';
    const server = ecotone();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `session=${user}; Path=/; HttpOnly; SameSite=Lax` });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
<script type="module" src="${server}/sdk/ecotone.js"></script></head>
<body><main><eco-provider endpoint="${server}" token-url="/token" lang="en"><eco-feed space="general"></eco-feed></eco-provider></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    issued,
    get kid() {
      return key.kid;
    },
    rotate: async () => {
      key = await newKey();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
let server: RunningServer;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  idp = await startIdentityProvider(() => server.baseUrl);
  server = await startServer(['--cors-origin', idp.origin], {
    auth: ['--auth', 'jwt', '--jwks-url', `${idp.origin}/jwks`, '--jwt-issuer', idp.origin, '--jwt-clock-skew', '0'],
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

/**
 * Lukas publishes through the API with a token from the provider's current
 * key; right after a rotation the server may answer 503 with Retry-After
 * (it fetched the key set moments ago): waited out, as the SDK's outbox does.
 */
async function post(body: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    // A token lives 4 s: a fresh one for each attempt.
    const res = await fetch(`${idp.origin}/token`, { headers: { cookie: 'session=lukas' } });
    const { access_token: token } = (await res.json()) as { access_token: string };
    const created = await fetch(`${server.baseUrl}/api/v1/spaces/general/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `sso-${body}` },
      body: JSON.stringify({ body }),
    });
    if (created.status === 503 && attempt < 3) {
      await new Promise((resolve) => setTimeout(resolve, Number(created.headers.get('retry-after') ?? '1') * 1000));
      continue;
    }
    expect(created.status).toBe(201);
    return ((await created.json()) as { id: string }).id;
  }
}

/** A post made elsewhere reaches the reader live: the feed's "new post" banner, then the post. */
async function seeLive(page: Page, text: string): Promise<void> {
  await page.locator('eco-feed button', { hasText: /new post/ }).click({ timeout: UI_TIMEOUT_MS });
  await page.locator('eco-feed eco-post', { hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('single sign-on with rotating keys and expiring tokens', () => {
  it('keeps the page live across token expiries and a key rotation, missing nothing', async () => {
    const page = await watchedPage(browser, errors, 'priya');
    await page.goto(`${idp.origin}/?user=priya`);
    await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    // The live stream is open (the person's tabs share one, set up once the server said who is signed in):
    // a post made before it connects would only show at the next refresh.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const client = (document.querySelector('eco-provider') as HTMLElement & { currentClient: { status$: { subscribe(f: (s: string) => void): unknown } } }).currentClient;
          client.status$.subscribe((status) => {
            if (status === 'connected') resolve();
          });
        }),
    );
    const firstKid = idp.kid;

    const before = `Before the rotation ${Date.now()}`;
    await post(before);
    await seeLive(page, before);

    // The provider signs with a new key from now on; the old one leaves the JWKS.
    await idp.rotate();
    // Made while the page's token (old key) expires and the stream ends.
    const during = `During the rotation ${Date.now()}`;
    await post(during);
    await seeLive(page, during);

    // Long enough for the page's tokens to have expired at least twice.
    await new Promise((resolve) => setTimeout(resolve, (TOKEN_LIFETIME_S * 2 + 1) * 1000));
    const after = `After the rotation ${Date.now()}`;
    await post(after);
    await seeLive(page, after);

    // The page took fresh tokens, signed with the new key too.
    const forPriya = idp.issued.filter((t) => t.sub === 'priya');
    expect(forPriya.some((t) => t.kid === firstKid)).toBe(true);
    expect(forPriya.some((t) => t.kid !== firstKid)).toBe(true);
    // Each post once: no gap, no duplicate across the reconnections.
    for (const text of [before, during, after]) expect(await page.locator('eco-feed eco-post', { hasText: text }).count()).toBe(1);
    // The browser logs the answers the client recovers from (a 503 while the keys refresh, a 401 before a fresh token): nothing else.
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|503)/.test(e))).toEqual([]);
  });
});
