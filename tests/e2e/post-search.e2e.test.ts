/**
 * Post search in every language of a post, over a real server and browser:
 * a post written in German with a French variant is found by a French
 * reader typing "securite" (no accent), shown in French with the word
 * marked, and opens in the page's dialog. A German reader finds the same
 * post by its German words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 10_000;
const GERMAN = 'Die Brandschutzübung im Labor B findet am Donnerstag statt.';
const FRENCH = 'L’exercice de sécurité incendie du laboratoire B a lieu jeudi.';

let server: RunningServer;
let browser: Browser;
let postId: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.baseUrl}/api/v1/spaces/basel-site/posts`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev:lukas', 'content-type': 'application/json' },
    body: JSON.stringify({ body: GERMAN, locale: 'de', variants: [{ locale: 'fr', body: FRENCH }] }),
  });
  expect(res.status).toBe(201);
  postId = ((await res.json()) as { id: string }).id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function page(user: string, lang: string): Promise<Page> {
  const p = await watchedPage(browser, consoleErrors, user);
  await p.goto(`${server.baseUrl}/open-ecosystem/?user=${user}&lang=${lang}`);
  await p.locator('#post-search input').waitFor({ timeout: UI_TIMEOUT_MS });
  return p;
}

describe('post search', () => {
  it('finds a German post by its French variant, shows it in French, and opens it', async () => {
    const amelie = await page('amelie', 'fr');
    await amelie.locator('#post-search').getByRole('searchbox', { name: 'Rechercher des publications' }).fill('securite incendie');
    const result = amelie.locator('#post-search [part~="result"]').first();
    await expect.poll(() => result.locator('[part="excerpt"]').textContent(), { timeout: UI_TIMEOUT_MS }).toContain(FRENCH);
    expect(await result.locator('[part="excerpt"]').getAttribute('lang')).toBe('fr');
    expect(await result.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['sécurité', 'incendie']));
    // Opened from the keyboard: the post shows in the dialog, in French (the reader's language).
    await amelie.locator('#post-search').getByRole('searchbox', { name: 'Rechercher des publications' }).press('ArrowDown');
    await amelie.keyboard.press('Tab');
    await amelie.keyboard.press('Enter');
    const dialogBody = amelie.locator('#post-dialog eco-post [part="body"]');
    await expect.poll(() => dialogBody.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(FRENCH);
    expect(await amelie.locator('#dialog-post').getAttribute('post-id')).toBe(postId);
  });

  it('finds the same post by its German words for a German reader', async () => {
    const sophie = await page('sophie', 'de');
    await sophie.locator('#post-search').getByRole('searchbox', { name: 'Beiträge durchsuchen' }).fill('Brandschutzubung');
    const excerpt = sophie.locator('#post-search [part~="result"] [part="excerpt"]').first();
    await expect.poll(() => excerpt.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(GERMAN);
    expect(await excerpt.getAttribute('lang')).toBe('de');
  });

  it('reports no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
