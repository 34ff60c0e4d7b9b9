/**
 * The documentation site: `npm run docs` builds it (here into a folder of the
 * test's own) and the real server serves it at /docs/ beside the examples:
 * the guides, a page per element of custom-elements.json, the API reference.
 * In Chromium its pages load nothing from another origin and break none of
 * their Content-Security-Policy (no inline script anywhere).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** The build runs typedoc over core and protocol: tens of seconds, more on a busy machine. */
const DOCS_BUILD_TIMEOUT_MS = 300_000;

interface Element {
  tagName: string;
  summary: string;
}

let out: string;
let server: RunningServer;
let browser: Browser;
let elements: Element[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'ecotone-docs-e2e-'));
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-docs.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/elements/custom-elements.json'), 'utf8')) as {
    modules: { declarations?: (Element & { customElement?: boolean })[] }[];
  };
  elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  // The harness serves the examples at / first: /docs/ must still come from the docs.
  server = await startServer(['--serve-dir', `/docs=${out}`], { seed: false });
  browser = await launchBrowser();
}, DOCS_BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** What a reader sees of some HTML: its text, tags dropped and entities decoded. */
function plainText(html: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return html.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]!).replace(/\s+/g, ' ');
}

async function text(path: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}${path}`);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
  return res.text();
}

describe('documentation site at /docs/', () => {
  it('serves the guides, with links between them turned into pages', async () => {
    const home = await text('/docs/');
    expect(home).toContain('<h1 id="ecotone">Ecotone</h1>');
    expect(home).toContain('href="security.html#development-sign-in"');
    expect(home).not.toMatch(/href="[^"]*\.md[#"]/);
    const contributing = await text('/docs/contributing.html');
    expect(contributing).toContain('npm run docs');
    expect(contributing).toContain('href="architecture.html#server-layout"');
  });

  it('has a page per element of custom-elements.json, with its summary, and an index of them', async () => {
    expect(elements.map((e) => e.tagName)).toContain('eco-feed');
    const index = await text('/docs/elements/');
    for (const element of elements) {
      expect(index).toContain(`href="${element.tagName}.html"`);
      const page = await text(`/docs/elements/${element.tagName}.html`);
      expect(page).toContain(`<h1><code>&lt;${element.tagName}&gt;</code></h1>`);
      // The summary's first words, as a reader sees them (Markdown in it is rendered).
      const words = element.summary.split(/[`*<]/)[0]!.replace(/\s+/g, ' ').trim().slice(0, 30);
      expect(words.length).toBeGreaterThan(10);
      expect(plainText(page)).toContain(words);
    }
    const feed = await text('/docs/elements/eco-feed.html');
    for (const expected of ['manual-load', 'eco-load-more', 'EcoLoadMoreDetail', '::part(new-posts)', '--eco-feed-gap', '@ecotone/elements/feed.js']) {
      expect(feed).toContain(expected);
    }
  });

  it('serves the API reference of core and protocol', async () => {
    const client = await text('/docs/api/interfaces/_ecotone_core.EcotoneClient.html');
    expect(client).toContain('spaceDirectory');
    // A wire type's page lists its fields with their comments (the type is shown as an interface).
    const post = plainText(await text('/docs/api/interfaces/_ecotone_protocol.Post.html'));
    expect(post).toContain('The locale the body was written in.');
    expect(await text('/docs/api/')).toContain('@ecotone/protocol');
  });

  it('loads only its own files in a browser and breaks none of its Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('request', (req) => {
      if (!req.url().startsWith(server.baseUrl) && !req.url().startsWith('data:')) problems.push(`request to ${req.url()}`);
    });
    for (const path of ['/docs/', '/docs/elements/eco-feed.html', '/docs/api/interfaces/_ecotone_core.EcotoneClient.html', '/docs/api/interfaces/_ecotone_protocol.Post.html']) {
      await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'load' });
      // typedoc's own script has run: it shows the page and fills the navigation.
      if (path.includes('/api/')) await page.locator('#tsd-nav-container a').first().waitFor({ state: 'attached' });
    }
    // From the API reference back to the guides, through its header link.
    await page.getByRole('link', { name: 'Guides' }).click();
    await page.waitForURL(`${server.baseUrl}/docs/index.html`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is linked from the examples index', async () => {
    const res = await fetch(`${server.baseUrl}/`);
    expect(await res.text()).toContain('href="/docs/"');
  });
});
