/**
 * Offline-first writes end to end: the intranet example on the real server,
 * in Chromium with the browser's network switched off (playwright's
 * `setOffline`, Chromium's network emulation). A like, a vote, a post and a
 * comment made offline survive two reloads (the page comes from its service
 * worker, the writes from IndexedDB) and reach the server once each, in the
 * order they were made, when the network is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';

const TIMEOUT_MS = 30_000;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** GET on the API as a demo person. */
async function api<T>(path: string, as = 'amelie'): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer dev:${as}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** A write on the API as a demo person. */
async function apiWrite(method: string, path: string, body: unknown, as: string): Promise<void> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer dev:${as}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

/** Opens the intranet example as a demo person in a context of its own, with its service worker in control. */
async function openIntranet(user: string): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.baseUrl}/intranet/?user=${user}&lang=en`);
  await page.locator('eco-feed eco-post').first().waitFor({ timeout: TIMEOUT_MS });
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: TIMEOUT_MS });
  return { context: ctx, page };
}

/** Records the types of the live events another person receives, in order. */
async function listen(as: string): Promise<{ types: string[]; stop(): void }> {
  const abort = new AbortController();
  const res = await fetch(`${server.baseUrl}/api/v1/events`, { headers: { authorization: `Bearer dev:${as}` }, signal: abort.signal });
  const types: string[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (data) types.push((JSON.parse(data) as { type: string }).type);
        }
      }
    } catch {
      // stopped
    }
  })();
  return { types, stop: () => abort.abort() };
}

const outgoing = (page: Page) => page.locator('eco-feed [part="outgoing-post"]');

describe('offline-first writes', () => {
  it('a like, a vote, a post and a comment made offline survive two reloads and arrive once each, in order', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/intranet/?user=amelie&lang=en`);
    await page.locator('eco-feed eco-post').first().waitFor({ timeout: TIMEOUT_MS });
    // The page's service worker keeps the page and the SDK for offline reloads.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: TIMEOUT_MS });
    // Comments open while online (their chunk and the thread load), as a reader would have them.
    const firstPost = page.locator('eco-feed eco-post').first();
    const firstPostId = await firstPost.evaluate((el) => (el as HTMLElement & { post: { id: string } }).post.id);
    await firstPost.locator('button[part="comments"]').click();
    await firstPost.locator('eco-comments textarea').first().waitFor({ timeout: TIMEOUT_MS });
    const poll = page.locator('aside eco-poll[poll="poll-summer-party"]');
    await poll.getByRole('radio', { name: 'Basel' }).waitFor({ timeout: TIMEOUT_MS });
    const likesBefore = (await api<{ counts: Record<string, number> }>('/objects/news-basel-lab/reactions')).counts['like'] ?? 0;
    const oliver = await listen('oliver');

    await context.setOffline(true);
    await page.locator('#news-like button').click();
    await expect.poll(() => page.locator('#news-like button').getAttribute('aria-pressed')).toBe('true');
    await poll.getByRole('radio', { name: 'Basel' }).check();
    await poll.getByRole('button', { name: 'Vote' }).click();
    const text = `Written offline ${Date.now()}`;
    await page.locator('eco-composer textarea').fill(text);
    await page.locator('eco-composer textarea').press('Control+Enter');
    await expect.poll(() => page.locator('eco-composer textarea').inputValue()).toBe('');
    await page.locator('eco-composer [part="queued"]').getByText('will be sent when you are back online').waitFor({ timeout: TIMEOUT_MS });
    await outgoing(page).getByText(text).waitFor({ timeout: TIMEOUT_MS });
    await outgoing(page).getByText('Will be sent when you are back online.').waitFor({ timeout: TIMEOUT_MS });
    const comment = `A comment from the lift ${Date.now()}`;
    await firstPost.locator('eco-comments textarea').first().fill(comment);
    await firstPost.locator('eco-comments button[type="submit"]').first().click();
    await firstPost.locator('eco-comments [part="pending"]').first().waitFor({ timeout: TIMEOUT_MS });

    // Two reloads, still offline: the page comes from its service worker, the waiting post from IndexedDB.
    for (let i = 0; i < 2; i += 1) {
      await page.reload();
      await outgoing(page).getByText(text).waitFor({ timeout: TIMEOUT_MS });
    }
    // Nothing has reached the server yet.
    expect(oliver.types).toEqual([]);

    await context.setOffline(false);
    await outgoing(page).first().waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await page.locator('eco-feed eco-post').getByText(text).first().waitFor({ timeout: TIMEOUT_MS });
    await expect.poll(() => page.evaluate(() => localStorage.getItem('ecotone-outbox-waiting')), { timeout: TIMEOUT_MS }).toBeNull();
    // The elements show them as sent: the like pressed, the vote counted.
    await expect.poll(() => page.locator('#news-like button').getAttribute('aria-pressed'), { timeout: TIMEOUT_MS }).toBe('true');
    await poll.getByText('You voted.').waitFor({ timeout: TIMEOUT_MS });

    // Each arrived once.
    const feed = await api<{ items: Array<{ body: string }> }>('/spaces/general/feed?limit=50');
    expect(feed.items.filter((p) => p.body === text)).toHaveLength(1);
    const likes = await api<{ counts: Record<string, number>; mine: string[] }>('/objects/news-basel-lab/reactions');
    expect(likes.mine).toContain('like');
    expect(likes.counts['like']).toBe(likesBefore + 1);
    const comments = await api<{ items: Array<{ body: string }> }>(`/posts/${firstPostId}/comments`);
    expect(comments.items.filter((c) => c.body === comment)).toHaveLength(1);
    const summerParty = await api<{ myBallot: { choices: string[] } | null }>('/polls/poll-summer-party');
    expect(summerParty.myBallot?.choices).toHaveLength(1);
    // In the order they were made, as another person saw them happen.
    await expect.poll(() => oliver.types.filter((t) => t !== 'stream.expired').length, { timeout: TIMEOUT_MS }).toBeGreaterThanOrEqual(4);
    const order = oliver.types.filter((t) => ['reaction.changed', 'poll.changed', 'post.created', 'comment.created'].includes(t));
    expect(order.slice(0, 4)).toEqual(['reaction.changed', 'poll.changed', 'post.created', 'comment.created']);
    oliver.stop();
  }, 180_000);

  it('never sends one person’s waiting writes as another; sends them when that person signs in again', async () => {
    const { context: ctx, page } = await openIntranet('thomas');
    try {
      const reactions = () => api<{ counts: Record<string, number>; mine: string[] }>('/objects/news-basel-lab/reactions', 'thomas');
      expect((await reactions()).mine).not.toContain('celebrate');
      await ctx.setOffline(true);
      await page.locator('#news-celebrate button').click();
      await expect.poll(() => page.locator('#news-celebrate button').getAttribute('aria-pressed')).toBe('true');
      // Stored (the flag says writes wait) before the page is left.
      await expect.poll(() => page.evaluate(() => localStorage.getItem('ecotone-outbox-waiting')), { timeout: TIMEOUT_MS }).toBe('1');

      // Priya signs in on the same browser, and the network comes back.
      await page.goto(`${server.baseUrl}/intranet/?user=priya&lang=en`);
      await ctx.setOffline(false);
      await page.locator('eco-feed eco-post').first().waitFor({ timeout: TIMEOUT_MS });
      const priyaBefore = await api<{ mine: string[] }>('/objects/news-basel-lab/reactions', 'priya');
      // Priya likes something herself: her queue is sent, Thomas's stays.
      await page.locator('#news-insightful button').click();
      await expect.poll(async () => (await api<{ mine: string[] }>('/objects/news-basel-lab/reactions', 'priya')).mine, { timeout: TIMEOUT_MS }).toContain('insightful');
      expect((await reactions()).mine).not.toContain('celebrate');
      expect((await api<{ mine: string[] }>('/objects/news-basel-lab/reactions', 'priya')).mine.filter((k) => k === 'celebrate')).toEqual(
        priyaBefore.mine.filter((k) => k === 'celebrate'),
      );
      expect(await page.evaluate(() => localStorage.getItem('ecotone-outbox-waiting'))).toBe('1');

      // Thomas again: his waiting like goes.
      await page.goto(`${server.baseUrl}/intranet/?user=thomas&lang=en`);
      await expect.poll(async () => (await reactions()).mine, { timeout: TIMEOUT_MS }).toContain('celebrate');
      await expect.poll(() => page.locator('#news-celebrate button').getAttribute('aria-pressed'), { timeout: TIMEOUT_MS }).toBe('true');
    } finally {
      await ctx.close();
    }
  }, 180_000);

  it('access revoked while offline: the waiting post is refused with its content kept, and the space\'s saved copy is purged', async () => {
    const { context: ctx, page } = await openIntranet('oliver');
    // A feed and a composer of a private space Oliver belongs to, added to the page as an intranet would.
    const addSpace = () =>
      page.evaluate(() => {
        const provider = document.getElementById('provider')!;
        const section = document.createElement('section');
        section.id = 'rnd';
        for (const tag of ['eco-composer', 'eco-feed']) {
          const el = document.createElement(tag);
          el.setAttribute('space', 'rnd-oncology');
          section.append(el);
        }
        provider.append(section);
      });
    // Records of the space in the read cache (read without creating the database or holding it open).
    const savedOfSpace = () =>
      page.evaluate(async () => {
        if (!(await indexedDB.databases()).some((d) => d.name === 'ecotone-cache')) return 0;
        return new Promise<number>((resolve) => {
          const open = indexedDB.open('ecotone-cache');
          open.onerror = () => resolve(0);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('records')) {
              db.close();
              resolve(0);
              return;
            }
            const all = db.transaction('records').objectStore('records').getAll();
            all.onsuccess = () => {
              db.close();
              resolve((all.result as Array<{ spaceId?: string }>).filter((r) => r.spaceId === 'rnd-oncology').length);
            };
          };
        });
      });
    try {
      await addSpace();
      await page.locator('#rnd eco-feed eco-post').first().waitFor({ timeout: TIMEOUT_MS });
      await expect.poll(savedOfSpace, { timeout: TIMEOUT_MS }).toBeGreaterThan(0);

      await ctx.setOffline(true);
      const text = `Assay results ${Date.now()}`;
      await page.locator('#rnd eco-composer textarea').fill(text);
      await page.locator('#rnd eco-composer textarea').press('Control+Enter');
      await page.locator('#rnd eco-feed [part="outgoing-post"]').getByText(text).waitFor({ timeout: TIMEOUT_MS });
      // Reloaded offline (no live stream any more): the saved copy paints, the post waits.
      await page.reload();
      await addSpace();
      await page.locator('#rnd eco-feed [part="saved-copy"]').waitFor({ timeout: TIMEOUT_MS });
      await page.locator('#rnd eco-feed eco-post').first().waitFor({ timeout: TIMEOUT_MS });
      // The space's owner removes Oliver while he is offline.
      const removed = await fetch(`${server.baseUrl}/api/v1/spaces/rnd-oncology/members/oliver`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer dev:priya' },
      });
      expect(removed.ok).toBe(true);

      await ctx.setOffline(false);
      const refused = page.locator('#rnd eco-composer [part="refused"]');
      await refused.waitFor({ timeout: TIMEOUT_MS });
      expect(await refused.textContent()).toContain(text);
      await expect.poll(savedOfSpace, { timeout: TIMEOUT_MS }).toBe(0);
      await expect.poll(() => page.locator('#rnd eco-feed eco-post').count(), { timeout: TIMEOUT_MS }).toBe(0);
    } finally {
      await ctx.close();
    }
  }, 180_000);

  it('a post refused after it waited (access revoked meanwhile) comes back to its composer with its content', async () => {
    const { context: ctx, page } = await openIntranet('julien');
    try {
      await ctx.setOffline(true);
      const text = `Site visit notes ${Date.now()}`;
      await page.locator('eco-composer textarea').fill(text);
      await page.locator('eco-composer textarea').press('Control+Enter');
      await outgoing(page).getByText(text).waitFor({ timeout: TIMEOUT_MS });
      // The space's owner makes Julien a reader while he is offline.
      await apiWrite('PUT', '/spaces/general/members/julien', { role: 'reader' }, 'amelie');
      await page.reload();
      await ctx.setOffline(false);

      const refused = page.locator('eco-composer [part="refused"]');
      await refused.waitFor({ timeout: TIMEOUT_MS });
      expect(await refused.textContent()).toContain('Your post was not published.');
      expect(await refused.textContent()).toContain(text);
      await expect.poll(() => outgoing(page).count()).toBe(0);
      const feed = await api<{ items: Array<{ body: string }> }>('/spaces/general/feed?limit=50', 'amelie');
      expect(feed.items.filter((p) => p.body === text)).toHaveLength(0);
      // Edit puts it back in the editor, whole.
      await refused.getByRole('button', { name: /Edit/ }).click();
      await expect.poll(() => page.locator('eco-composer textarea').inputValue()).toBe(text);
      await expect.poll(() => refused.count()).toBe(0);
    } finally {
      await ctx.close();
    }
  }, 180_000);
});
