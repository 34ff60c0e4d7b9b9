/**
 * A vendor's widget on the public API only (examples/kudos: built on
 * @ecotone/elements/base, its own Rollup bundle beside the page's SDK):
 * Amélie praises Lukas from the form; the post renders as a kudos card in
 * her feed through registerPostExtension, and live in Lukas's, in French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Post } from '@ecotone/protocol';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;

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

async function open(user: string, lang: string): Promise<Page> {
  const page = await watchedPage(browser, consoleErrors, user);
  await page.goto(`${server.baseUrl}/kudos/?user=${user}&lang=${lang}`);
  await page.locator('eco-feed [part~="post"], eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
  return page;
}

describe('Kudos, a custom widget', () => {
  it('publishes a kudos post that the feed renders with the widget, for every reader in their language', { timeout: 120_000 }, async () => {
    const lukas = await open('lukas', 'fr');
    const amelie = await open('amelie', 'en');

    const form = amelie.locator('acme-kudos');
    await form.getByLabel('Colleague').selectOption('lukas', { timeout: UI_TIMEOUT_MS });
    await form.getByLabel('For').selectOption('care');
    await form.getByLabel('A word of thanks (optional)').fill('Thanks for the <b>demo</b>!');
    await form.getByRole('button', { name: 'Send kudos' }).click();
    await expect.poll(() => form.getByRole('status').last().textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Kudos sent to Lukas Meier.');

    // In Amélie's feed: the widget's card in place of the body, the message as text.
    const card = amelie.locator('eco-feed acme-kudos-card [part="base"]').first();
    await expect.poll(() => card.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('To Lukas Meier, for customer care');
    expect(await card.textContent()).toContain('Thanks for the <b>demo</b>!');
    // Live in Lukas's, in French: announced by the feed's "new posts" button, then shown.
    await lukas.locator('eco-feed [part="new-posts"]').click({ timeout: UI_TIMEOUT_MS });
    const his = lukas.locator('eco-feed acme-kudos-card [part="base"]').first();
    await expect.poll(() => his.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('À Lukas Meier, pour le service client');

    // Through the API: a post like any other, its body the sentence other clients show.
    const feed = await fetch(`${server.baseUrl}/api/v1/spaces/general/feed?limit=5`, { headers: { authorization: 'Bearer dev:marco' } });
    const post = ((await feed.json()) as { items: Post[] }).items.find((p) => p.extension?.type === 'acme.kudos');
    expect(post?.body).toBe('Kudos to Lukas Meier for customer care!\n\nThanks for the <b>demo</b>!');
    expect(post?.extension?.data).toEqual({ to: 'lukas', toName: 'Lukas Meier', value: 'care', message: 'Thanks for the <b>demo</b>!' });
    expect(consoleErrors).toEqual([]);
  });
});
