/**
 * The demo's talk-show on the open-ecosystem page, in three real browsers
 * over one real server: Thomas asks a question, Camille sees it arrive
 * without a reload and up-votes it, Thomas sees the vote, and Amélie, one of
 * the hosts, marks it answered: it moves to the answered section for Thomas.
 * Then Thomas schedules a talk-show of his own in the page's composer, and
 * it appears in the site's feed with its session and question queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, liveConnected, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 10_000;
const QUESTION = 'Will the Lyon labs get the new sequencers next year?';

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

const queue = (p: Page): Locator => p.locator('#talk-show eco-talk-show-questions');
const question = (p: Page, text: string): Locator => queue(p).locator('[part="question"]').filter({ hasText: text });

async function page(user: string): Promise<Page> {
  const p = await watchedPage(browser, consoleErrors, user);
  await p.goto(`${server.baseUrl}/open-ecosystem/?user=${user}&lang=en`);
  // The seeded question with most votes, once the queue has loaded.
  await question(p, 'hybrid work agreement').waitFor({ timeout: UI_TIMEOUT_MS });
  await liveConnected(p, UI_TIMEOUT_MS);
  return p;
}

describe('a talk-show’s question queue', () => {
  it('shows the session, then a question asked by one reader reaches the others live, takes their vote, and a host answers it', async () => {
    const thomas = await page('thomas');
    const camille = await page('camille');
    const amelie = await page('amelie');

    const session = thomas.locator('#talk-show [part="talk-show"] [part="base"]');
    expect(await session.textContent()).toContain('Ask the CSO');
    expect(await session.textContent()).toContain('Hosted by Amélie Durand and Priya Raman');
    expect(await thomas.locator('#talk-show [part~="talk-show-state"]').textContent()).toBe('Upcoming');

    await queue(thomas).locator('textarea').fill(QUESTION);
    await queue(thomas).getByRole('button', { name: 'Ask', exact: true }).click();
    await question(thomas, QUESTION).waitFor({ timeout: UI_TIMEOUT_MS });

    // Camille sees it without a reload, and up-votes it.
    const vote = question(camille, QUESTION).locator('[part="vote"]');
    await vote.waitFor({ timeout: UI_TIMEOUT_MS });
    await vote.click();
    await expect.poll(() => vote.getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    // Thomas sees the count move.
    await expect
      .poll(() => question(thomas, QUESTION).locator('[part="vote"]').getAttribute('aria-label'), { timeout: UI_TIMEOUT_MS })
      .toBe('Up-vote this question, 1 vote');
    // Only the hosts (and the space's owners and correspondents) moderate.
    expect(await question(camille, QUESTION).locator('[part="action"]').count()).toBe(0);

    // Amélie, a host, marks it answered: for Thomas it moves to the answered section.
    await question(amelie, QUESTION).getByRole('button', { name: 'Mark answered' }).click();
    await expect.poll(() => queue(thomas).locator('ol.answered').textContent(), { timeout: UI_TIMEOUT_MS }).toContain(QUESTION);
  });

  it('schedules a talk-show in the composer: it appears in the feed with its session and its question queue', async () => {
    const title = `Lyon lab move, open questions ${Date.now()}`;
    const thomas = await watchedPage(browser, consoleErrors, 'thomas');
    await thomas.goto(`${server.baseUrl}/open-ecosystem/?user=thomas&lang=en`);
    const composer = thomas.locator('#composer');
    // Thomas is a correspondent of lyon-site: he may publish announcements, until the post is a talk-show.
    await composer.locator('[part="kind"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await composer.locator('textarea').first().fill('Bring your questions about the move of the Lyon lab.');
    await composer.getByRole('button', { name: 'Schedule a talk-show' }).click();
    const editor = composer.locator('eco-talk-show-editor');
    await editor.locator('#title').fill(title);
    await expect.poll(() => editor.locator('[part="host"]').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([expect.stringContaining('Thomas Moreau')]);
    expect(await composer.locator('[part="kind"]').count()).toBe(0);
    // Two days from now, in the browser's own time zone, as a datetime-local value.
    const start = new Date(Date.now() + 2 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await editor.locator('#start').fill(`${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T10:00`);
    await editor.locator('#duration').fill('45');
    await composer.locator('[part="publish"]').click();

    const post = thomas.locator('#site-feed eco-post').filter({ hasText: title });
    await post.locator('eco-talk-show-questions textarea').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await post.locator('[part~="talk-show-state"]').textContent()).toBe('Upcoming');
    const session = await post.locator('[part="talk-show"] [part="base"]').textContent();
    expect(session).toContain(title);
    expect(session).toContain('Hosted by Thomas Moreau');
    await expect.poll(() => composer.locator('eco-talk-show-editor').count(), { timeout: 30_000 }).toBe(0);
  });

  it('reports no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
