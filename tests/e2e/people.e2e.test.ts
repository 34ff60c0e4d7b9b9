/**
 * Person cards over a real server and browser: in the intranet page's feed,
 * an author's name opens their card in a modal dialog, with their title,
 * local time in their site's time zone and the spaces in common the reader
 * may see (a secret space only to its members); Escape closes it and the
 * focus returns to the name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 10_000;
const BODY = 'People e2e: the Basel lab tour is on Friday.';

let server: RunningServer;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.baseUrl}/api/v1/spaces/general/posts`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev:lukas', 'content-type': 'application/json' },
    body: JSON.stringify({ body: BODY, locale: 'en' }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function intranet(user: string): Promise<Page> {
  const p = await watchedPage(browser, consoleErrors, user);
  await p.goto(`${server.baseUrl}/intranet/?user=${user}&lang=en`);
  await p.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
  return p;
}

/** Opens the card of the author of the post holding BODY, by keyboard, and returns its dialog. */
async function openAuthor(p: Page) {
  const post = p.locator('eco-feed eco-post', { hasText: BODY }).first();
  const name = post.locator('button[part~="author"]');
  await name.waitFor({ timeout: UI_TIMEOUT_MS });
  await name.focus();
  await p.keyboard.press('Enter');
  const dialog = post.locator('eco-person-dialog dialog');
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  await p.locator('eco-person [part~="name"]').waitFor({ timeout: UI_TIMEOUT_MS });
  return { post, name, dialog };
}

describe('person cards', () => {
  it("opens an author's card from the feed, with their local time and spaces in common, and closes with Escape", async () => {
    const julien = await intranet('julien');
    const { name, dialog } = await openAuthor(julien);
    expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
    const card = julien.locator('eco-person');
    expect(await card.locator('[part~="name"]').textContent()).toBe('Lukas Meier');
    expect(await card.locator('[part~="title"]').textContent()).toBe('Site Director');
    const zurich = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', weekday: 'short', timeZone: 'Europe/Zurich' });
    const shown = (await card.locator('[part~="local-time"]').textContent()) ?? '';
    expect([zurich.format(new Date()), zurich.format(new Date(Date.now() - 60_000))].map((t) => `Local time: ${t}`)).toContain(shown.trim());
    // Both are in the secret space: Julien sees it in common.
    expect(await card.locator('[part~="space"]').allTextContents()).toContain('Security Watch');
    expect(await card.locator('[part~="post"]').first().textContent()).toContain(BODY);
    await julien.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect(await name.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
  });

  it('never shows a secret space in common to someone outside it', async () => {
    const thomas = await intranet('thomas');
    await openAuthor(thomas);
    const spaces = await thomas.locator('eco-person [part~="space"]').allTextContents();
    expect(spaces).toContain('General');
    expect(spaces).not.toContain('Security Watch');
    expect(consoleErrors).toEqual([]);
  });
});
