/**
 * The prototype page: a space built with no server (the local backend on the
 * browser's IndexedDB). The page is served as static files and asks nothing
 * of any server (its policy says connect-src 'none', and no request for
 * /api goes out): a space and a post made there survive two reloads, a like
 * given in one tab shows in another at once, a poll, a comment and a note
 * are made through the elements, and the world is exported as a file.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const problems: string[] = [];
const apiRequests: string[] = [];

async function openTab(): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/api/')) apiRequests.push(req.url());
  });
  await page.goto(`${server.baseUrl}/prototype/?lang=en`);
  await page.locator('#person-switcher option').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
  return page;
}

/** The post of the feed whose body has `text`. */
const postWith = (page: Page, text: string) => page.locator('eco-feed eco-post').filter({ hasText: text });

beforeAll(async () => {
  // No demo organisation: the page must need nothing of the server's.
  server = await startServer([], { seed: false });
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('prototype page (no server)', () => {
  let first: Page;
  const text = `Kick-off notes ${Date.now()}`;

  it('creates a space and a post that survive two reloads', async () => {
    first = await openTab();
    // The demo seed, in the page's language, is there from the start.
    await expect.poll(() => first.locator('#space-switcher option').allTextContents(), { timeout: UI_TIMEOUT_MS }).toContain('Prototype lab');
    await first.locator('#space-name').fill('Garden club');
    await first.getByRole('button', { name: 'Create the space' }).click();
    await expect.poll(() => first.locator('#status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Space “Garden club” created.');
    expect(await first.locator('#space-switcher').inputValue()).toBe('garden-club');
    await first.locator('eco-composer[space="garden-club"] textarea').fill(text);
    await first.locator('eco-composer textarea').press('Control+Enter');
    await postWith(first, text).waitFor({ timeout: UI_TIMEOUT_MS });

    for (let reload = 1; reload <= 2; reload++) {
      await first.reload();
      await expect.poll(() => first.locator('#space-switcher').inputValue(), { timeout: UI_TIMEOUT_MS }).toBe('garden-club');
      await postWith(first, text).waitFor({ timeout: UI_TIMEOUT_MS });
    }
  });

  it('shows a like given in one tab in another tab at once', async () => {
    const second = await openTab();
    await expect.poll(() => second.locator('#space-switcher').inputValue(), { timeout: UI_TIMEOUT_MS }).toBe('garden-club');
    await postWith(second, text).waitFor({ timeout: UI_TIMEOUT_MS });
    const like = (page: Page) => postWith(page, text).locator('eco-like-button[kind="like"] button');
    expect(await like(second).getAttribute('aria-pressed')).toBe('false');
    await like(first).click();
    await expect.poll(() => like(first).getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    // The other tab was told through the channel: the same person, the same like, no reload.
    await expect.poll(() => like(second).getAttribute('aria-pressed'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    await expect
      .poll(async () => (await postWith(second, text).locator('eco-like-button[kind="like"] [part="count"]').textContent())?.trim(), { timeout: UI_TIMEOUT_MS })
      .toBe('1');
    await second.close();
  });

  it('takes a poll, a comment and a note, and acts as another person', async () => {
    // A poll from the composer's poll editor.
    await first.locator('#space-switcher').selectOption('prototype-lab');
    const demoPoll = first.locator('eco-feed eco-post eco-poll').first();
    await demoPoll.waitFor({ timeout: UI_TIMEOUT_MS });
    await demoPoll.getByRole('radio').first().check();
    await demoPoll.getByRole('button', { name: 'Vote' }).click();
    await demoPoll.getByText('You voted.').waitFor({ timeout: UI_TIMEOUT_MS });

    await first.locator('#note-title').fill('Watering rota');
    await first.locator('#note-body').fill('Mondays: Ada. Thursdays: Hugo.');
    await first.getByRole('button', { name: 'Save the note' }).click();
    await expect.poll(() => first.locator('#status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Note “Watering rota” saved.');
    await first.locator('eco-knowledge-note').getByText('Mondays: Ada.').waitFor({ timeout: UI_TIMEOUT_MS });

    await first.locator('#person-name').fill('Bea Berger');
    await first.getByRole('button', { name: 'Add and act as them' }).click();
    await expect.poll(() => first.locator('#status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('You now act as Bea Berger.');
    expect(await first.locator('#person-switcher option:checked').textContent()).toBe('Bea Berger');
    // Bea belongs to no space yet: she joins the open demo space, then comments.
    await first.locator('#space-switcher').selectOption('prototype-lab');
    await first.getByRole('button', { name: 'Join this space' }).click();
    await expect.poll(() => first.locator('#status').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('You joined “Prototype lab”.');
    const post = first.locator('eco-feed eco-post').first();
    await post.waitFor({ timeout: UI_TIMEOUT_MS });
    const comments = post.locator('eco-comments');
    const toggle = post.getByRole('button', { name: /comment/i }).first();
    if (await toggle.isVisible()) await toggle.click();
    const box = comments.locator('textarea').first();
    await box.waitFor({ timeout: UI_TIMEOUT_MS });
    await box.fill('Count me in');
    await box.press('Control+Enter');
    await comments.getByText('Count me in').waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('exports the whole world as a versioned JSON file', async () => {
    const [download] = await Promise.all([first.waitForEvent('download'), first.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ecotone-world-\d{4}-\d{2}-\d{2}\.json$/);
    const world = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      format: string;
      version: number;
      spaces: { id: string }[];
      people: { displayName: string }[];
      comments: { body: string }[];
      notes: { note: { title: string } }[];
    };
    expect(world).toMatchObject({ format: 'ecotone-world', version: 1 });
    expect(world.spaces.map((s) => s.id).sort()).toEqual(['garden-club', 'prototype-lab']);
    expect(world.people.map((p) => p.displayName)).toContain('Bea Berger');
    expect(world.comments.map((c) => c.body)).toContain('Count me in');
    expect(world.notes.map((n) => n.note.title)).toContain('Watering rota');
  });

  it('has nothing axe finds wrong, in each of its languages', async () => {
    // axe is injected as a script, which the page's policy forbids: a context of its own that bypasses it.
    const axeContext = await browser.newContext({ bypassCSP: true });
    try {
      const page = await axeContext.newPage();
      for (const lang of ['en', 'fr', 'de']) {
        await page.goto(`${server.baseUrl}/prototype/?lang=${lang}`);
        await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await axeViolations(page), lang).toEqual([]);
      }
    } finally {
      await axeContext.close();
    }
  });

  it('asked nothing of any server, and broke no rule of its policy', () => {
    expect(apiRequests).toEqual([]);
    expect(problems.join('\n')).toBe('');
  });
});
