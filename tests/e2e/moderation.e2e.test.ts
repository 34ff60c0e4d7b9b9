/**
 * Moderation in the browser (issue 18): Thomas publishes in General;
 * Camille, a member, reports it from its Report button; Amélie, who owns
 * General, sees it arrive in her `<eco-moderation>` queue live, hides it
 * with a reason; Lukas, a third person with General's feed open, sees the
 * post leave his feed live. Thomas still reads it, marked with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Post } from '@ecotone/protocol';
import { axeViolations, launchBrowser, liveConnected, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;
const BODY = 'Moderation e2e: cheap watches, only today, write to me.';
const REASON = 'Advertising is not allowed in General';

let server: RunningServer;
let browser: Browser;
let post: Post;
const consoleErrors: string[] = [];

const api = (user: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.baseUrl}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer dev:${user}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await api('thomas', '/spaces/general/posts', { method: 'POST', body: JSON.stringify({ body: BODY, locale: 'en' }) });
  expect(res.status).toBe(201);
  post = (await res.json()) as Post;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openModeration(user: string): Promise<Page> {
  const page = await watchedPage(browser, consoleErrors, user);
  await page.goto(`${server.baseUrl}/moderation/?user=${user}&lang=en`);
  // The elements are defined once the SDK has loaded, with the provider's client.
  await page.locator('eco-moderation [part="title"]').waitFor({ timeout: UI_TIMEOUT_MS });
  await liveConnected(page, UI_TIMEOUT_MS);
  return page;
}

describe('moderation', () => {
  it('a member reports, the owner’s queue updates live, the owner hides, the post leaves a third person’s feed live', async () => {
    const owner = await openModeration('amelie');
    const queue = owner.locator('eco-moderation');
    await queue.locator('[part="empty"], [part="item"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await queue.locator('[part="item"]', { hasText: BODY }).count()).toBe(0);

    const third = await openModeration('lukas');
    const thirdsPost = third.locator('eco-feed eco-post', { hasText: BODY });
    await thirdsPost.waitFor({ timeout: UI_TIMEOUT_MS });

    // Camille reports it, from the post itself.
    const member = await openModeration('camille');
    const membersPost = member.locator('eco-feed eco-post', { hasText: BODY });
    await membersPost.waitFor({ timeout: UI_TIMEOUT_MS });
    await membersPost.locator('[part="report"]').click();
    const dialog = member.locator('eco-report-dialog dialog');
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    await dialog.getByLabel('Spam or advertising').check();
    await dialog.getByLabel('Anything to add? (optional, for the owners only)').fill('Third time this week');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.locator('[part="sent"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await dialog.locator('[part="sent"]').textContent()).toContain('Thank you');
    // Her queue says she does not own the space.
    expect(await member.locator('eco-moderation [part="forbidden"]').count()).toBe(1);

    // Amélie's queue shows it without a reload: what, who, why, how many.
    const item = queue.locator('[part="item"]', { hasText: BODY });
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    const itemText = (await item.textContent())!.replace(/\s+/g, ' ');
    expect(itemText).toContain('Post · by Thomas Moreau');
    expect(itemText).toContain('1 report');
    expect(itemText).toContain('Spam or advertising: 1');
    expect(itemText).toContain('Third time this week');

    // She hides it, with a reason.
    await item.locator('[part="hide"]').click();
    await item.getByLabel('Reason shown to the author').fill(REASON);
    await item.getByRole('button', { name: 'Hide it' }).click();
    await expect
      .poll(async () => (await item.locator('[part="state"]').textContent())?.trim(), { timeout: UI_TIMEOUT_MS })
      .toBe(`Hidden: ${REASON}`);

    // Lukas's feed drops it live, without a reload; the server no longer gives it to him.
    await expect.poll(() => thirdsPost.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    expect((await api('lukas', `/posts/${post.id}`)).status).toBe(404);
    // Thomas still reads it, with the reason.
    const own = (await (await api('thomas', `/posts/${post.id}`)).json()) as Post;
    expect(own.moderation).toMatchObject({ state: 'hidden', reason: REASON });

    for (const page of [owner, third, member]) await page.context().close();
  });

  it('is accessible, under its strict policy, without a console error', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/moderation/?user=amelie&lang=en`);
    await page.locator('eco-moderation [part="item"], eco-moderation [part="empty"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    // Camille's and Lukas's pages asked for a queue they may not see: the browser logs those 403s, and nothing else may be logged.
    expect(consoleErrors.filter((e) => !/^(camille|lukas): Failed to load resource: the server responded with a status of 403/.test(e))).toEqual([]);
  });
});
