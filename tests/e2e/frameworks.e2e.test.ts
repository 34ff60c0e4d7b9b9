/**
 * The framework examples end to end: the React, Vue and Angular apps as
 * `npm run build` makes them (dist/examples/<app>, each built by its own
 * tool), served by the real server at /react/, /vue/ and /angular/ as
 * `npm start` does, in Chromium. In each app the elements render the demo
 * news post, a like reaches the server (it is still there after a reload),
 * the app's own handler of the elements' events updates what the framework
 * renders, and the app's language switch changes the elements' language.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const UI_TIMEOUT_MS = 15_000;
/** Each app with a demo user of its own, so that their likes do not meet. */
const APPS = [
  { name: 'react', user: 'amelie' },
  { name: 'vue', user: 'oliver' },
  { name: 'angular', user: 'hannah' },
] as const;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The built apps, each under its own path, beside the plain examples.
  server = await startServer(APPS.flatMap(({ name }) => ['--serve-dir', `/${name}=${join(ROOT, 'dist/examples', name)}`]));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const likeButton = (page: Page) => page.locator('eco-post eco-like-button[kind="like"] button');
const likeCount = async (page: Page) => {
  const count = page.locator('eco-post eco-like-button[kind="like"] [part="count"]');
  return (await count.count()) === 0 ? 0 : Number((await count.textContent())?.trim());
};
const activity = (page: Page) => page.locator('#activity');

/** Opens an app and waits for the news post to be rendered by the elements. */
async function open(page: Page, app: string, user: string): Promise<void> {
  await page.goto(`${server.baseUrl}/${app}/?user=${user}&lang=en`);
  await page.locator('eco-post [part="body"]', { hasText: 'Basel opens its new cell-therapy lab' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await likeButton(page).waitFor({ timeout: UI_TIMEOUT_MS });
}

describe.each(APPS)('the $name example', ({ name, user }) => {
  it('renders the elements with data, and a like goes to the server and to the app', async () => {
    const errors: string[] = [];
    const page = await watchedPage(browser, errors, name);
    await open(page, name, user);
    await expect.poll(() => activity(page).textContent()).toContain('No reaction yet.');

    const wasPressed = (await likeButton(page).getAttribute('aria-pressed')) === 'true';
    const before = await likeCount(page);
    await likeButton(page).click();

    const nowPressed = String(!wasPressed);
    const after = wasPressed ? before - 1 : before + 1;
    await expect.poll(() => likeButton(page).getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe(nowPressed);
    await expect.poll(() => likeCount(page), { timeout: UI_TIMEOUT_MS }).toBe(after);
    // The app's handler of eco-reaction-change, rendered by the framework.
    await expect
      .poll(() => activity(page).textContent(), { timeout: UI_TIMEOUT_MS })
      .toContain(wasPressed ? 'You removed “like”.' : 'You added “like”.');

    // The server kept it: a fresh load shows the same state.
    await page.reload();
    await likeButton(page).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => likeButton(page).getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe(nowPressed);
    await expect.poll(() => likeCount(page), { timeout: UI_TIMEOUT_MS }).toBe(after);
    // A new page: the framework's state starts over.
    await expect.poll(() => activity(page).textContent()).toContain('No reaction yet.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('counts a post published in the composer through the eco-publish event', async () => {
    const errors: string[] = [];
    const page = await watchedPage(browser, errors, name);
    await open(page, name, user);
    await expect.poll(() => activity(page).textContent()).toContain('0 posts published.');

    await page.locator('eco-composer textarea').fill(`Posted from the ${name} example ${Date.now()}`);
    await page.locator('eco-composer textarea').press('Control+Enter');

    await expect.poll(() => activity(page).textContent(), { timeout: UI_TIMEOUT_MS }).toContain('1 post published.');
    await expect.poll(() => page.locator('eco-composer textarea').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches the elements and the app to French, then German', async () => {
    const errors: string[] = [];
    const page = await watchedPage(browser, errors, name);
    await open(page, name, user);
    const publish = page.locator('eco-composer button[type="submit"]');
    await expect.poll(() => publish.textContent()).toContain('Publish');

    await page.selectOption('#language', 'fr');
    await expect.poll(() => publish.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Publier');
    // The post shows its French version, and the app its French text.
    await page.locator('eco-post [part="body"]', { hasText: 'Bâle ouvre son nouveau laboratoire' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => activity(page).textContent()).toContain('Aucune réaction pour l’instant.');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');

    await page.selectOption('#language', 'de');
    await expect.poll(() => publish.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Veröffentlichen');
    await page.locator('eco-post [part="body"]', { hasText: 'Basel eröffnet sein neues Labor' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => activity(page).textContent()).toContain('Noch keine Reaktion.');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
