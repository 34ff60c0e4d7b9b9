/**
 * Link previews end to end: the server (egress allow-listed to a loopback
 * fixture site only) previews the first link of a new post, and the card
 * arrives live in the author's and another reader's feed. The readers'
 * browsers never contact the linked site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';
import { startFixtureSite, type FixtureSite } from './_fixture-site.js';

const LIVE_UPDATE_TIMEOUT_MS = 10_000;

let site: FixtureSite;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const browserRequestsToSite: string[] = [];

async function openAs(user: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('request', (req) => {
    if (req.url().startsWith(site.origin)) browserRequestsToSite.push(req.url());
  });
  await page.goto(`${server.baseUrl}/intranet/?user=${user}&lang=en`);
  await page.locator('eco-feed eco-post').first().waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
  return page;
}

beforeAll(async () => {
  site = await startFixtureSite();
  server = await startServer(['--egress', 'allowlist', '--egress-allow', '127.0.0.1/32']);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await site?.close();
});

describe('link cards', () => {
  it('a published link gets its card live, for the author and for another reader', async () => {
    const camille = await openAs('camille');
    const oliver = await openAs('oliver');
    const url = `${site.origin}/articles/quantum-sensors`;

    await camille.locator('eco-composer textarea').fill(`Worth reading for the watch list: ${url}`);
    await camille.locator('eco-composer textarea').press('Control+Enter');

    const cardLink = (page: Page) =>
      page.locator('eco-feed eco-post').first().getByRole('link', { name: /Quantum sensors leave the lab/ });
    await cardLink(camille).waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    expect(await cardLink(camille).getAttribute('href')).toBe(url);

    await oliver.locator('eco-feed button', { hasText: /1 new post/ }).click({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await cardLink(oliver).waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });

    // The image is served from our own origin, never from the linked site.
    const img = oliver.locator('eco-feed eco-post').first().locator('eco-link-card img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    const src = await img.evaluate((el: HTMLImageElement) => el.src);
    expect(src.startsWith(server.baseUrl)).toBe(true);
    expect(browserRequestsToSite).toEqual([]);
    // The server fetched the page and its image, once each.
    expect(site.hits.filter((h) => h === '/articles/quantum-sensors')).toHaveLength(1);
    expect(site.hits.filter((h) => h === '/images/sensor.png')).toHaveLength(1);
  });
});
