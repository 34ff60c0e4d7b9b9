/**
 * Mentions and notifications over the real server and browser (issue 16):
 * Priya mentions Lukas in a comment, choosing him in the @ picker of
 * <eco-comments>, in a space both read; Lukas, in another browser context
 * with the intranet page open in two tabs, sees his bell show 1 within a
 * second of the comment's 201; the panel opens the notification, which shows
 * the post with the comment; the count goes to 0 in both tabs. And a secret
 * space stays secret: an outsider's people search narrowed to it finds
 * nobody, and a member's card shows the outsider nothing of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, liveConnected, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;
/** The figure: a mention reaches the bell of every tab within a second. */
const BELL_WITHIN_MS = 1_000;
const BODY = 'Notifications e2e: the Cambridge seminar programme is out.';
const COMMENT_TAIL = 'could you check the Basel slot?';

let server: RunningServer;
let browser: Browser;
let lukasContext: BrowserContext;
const consoleErrors: string[] = [];

const api = (user: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.baseUrl}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer dev:${user}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Anna's post in General, an open space Priya and Lukas both read: Lukas is told of the comment only as mentioned.
  const res = await api('anna', '/spaces/general/posts', { method: 'POST', body: JSON.stringify({ body: BODY, locale: 'en' }) });
  expect(res.status).toBe(201);
  // Whatever the demo data told Lukas before, he starts with nothing unread.
  expect((await api('lukas', '/notifications/read-all', { method: 'POST', body: '{}' })).ok).toBe(true);
  expect(await (await api('lukas', '/notifications/unread')).json()).toMatchObject({ unread: 0 });
});

afterAll(async () => {
  await lukasContext?.close();
  await browser?.close();
  await server?.stop();
});

/** Opens the intranet page as `user` in `page`; resolves once the feed shows and the live stream is connected. */
async function openIntranet(page: Page, user: string): Promise<Page> {
  await page.goto(`${server.baseUrl}/intranet/?user=${user}&lang=en`);
  await page.locator('eco-feed eco-post').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await liveConnected(page, UI_TIMEOUT_MS);
  return page;
}

/** A tab of Lukas's, in his own context, with its console watched. */
async function lukasTab(name: string): Promise<Page> {
  const page = await lukasContext.newPage();
  page.on('pageerror', (err) => consoleErrors.push(`${name}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${name}: ${msg.text()}`);
  });
  return openIntranet(page, 'lukas');
}

const bell = (page: Page) => page.locator('eco-notifications [part="bell"]');

/**
 * Starts watching the bell's badge in `page`: resolves `window.__badgeOneAt`
 * to the wall-clock time (ms since the epoch, sub-millisecond) at which the
 * badge first says "1". A MutationObserver in the page sees the render
 * itself, so neither polling nor the test's own round trips add to the figure.
 */
async function watchBadge(page: Page): Promise<void> {
  await page.evaluate(() => {
    const host = document.querySelector('eco-notifications')!;
    const root = host.shadowRoot!;
    const w = window as unknown as { __badgeOneAt?: number };
    const check = () => {
      if (w.__badgeOneAt === undefined && root.querySelector('[part="badge"]')?.textContent?.trim() === '1') {
        w.__badgeOneAt = performance.timeOrigin + performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    check();
  });
}

const badgeOneAt = (page: Page) => page.evaluate(() => (window as unknown as { __badgeOneAt?: number }).__badgeOneAt);

describe('a mention reaches every tab of the person mentioned', () => {
  it('Priya mentions Lukas in a comment; his bell shows 1 in both tabs within a second; the panel opens the comment; both go back to 0', async () => {
    lukasContext = await browser.newContext();
    const tabs = [await lukasTab('lukas tab 1'), await lukasTab('lukas tab 2')];
    for (const tab of tabs) {
      await bell(tab).and(tab.locator('[aria-label="Notifications, none unread"]')).waitFor({ timeout: UI_TIMEOUT_MS });
      await watchBadge(tab);
    }

    // Priya, in a browser context of her own, comments on Anna's post from the feed.
    const priya = await openIntranet(await watchedPage(browser, consoleErrors, 'priya'), 'priya');
    const post = priya.locator('eco-feed eco-post', { hasText: BODY }).first();
    await post.locator('button[part="comments"]').click();
    const box = post.locator('eco-comments textarea').first();
    await box.waitFor({ timeout: UI_TIMEOUT_MS });
    await box.focus();
    await priya.keyboard.type('Thanks @Luk');
    const option = post.locator('eco-comments [part~="mention-option"]', { hasText: 'Lukas Meier' });
    await option.waitFor({ timeout: UI_TIMEOUT_MS });
    await priya.keyboard.press('ArrowDown');
    await priya.keyboard.press('Enter');
    await priya.keyboard.type(COMMENT_TAIL);
    expect(await box.inputValue()).toBe(`Thanks [@Lukas Meier](mention:lukas) ${COMMENT_TAIL}`);

    // When the 201 reached Priya's page, on the same wall clock as the badges'
    // (the browser's performance.timeOrigin): the figure counts from the moment
    // the comment exists on the server and its sender knows it, to Lukas's
    // badges showing it, the server's notification, the live stream and both
    // renders included; nothing of the test's own driving is in it.
    await priya.evaluate(() => {
      const w = window as unknown as { __commentDoneAt?: number };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
          if (entry.initiatorType === 'fetch' && /\/posts\/[^/]+\/comments$/.test(new URL(entry.name).pathname) && entry.responseStatus === 201) {
            w.__commentDoneAt ??= performance.timeOrigin + entry.responseEnd;
          }
        }
      }).observe({ type: 'resource' });
    });
    const created = priya.waitForResponse((r) => r.request().method() === 'POST' && /\/posts\/[^/]+\/comments$/.test(new URL(r.url()).pathname));
    await post.locator('eco-comments button[type="submit"]').first().click();
    expect((await created).status()).toBe(201);

    // Wait on the condition itself with a generous limit; the figure is checked after.
    for (const tab of tabs) await bell(tab).and(tab.locator('[aria-label="Notifications, 1 unread"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    const doneAt = await priya.waitForFunction(() => (window as unknown as { __commentDoneAt?: number }).__commentDoneAt, undefined, { timeout: UI_TIMEOUT_MS });
    const commentDoneAt = (await doneAt.jsonValue()) as number;
    const delays = await Promise.all(tabs.map(async (tab) => ((await badgeOneAt(tab)) ?? Number.NaN) - commentDoneAt));
    // On a loaded machine this figure can exceed the limit without anything being wrong; it is kept because the issue asks for it.
    for (const delay of delays) expect(delay, `ms from the comment's 201 to a badge showing 1 (${delays.map(Math.round).join(', ')})`).toBeLessThan(BELL_WITHIN_MS);

    // The first tab opens the panel and the notification: the post, with the comment, in a dialog.
    const [first, second] = tabs as [Page, Page];
    await bell(first).click();
    // Names in sentences are wrapped in directional isolates (U+2066…U+2069).
    const item = first.locator('eco-notification-list [part="open"]', { hasText: /Priya Raman\W*mentioned you in a comment/ });
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    await item.click();
    const dialog = first.locator('eco-notification-list dialog[open]');
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
    await dialog.locator('eco-post', { hasText: BODY }).waitFor({ timeout: UI_TIMEOUT_MS });
    const comment = dialog.locator('eco-comments [part~="body"]', { hasText: COMMENT_TAIL });
    await comment.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await comment.locator('[part="mention"]').textContent()).toBe('@Lukas Meier');

    // Read in one tab: the count is 0 in both.
    for (const tab of [first, second]) await bell(tab).and(tab.locator('[aria-label="Notifications, none unread"]')).waitFor({ timeout: UI_TIMEOUT_MS });
    for (const tab of [first, second]) expect(await tab.locator('eco-notifications [part="badge"]').count()).toBe(0);
    expect(await (await api('lukas', '/notifications/unread')).json()).toMatchObject({ unread: 0 });
    expect(consoleErrors).toEqual([]);
  });
});

describe('a secret space stays secret from outsiders', () => {
  it('a people search narrowed to it finds nothing for an outsider (a member finds its people)', async () => {
    const outsider = await api('thomas', '/people?q=j&spaceId=security-watch');
    expect(outsider.status).toBe(404);
    expect(JSON.stringify(await outsider.json())).not.toContain('Julien');
    const member = await api('julien', '/people?q=j&spaceId=security-watch');
    expect(member.status).toBe(200);
    expect(((await member.json()) as { items: { id: string }[] }).items.map((a) => a.id)).toContain('julien');
  });

  it('the card of one of its members shows an outsider none of its spaces or posts', async () => {
    const card = (await (await api('thomas', '/people/julien')).json()) as { spacesInCommon: { id: string }[]; recentPosts: { spaceId: string }[] };
    expect(card.spacesInCommon.map((s) => s.id)).not.toContain('security-watch');
    expect(card.recentPosts.some((p) => p.spaceId === 'security-watch')).toBe(false);
    const asMember = (await (await api('lukas', '/people/julien')).json()) as { spacesInCommon: { id: string }[] };
    expect(asMember.spacesInCommon.map((s) => s.id)).toContain('security-watch');
  });
});
