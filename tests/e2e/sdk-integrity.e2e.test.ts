/**
 * The SDK pinned with Subresource Integrity, as docs/getting-started.md
 * shows: a page of another origin loads `ecotone.js` with the hash from the
 * @ecotone/sdk package's `integrity.json`, preloads it, and gives every
 * chunk's hash in its import map, so the chunks loaded later (the feed
 * domain, the strings) are checked too. Chromium enforces the hashes: the
 * elements work with the right ones, and a page whose hash does not match
 * the file gets no element at all.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';
import { checkIntegrity } from '../../scripts/sdk-integrity.mjs';

const UI_TIMEOUT_MS = 15_000;
const ROOT = join(import.meta.dirname, '../..');
const PACKAGE_DIST = join(ROOT, 'packages/sdk/dist');
const integrity = JSON.parse(readFileSync(join(PACKAGE_DIST, 'integrity.json'), 'utf8')) as Record<string, string>;

/** A wrong but well-formed hash: the digest of something else. */
const WRONG = `sha384-${Buffer.alloc(48, 7).toString('base64')}`;

/**
 * The page; `entryHash` for ecotone.js, and `tamperedChunk` names chunks
 * (`feed` for `chunks/feed-<hash>.js`) given a wrong hash in the import map.
 */
function hostPage(server: string, nonce: string, entryHash: string, tamperedChunk: string | null): string {
  const sdk = `${server}/sdk`;
  const chunks = Object.fromEntries(
    Object.entries(integrity)
      .filter(([name]) => name.startsWith('chunks/') && name.endsWith('.js'))
      .map(([name, hash]) => [`${sdk}/${name}`, name.startsWith(`chunks/${tamperedChunk}-`) ? WRONG : hash]),
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Pinned SDK</title>
  <script type="importmap" nonce="${nonce}">${JSON.stringify({ integrity: chunks })}</script>
  <link rel="modulepreload" href="${sdk}/ecotone.js" integrity="${entryHash}" crossorigin="anonymous">
  <script type="module" src="${sdk}/ecotone.js" integrity="${entryHash}" crossorigin="anonymous"></script>
</head>
<body>
  <eco-provider endpoint="${server}" token="dev:priya" lang="fr">
    <eco-feed space="general"></eco-feed>
  </eco-provider>
</body>
</html>`;
}

let server: RunningServer;
let host: Server;
let hostOrigin = '';
let browser: Browser;

beforeAll(async () => {
  host = createServer((req, res) => {
    const nonce = randomBytes(16).toString('base64');
    const serverOrigin = new URL(server.baseUrl).origin;
    const params = new URL(req.url ?? '/', 'http://host').searchParams;
    const tampered = params.has('tampered');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'self'",
        `script-src 'self' ${serverOrigin} 'nonce-${nonce}'`,
        `connect-src 'self' ${serverOrigin}`,
        `img-src 'self' ${serverOrigin} data:`,
        "style-src 'self'",
      ].join('; '),
    });
    res.end(hostPage(serverOrigin, nonce, tampered ? WRONG : (integrity['ecotone.js'] ?? ''), params.get('tampered-chunk')));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const address = host.address();
  hostOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  server = await startServer(['--cors-origin', hostOrigin]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
  await server?.stop();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(`${hostOrigin}${path}`);
  return { page, errors };
}

describe('the SDK pinned with Subresource Integrity', () => {
  it('lists every file of the package and of the served folder with its sha384', async () => {
    expect(integrity['ecotone.js']).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    expect(Object.keys(integrity).filter((name) => name.startsWith('chunks/')).length).toBeGreaterThan(5);
    expect(await checkIntegrity(PACKAGE_DIST)).toEqual([]);
    // The folder `npm start` serves under /sdk/ holds the same files.
    expect(await checkIntegrity(join(ROOT, 'dist/sdk'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(ROOT, 'dist/sdk/integrity.json'), 'utf8'))['ecotone.js']).toBe(integrity['ecotone.js']);
  });

  it('runs the elements, lazily loaded chunks included, when every hash matches', async () => {
    const { page, errors } = await open('/');
    // A post in the feed needs the entry, the feed domain and the French strings: all chunks with their hash.
    await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(errors).toEqual([]);
  });

  it('refuses a lazily loaded chunk whose hash in the import map does not match', async () => {
    expect(Object.keys(integrity).some((name) => /^chunks\/feed-[^/]+\.js$/.test(name))).toBe(true);
    const { page, errors } = await open('/?tampered-chunk=feed');
    // The entry runs (the elements are defined), but the feed domain never loads: no post.
    await expect.poll(() => page.evaluate(() => customElements.get('eco-feed') !== undefined), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await expect.poll(() => errors.some((e) => /integrity/i.test(e)), { timeout: UI_TIMEOUT_MS }).toBe(true);
    expect(await page.locator('eco-feed eco-post').count()).toBe(0);
  });

  it('defines no element when the hash does not match the file', async () => {
    const { page, errors } = await open('/?tampered');
    await page.waitForLoadState('load');
    await expect.poll(() => errors.some((e) => /integrity/i.test(e)), { timeout: UI_TIMEOUT_MS }).toBe(true);
    expect(await page.evaluate(() => customElements.get('eco-feed') === undefined)).toBe(true);
  });
});
