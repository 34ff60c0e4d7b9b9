/**
 * The example pages do not move under the reader's eyes while they load: the
 * real server, the built SDK, Chromium at Lighthouse's desktop size, and every
 * layout shift the browser reports (Layout Instability API) from navigation
 * until everything the page loads has arrived. Sizes, not times: whatever the
 * machine's speed, what arrives must land in the room kept for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;
/** Lighthouse's desktop preset. */
const VIEWPORT = { width: 1350, height: 940 };
/** Cumulative layout shift that Lighthouse (and Core Web Vitals) call good is under 0.1; our target is half. */
const MAX_LAYOUT_SHIFT = 0.05;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  // Scrollbars shown, as Lighthouse's Chromium shows them: one that appears while the page loads must not move anything.
  browser = await launchBrowser({ showScrollbars: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens `path` in a fresh context and records every layout shift not caused by input, with what moved. */
async function open(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: { value: number; moved: string[] }[] };
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
        if (entry.hadRecentInput) continue;
        const moved = (entry.sources ?? []).map((s) => (s.node instanceof Element ? `${s.node.localName}#${s.node.id}.${s.node.className}` : String(s.node?.nodeName)));
        w.shifts.push({ value: entry.value, moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(server.baseUrl + path);
  return page;
}

/** The sum of every shift so far (an upper bound of Lighthouse's windowed CLS), after two more frames. */
async function layoutShift(page: Page): Promise<{ total: number; shifts: { value: number; moved: string[] }[] }> {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const shifts = (window as unknown as { shifts: { value: number; moved: string[] }[] }).shifts;
    return { total: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
  });
}

describe('layout shift while the example pages load', () => {
  it('intranet: the article, the poll, the survey, the composer and the feed arrive in the room kept for them', async () => {
    const page = await open('/intranet/');
    // The default reader (Amélie) reads French: everything is in, in her language.
    await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.side eco-poll [part="legend"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.side eco-survey [part="legend"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => page.locator('.side eco-poll [part="vote"]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Voter');
    await expect.poll(() => page.locator('#news-like [part="count"]').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/\d/);
    const { total, shifts } = await layoutShift(page);
    expect(total, JSON.stringify(shifts)).toBeLessThan(MAX_LAYOUT_SHIFT);
  });

  it('open ecosystem: the announcements, the search, the communities and the site feed do not push each other', async () => {
    const page = await open('/open-ecosystem/');
    await page.locator('#announcements eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('#site-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('eco-spaces li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('eco-post-search input').waitFor({ timeout: UI_TIMEOUT_MS });
    const { total, shifts } = await layoutShift(page);
    expect(total, JSON.stringify(shifts)).toBeLessThan(MAX_LAYOUT_SHIFT);
  });

  it('tech watch: the notes due for review arrive without moving the promote panel', async () => {
    const page = await open('/tech-watch/');
    await page.locator('#due-list li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('#promote-list li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('eco-knowledge-search [part="results"] li, eco-knowledge-search li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const { total, shifts } = await layoutShift(page);
    expect(total, JSON.stringify(shifts)).toBeLessThan(MAX_LAYOUT_SHIFT);
    // The side column (notes due, promote panel) does not move at all, not even when the page grows a scrollbar.
    expect(shifts.filter((s) => s.moved.some((m) => m.startsWith('aside#'))), JSON.stringify(shifts)).toEqual([]);
  });
});
