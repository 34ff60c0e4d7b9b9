/**
 * A pinned announcement that asks readers to confirm, in two real browsers
 * over one real server: Sophie (Basel) confirms from the keyboard, and
 * Amélie, who owns the space, sees the count and the Basel row of the
 * readers by site move without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 10_000;

let server: RunningServer;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function page(user: string): Promise<Page> {
  const p = await watchedPage(browser, consoleErrors, user);
  await p.goto(`${server.baseUrl}/open-ecosystem/?user=${user}&lang=en`);
  await safetyWeek(p).waitFor({ timeout: UI_TIMEOUT_MS });
  return p;
}

/** The safety week announcement, in the pinned section above the announcements feed. */
const safetyWeek = (p: Page): Locator =>
  p.locator('#announcements [part="pinned"] eco-post').filter({ hasText: 'Safety week starts on Monday' });

const basel = (p: Page) => safetyWeek(p).locator('[part="readers"] dl > div').filter({ has: p.locator('dt', { hasText: /^Basel$/ }) }).locator('dd');

describe('a pinned announcement to confirm', () => {
  it("a reader's confirmation reaches the owner's count and readers by site live", async () => {
    const amelie = await page('amelie');
    const sophie = await page('sophie');

    // The owner opens the readers by site.
    const toggle = safetyWeek(amelie).locator('[part="readers-toggle"]');
    await expect.poll(() => toggle.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Read by 5 people');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => basel(amelie).textContent(), { timeout: UI_TIMEOUT_MS }).toBe('2');

    // Sophie confirms from the keyboard.
    const ack = safetyWeek(sophie).getByRole('button', { name: 'I have read this' });
    await ack.focus();
    await sophie.keyboard.press('Space');
    await expect
      .poll(() => safetyWeek(sophie).locator('[part="acknowledge"]').getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS })
      .toBe('true');
    expect(await safetyWeek(sophie).locator('[part="acknowledge"]').textContent()).toContain('You have read this');

    // Amélie's view follows without a reload.
    await expect.poll(() => toggle.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Read by 6 people');
    await expect.poll(() => basel(amelie).textContent(), { timeout: UI_TIMEOUT_MS }).toBe('3');
  });

  it('reports no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
