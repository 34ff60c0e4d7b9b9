/**
 * One live connection for all the tabs of one person, in real Chromium: the
 * intranet example open twice in one browser context (one person, two
 * tabs) against the real server. Streams are counted where the browser
 * sends them (Playwright sees every request the pages make, stream
 * included): one for both tabs. A like in one tab shows in the other without
 * a reload. Closing the tab that holds the stream hands it to the other,
 * which resumes after the last event it received: a reaction another person
 * adds while the new stream is still on its way arrives all the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import { launchBrowser, liveConnected, startServer, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;
const NEWS_POST = 'news-basel-lab';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
/** Every live-stream request the tabs made, in order, with the name of the tab that made it. */
const streams: { tab: string | undefined; request: Request }[] = [];
const tabNames = new Map<Page, string>();
const problems: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext();
  context.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/events') streams.push({ tab: tabNames.get(request.frame().page()), request });
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** Opens the intranet page as Amélie in a new tab of the shared context; resolves once its live status is `connected`. */
async function openTab(name: string): Promise<Page> {
  const page = await context.newPage();
  tabNames.set(page, name);
  page.on('pageerror', (err) => problems.push(`${name}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${name}: ${msg.text()}`);
  });
  await page.goto(`${server.baseUrl}/intranet/?user=amelie&lang=en`);
  await page.locator('#news-like [part="count"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await liveConnected(page, UI_TIMEOUT_MS);
  return page;
}

const count = async (page: Page, kind: string) => Number((await page.locator(`#news-${kind} [part="count"]`).textContent())?.trim());
const pressed = (page: Page, kind: string) => page.locator(`#news-${kind} button`).getAttribute('aria-pressed');

describe('two tabs of one person', () => {
  let first: Page;
  let second: Page;

  it('share one live stream', async () => {
    first = await openTab('tab 1');
    second = await openTab('tab 2');
    // The second tab is connected through the first one's stream; it opened none.
    expect(streams.map((s) => s.tab)).toEqual(['tab 1']);
    // The status element reflects the client's state once it renders again: waited for, not read at once.
    for (const tab of [first, second]) {
      await expect.poll(() => tab.locator('eco-connection-status').getAttribute('state'), { timeout: UI_TIMEOUT_MS }).toBe('online');
    }
  });

  it('show a like given in one tab in the other, without a reload', async () => {
    const before = await count(second, 'like');
    expect(await pressed(second, 'like')).toBe('false');
    await first.locator('#news-like button').click();
    await expect.poll(() => pressed(second, 'like'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    await expect.poll(() => count(second, 'like'), { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
    await expect.poll(() => pressed(first, 'like')).toBe('true');
    expect(streams).toHaveLength(1);
  });

  it('hand the stream to the other tab when its tab closes, losing no event published meanwhile', async () => {
    // The like's own live event has reached the second tab through the first one: that is where it resumes.
    await expect.poll(() => count(second, 'like'), { timeout: UI_TIMEOUT_MS }).toBe(await count(first, 'like'));
    // The count above can come from the tab relay before the server's event: another person's reaction
    // shows in the second tab only through the stream, so once it does, the tab knows an event id.
    const insights = await count(second, 'insightful');
    const seen = await fetch(`${server.baseUrl}/api/v1/objects/${NEWS_POST}/reactions/insightful`, {
      method: 'PUT',
      headers: { authorization: 'Bearer dev:oliver' },
    });
    expect(seen.ok).toBe(true);
    await expect.poll(() => count(second, 'insightful'), { timeout: UI_TIMEOUT_MS }).toBe(insights + 1);
    const celebrations = await count(second, 'celebrate');
    // Hold the next stream on its way, so that the other person's reaction happens between the two streams.
    const held: Route[] = [];
    await context.route('**/api/v1/events**', (route) => {
      held.push(route);
    });

    await first.close();
    await expect.poll(() => held.length, { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(streams.map((s) => s.tab)).toEqual(['tab 1', 'tab 2']);
    const resumeAfter = streams[1]!.request.headers()['last-event-id'];
    expect(resumeAfter).toMatch(/^\d+$/);

    // Oliver celebrates the post while Amélie's second tab has no stream yet.
    const res = await fetch(`${server.baseUrl}/api/v1/objects/${NEWS_POST}/reactions/celebrate`, {
      method: 'PUT',
      headers: { authorization: 'Bearer dev:oliver' },
    });
    expect(res.ok).toBe(true);
    await held[0]!.continue();
    await context.unroute('**/api/v1/events**');

    await expect.poll(() => count(second, 'celebrate'), { timeout: UI_TIMEOUT_MS }).toBe(celebrations + 1);
    await liveConnected(second, UI_TIMEOUT_MS);
    expect(await pressed(second, 'celebrate')).toBe('false');
    expect(streams).toHaveLength(2);
    expect(problems).toEqual([]);
  });
});
