/**
 * A page of another origin (a CMS on another port) embeds the SDK and the
 * elements from the Ecotone server, as an intranet team does: one module
 * script from the server's origin, under the strict Content-Security-Policy
 * documented in docs/getting-started.md (only the server's origin added).
 * The server trusts that origin (`--cors-origin`): the elements render, a
 * like works and reaches another reader live, and a page script uses
 * `createClient` from the same module. A page of an origin the server does
 * not trust gets no element at all.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;
const NEWS = 'news-basel-lab';

/** The host page: the SDK and a page script from the server's origin, nothing else. */
function hostPage(server: string, user: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Intranet CMS</title>
  <script type="module" src="${server}/sdk/ecotone.js"></script>
</head>
<body>
  <main>
    <h1>Group news</h1>
    <eco-provider endpoint="${server}" token="dev:${user}" lang="en">
      <eco-like-button id="like" object="${NEWS}" kind="like"></eco-like-button>
      <eco-feed space="general"></eco-feed>
    </eco-provider>
    <output id="me"></output>
  </main>
  <script type="module" nonce="${nonce}">
    import { createClient } from '${server}/sdk/ecotone.js';
    const client = createClient({ baseUrl: '${server}', token: 'dev:${user}' });
    client.me().then((me) => { document.getElementById('me').textContent = me.actor.displayName; });
  </script>
</body>
</html>`;
}

/**
 * A CMS on a port of its own: each page gets a fresh nonce and the
 * documented policy. `serverOrigin` is asked per request (the server is
 * started after the host, to be told the host's origin).
 */
async function startHost(origin: () => string): Promise<{ origin: string; close: () => Promise<void> }> {
  const host: Server = createServer((req, res) => {
    const serverOrigin = origin();
    const user = new URL(req.url ?? '/', 'http://host').searchParams.get('user') ?? 'priya';
    const nonce = randomBytes(16).toString('base64');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'self'",
        `script-src 'self' ${serverOrigin} 'nonce-${nonce}'`,
        `connect-src 'self' ${serverOrigin}`,
        `img-src 'self' ${serverOrigin} data:`,
        "style-src 'self'",
        "require-trusted-types-for 'script'",
        'trusted-types lit-html',
      ].join('; '),
    });
    res.end(hostPage(serverOrigin, user, nonce));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const address = host.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => host.close(() => resolve())) };
}

let server: RunningServer;
let trusted: Awaited<ReturnType<typeof startHost>>;
let untrusted: Awaited<ReturnType<typeof startHost>>;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  // The hosts first: the server is told which origin to trust.
  const serverOrigin = () => new URL(server.baseUrl).origin;
  trusted = await startHost(serverOrigin);
  untrusted = await startHost(serverOrigin);
  server = await startServer(['--cors-origin', trusted.origin]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await trusted?.close();
  await untrusted?.close();
  await server?.stop();
});

async function open(origin: string, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => problems.push(`${user}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${user}: ${msg.text()}`);
  });
  await page.goto(`${origin}/?user=${user}`);
  return page;
}

describe('embedding from another origin', () => {
  it('renders the elements, likes live across readers, and gives page scripts createClient', async () => {
    const amelie = await open(trusted.origin, 'amelie');
    const oliver = await open(trusted.origin, 'oliver');
    for (const page of [amelie, oliver]) await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => amelie.locator('#me').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Amélie Durand');

    const count = async (page: Page) => Number((await page.locator('#like [part="count"]').textContent())?.trim());
    await expect.poll(() => count(oliver), { timeout: UI_TIMEOUT_MS }).toBeGreaterThanOrEqual(0);
    const before = await count(oliver);
    await expect.poll(() => amelie.locator('#like button').getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe('false');
    await amelie.locator('#like button').click();
    await expect.poll(() => amelie.locator('#like button').getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    // Oliver's page learns it from its live stream, across origins.
    await expect.poll(() => count(oliver), { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    expect(problems).toEqual([]);
  });

  it('serves the SDK with CORS for the trusted origin only, and a resource policy that lets it embed', async () => {
    const sdk = `${server.baseUrl}/sdk/ecotone.js`;
    const forTrusted = await fetch(sdk, { headers: { origin: trusted.origin } });
    expect(forTrusted.headers.get('access-control-allow-origin')).toBe(trusted.origin);
    expect(forTrusted.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const forOther = await fetch(sdk, { headers: { origin: untrusted.origin } });
    expect(forOther.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('defines no element on a page of an origin the server does not trust', async () => {
    const page = await open(untrusted.origin, 'priya');
    // The module script is refused (no CORS header for this origin): the elements stay undefined.
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => customElements.get('eco-feed') === undefined)).toBe(true);
    expect(await page.locator('#me').textContent()).toBe('');
  });
});
