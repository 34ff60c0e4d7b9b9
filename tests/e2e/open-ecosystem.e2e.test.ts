/**
 * The open ecosystem's group news: one post written in French with a German
 * variant, read by a French, a German and an English reader. Each sees their
 * language (the English reader, the French source as fallback) and can switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 10_000;
const FRENCH = 'Le nouveau parking du site de Lyon ouvre lundi.';
const GERMAN = 'Der neue Parkplatz am Standort Lyon öffnet am Montag.';

let server: RunningServer;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Hannah, a correspondent, writes in French and adds a German variant.
  const res = await fetch(`${server.baseUrl}/api/v1/spaces/announcements/posts`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev:hannah', 'content-type': 'application/json' },
    body: JSON.stringify({ body: FRENCH, locale: 'fr', variants: [{ locale: 'de', body: GERMAN }] }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function readerPage(user: string, lang: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  await page.goto(`${server.baseUrl}/open-ecosystem/?user=${user}&lang=${lang}`);
  await firstPost(page).waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

// The first post of the list (pinned announcements come before it, in their own section).
const firstPost = (page: Page) => page.locator('#announcements [part="list"] eco-post').first();
const body = (page: Page) => firstPost(page).locator('[part="body"]');

describe('a post in several languages', () => {
  it('shows each reader their language, or the source, and lets them switch', async () => {
    const amelie = await readerPage('amelie', 'fr');
    const lukas = await readerPage('lukas', 'de');
    const priya = await readerPage('priya', 'en');

    await expect.poll(() => body(amelie).textContent(), { timeout: UI_TIMEOUT_MS }).toContain(FRENCH);
    expect(await body(amelie).getAttribute('lang')).toBe('fr');
    await expect.poll(() => body(lukas).textContent(), { timeout: UI_TIMEOUT_MS }).toContain(GERMAN);
    expect(await body(lukas).getAttribute('lang')).toBe('de');
    // No English variant: the English reader gets the French source.
    await expect.poll(() => body(priya).textContent(), { timeout: UI_TIMEOUT_MS }).toContain(FRENCH);

    // The switch, in each reader's UI language, names the original.
    const switchOf = (page: Page) => firstPost(page).getByRole('group');
    await switchOf(lukas).getByRole('button', { name: /Original/ }).click();
    await expect.poll(() => body(lukas).textContent()).toContain(FRENCH);
    expect(await body(lukas).getAttribute('lang')).toBe('fr');
    await switchOf(priya).getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => body(priya).textContent()).toContain(GERMAN);
    expect(await switchOf(priya).getByRole('button', { name: 'Deutsch' }).getAttribute('aria-pressed')).toBe('true');
    // Switching back by keyboard.
    await switchOf(amelie).getByRole('button', { name: 'Deutsch' }).focus();
    await amelie.keyboard.press('Enter');
    await expect.poll(() => body(amelie).textContent()).toContain(GERMAN);
  });

  // Colour contrast only: axe's heading-order also flags the survey's result
  // titles (<h3>) in a post under this page's <h1>, a matter of its own.
  it('keeps axe\'s colour contrast with the system light, and dark: the page and the elements turn dark together', async () => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(`${server.baseUrl}/open-ecosystem/?user=priya&lang=en`);
    await firstPost(page).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('#site-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('eco-spaces [part="space"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await axeViolations(page, ['color-contrast'])).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background('body')).toBe('rgb(1, 4, 9)');
    expect(await background('#announcements eco-post')).toBe('rgb(13, 17, 23)');
    expect(await axeViolations(page, ['color-contrast'])).toEqual([]);
  });

  it('reports no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
