/**
 * Communities of the open ecosystem, in two real browsers over one real
 * server: Thomas asks to join the private R&D Oncology space, Priya (its
 * owner) sees the request arrive live and approves it, and Thomas's
 * directory shows him as a member without a reload. The "All sites" tab
 * shows one feed over the three site spaces. A non-member never sees the
 * secret Security Watch space.
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

async function page(user: string, lang = 'en'): Promise<Page> {
  const p = await watchedPage(browser, consoleErrors, user);
  await p.goto(`${server.baseUrl}/open-ecosystem/?user=${user}&lang=${lang}`);
  await spaceItem(p, 'General').waitFor({ timeout: UI_TIMEOUT_MS });
  return p;
}

const directory = (p: Page) => p.locator('#spaces');
const spaceItem = (p: Page, name: string): Locator =>
  directory(p).locator('[part~="space"]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) });

describe('communities', () => {
  it('a request to join a private space reaches its owner live, and approval reaches the requester live', async () => {
    const thomas = await page('thomas');
    const priya = await page('priya');

    // Priya opens the members of her space: the seed's pending requests are there.
    await spaceItem(priya, 'R&D Oncology').getByRole('button', { name: 'Manage the members of R&D Oncology' }).click();
    const requests = spaceItem(priya, 'R&D Oncology').locator('[part="requests"]');
    await expect.poll(() => requests.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Marco Rossi');

    // Thomas asks, with a word, entirely from the keyboard.
    await spaceItem(thomas, 'R&D Oncology').getByRole('button', { name: 'Ask to join R&D Oncology' }).focus();
    await thomas.keyboard.press('Enter');
    await spaceItem(thomas, 'R&D Oncology').getByLabel('A word to the owners of R&D Oncology (optional)').fill('I run the Lyon assays.');
    await spaceItem(thomas, 'R&D Oncology').getByRole('button', { name: 'Send request' }).click();
    await expect
      .poll(() => spaceItem(thomas, 'R&D Oncology').locator('[part="meta"]').textContent(), { timeout: UI_TIMEOUT_MS })
      .toContain('Your request to join is waiting for an owner');

    // It arrives in Priya's panel without a reload, with Thomas's word.
    await expect.poll(() => requests.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Thomas Moreau');
    expect(await requests.textContent()).toContain('I run the Lyon assays.');
    await requests.getByRole('button', { name: 'Approve the request of Thomas Moreau' }).click();

    // Thomas is a member, live: his directory says so and offers Leave.
    await expect
      .poll(() => spaceItem(thomas, 'R&D Oncology').locator('[part="meta"]').textContent(), { timeout: UI_TIMEOUT_MS })
      .toContain('You are member');
    await expect(spaceItem(thomas, 'R&D Oncology').getByRole('button', { name: 'Leave R&D Oncology' }).isVisible()).resolves.toBe(true);
    // And Priya's panel lists him among the members.
    await expect
      .poll(() => spaceItem(priya, 'R&D Oncology').getByLabel('Role of Thomas Moreau').inputValue(), { timeout: UI_TIMEOUT_MS })
      .toBe('member');
  });

  it('never shows a secret space to a non-member, and shows it to a member', async () => {
    const thomas = await page('thomas');
    const julien = await page('julien');
    await expect.poll(() => spaceItem(julien, 'Security Watch').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await directory(thomas).locator('.name').allTextContents()).not.toContain('Security Watch');
    // Searching for it finds nothing either.
    await directory(thomas).getByLabel('Search spaces').fill('security');
    await expect
      .poll(() => directory(thomas).locator('[part="status"]').textContent(), { timeout: UI_TIMEOUT_MS })
      .toBe('No space matches these filters.');
  });

  it('shows one feed over the three sites, as the server merges them', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/feed?spaces=lyon-site,basel-site,cambridge-site&limit=5`, {
      headers: { authorization: 'Bearer dev:lukas' },
    });
    const merged = (await res.json()) as { items: { id: string; spaceId: string }[]; pinned?: { id: string }[] };
    expect(new Set(merged.items.map((p) => p.spaceId)).size).toBeGreaterThan(1);

    const lukas = await page('lukas', 'de');
    await lukas.getByRole('button', { name: 'Alle Standorte' }).click();
    const shownIds = () =>
      lukas
        .locator('#site-feed eco-post')
        .evaluateAll((posts) => posts.slice(0, 5).map((p) => (p as HTMLElement & { post?: { id: string } }).post?.id));
    // Pinned posts of the three spaces come first, in their own section.
    const expected = [...(merged.pinned ?? []), ...merged.items].slice(0, 5).map((p) => p.id);
    await expect.poll(shownIds, { timeout: UI_TIMEOUT_MS }).toEqual(expected);
  });

  it('reports no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
