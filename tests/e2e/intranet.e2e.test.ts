/**
 * The intranet example end to end: the real `ecotone` server on SQLite with
 * the demo seed, the built SDK, and two Chromium contexts signed in as two
 * demo users. What one does, the other sees live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './_harness.js';

const LIVE_UPDATE_TIMEOUT_MS = 10_000;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openAs(user: string, lang = 'en', options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(`${server.baseUrl}/intranet/?user=${user}&lang=${lang}`);
  // The feed is ready when its first post is rendered.
  await page.locator('eco-feed eco-post').first().waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
  return page;
}

const newsLike = (page: Page) => page.locator('#news-like button');
const countOf = async (page: Page) => Number((await page.locator('#news-like [part="count"]').textContent())?.trim());

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('intranet example', () => {
  it('a like by one user shows up live for another', async () => {
    const amelie = await openAs('amelie');
    const oliver = await openAs('oliver');
    await expect.poll(() => countOf(oliver)).toBeGreaterThan(0);
    const before = await countOf(oliver);
    expect(await newsLike(amelie).getAttribute('aria-pressed')).toBe('false');

    await newsLike(amelie).click();

    await expect.poll(() => newsLike(amelie).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => countOf(oliver), { timeout: LIVE_UPDATE_TIMEOUT_MS }).toBe(before + 1);
    // Oliver's own button is not pressed by Amelie's like.
    expect(await newsLike(oliver).getAttribute('aria-pressed')).toBe('false');
  });

  it('a post published in the composer appears for its author and, live, for another reader', async () => {
    const thomas = await openAs('thomas');
    const priya = await openAs('priya');
    const text = `End-to-end check ${Date.now()}: the **new lab** opens on Monday.`;

    await thomas.locator('eco-composer textarea').fill(text);
    await thomas.locator('eco-composer textarea').press('Control+Enter');

    // The author sees the post at the top of the feed at once.
    await thomas
      .locator('eco-feed eco-post')
      .first()
      .getByText('End-to-end check')
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await expect.poll(() => thomas.locator('eco-composer textarea').inputValue()).toBe('');

    // Another reader gets a "1 new post" banner, then the post.
    const banner = priya.locator('eco-feed button', { hasText: /1 new post/ });
    await banner.waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await banner.click();
    await priya.locator('eco-feed eco-post').first().getByText('End-to-end check').waitFor();
    // Markdown was rendered as markup, not shown as asterisks.
    expect(await priya.locator('eco-feed eco-post').first().locator('strong').first().textContent()).toBe('new lab');
  });

  it('switches language and user', async () => {
    const page = await openAs('amelie');
    await page.selectOption('#language-switcher', 'fr');
    await expect.poll(() => page.locator('eco-composer button[type="submit"]').textContent()).toContain('Publier');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.selectOption('#language-switcher', 'de');
    await expect.poll(() => page.locator('eco-composer button[type="submit"]').textContent()).toContain('Veröffentlichen');

    // Lukas liked the news article in the demo data.
    await page.selectOption('#user-switcher', 'lukas');
    await expect.poll(() => newsLike(page).getAttribute('aria-pressed'), { timeout: LIVE_UPDATE_TIMEOUT_MS }).toBe('true');
  });

  it('two people vote on the poll of the week and each sees the other\'s vote live', async () => {
    // Neither Amélie nor Hannah voted in the demo data.
    const amelie = await openAs('amelie');
    const hannah = await openAs('hannah');
    const poll = (page: Page) => page.locator('eco-poll[poll="poll-summer-party"]');
    const votesFor = async (page: Page, option: string) => {
      const share = await poll(page).locator('li[part="result"]', { hasText: option }).locator('[part="share"]').textContent();
      return Number(/\((\d+)/.exec(share ?? '')?.[1]);
    };
    await poll(hannah).locator('li[part="result"]').first().waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    const basel = await votesFor(hannah, 'Basel');
    const lyon = await votesFor(amelie, 'Lyon');

    // Amélie votes with the keyboard-accessible radio group, then the Vote button.
    await poll(amelie).getByRole('radio', { name: 'Basel' }).check();
    await poll(amelie).getByRole('button', { name: 'Vote' }).click();
    await poll(amelie).getByText('You voted.').waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await expect.poll(() => votesFor(hannah, 'Basel'), { timeout: LIVE_UPDATE_TIMEOUT_MS }).toBe(basel + 1);

    await poll(hannah).getByRole('radio', { name: 'Lyon' }).check();
    await poll(hannah).getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => votesFor(amelie, 'Lyon'), { timeout: LIVE_UPDATE_TIMEOUT_MS }).toBe(lyon + 1);
    expect(await votesFor(amelie, 'Basel')).toBe(basel + 1);
  });

  it('passes axe, landmark-unique and colour contrast included, with the system light or dark', async () => {
    const page = await openAs('amelie', 'en', { bypassCSP: true });
    // The poll of the week alone in the side column, and again in its post in the feed.
    await page.locator('aside eco-poll li[part="result"]').first().waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await page.locator('eco-feed eco-post eco-poll li[part="result"]').first().waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    await page.locator('aside eco-survey [part="progress"]').waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    expect(await axeViolations(page)).toEqual([]);

    // This page is light only: its provider forces theme="light", so the
    // elements stay light on it when the system is dark.
    await page.emulateMedia({ colorScheme: 'dark' });
    const pollText = () => page.locator('aside eco-poll').evaluate((el) => getComputedStyle(el).color);
    expect(await pollText()).toBe('rgb(31, 35, 40)');
    expect(await axeViolations(page)).toEqual([]);
    // Without it, they would turn dark (and paint their own surface).
    await page.locator('eco-provider').evaluate((el) => el.removeAttribute('theme'));
    await expect.poll(pollText).toBe('rgb(230, 237, 243)');
  });

  it('reports no script errors in any page', async () => {
    for (const context of contexts) {
      for (const page of context.pages()) {
        expect((page as Page & { problems?: string[] }).problems ?? []).toEqual([]);
      }
    }
  });
});
