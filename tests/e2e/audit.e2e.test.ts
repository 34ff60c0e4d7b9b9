/**
 * The audit trail in the browser (issue 18): a server started with
 * `--auditor amelie`; Thomas publishes a post; Amélie opens the auditors'
 * page and finds it at the top of `<eco-audit-log>`, filters by Thomas and
 * by action, and her reading is itself in the trail. Thomas, on the same
 * page, is told that only auditors may read it, and sees no entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AuditPage, Post } from '@ecotone/protocol';
import { axeViolations, launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 15_000;
const BODY = 'Audit e2e: the Lyon line 3 maintenance window moves to Thursday.';

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
  server = await startServer(['--auditor', 'amelie']);
  browser = await launchBrowser();
  const res = await api('thomas', '/spaces/general/posts', { method: 'POST', body: JSON.stringify({ body: BODY, locale: 'en' }) });
  expect(res.status).toBe(201);
  post = (await res.json()) as Post;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openAudit(user: string): Promise<Page> {
  const page = await watchedPage(browser, consoleErrors, user);
  await page.goto(`${server.baseUrl}/audit/?user=${user}&lang=en`);
  return page;
}

describe('the auditors\' page', () => {
  it('shows Amélie, an auditor, the post Thomas just published, newest first, and filters it', async () => {
    const page = await openAudit('amelie');
    const log = page.locator('eco-audit-log');
    const firstRow = log.locator('tbody tr').first();
    await firstRow.waitFor({ timeout: UI_TIMEOUT_MS });
    // Her own sign-in may be newer than the post: the post's row is among the first.
    const postRow = log.locator('tbody tr', { hasText: post.id });
    await expect.poll(() => postRow.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    const cells = await postRow.locator('td').allTextContents();
    expect(cells.slice(1, 5).map((c) => c.replace(/\s+/g, ' ').trim())).toEqual(['Thomas Moreau thomas', 'Published a post post.publish', `Post ${post.id}`, 'general']);
    expect(await log.getByRole('table', { name: 'Audit trail entries, newest first' }).count()).toBe(1);

    // Filter by Thomas and by the action: the post is the first row, and every row is his publication.
    await log.getByLabel('Person (id)').fill('thomas');
    await log.getByLabel('Action').selectOption('post.publish');
    await expect.poll(async () => (await firstRow.locator('td').nth(3).textContent())?.trim(), { timeout: UI_TIMEOUT_MS }).toBe(`Post ${post.id}`);
    const actions = await log.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions.every((text) => text.includes('post.publish'))).toBe(true);
    const people = await log.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(people.every((text) => text.includes('thomas'))).toBe(true);

    // Her reading is in the trail, with the filters she used.
    const res = await api('amelie', '/audit?action=audit.read&actor=amelie&limit=100');
    const reads = ((await res.json()) as AuditPage).items;
    expect(reads.some((entry) => entry.detail['actor'] === 'thomas' && entry.detail['action'] === 'post.publish')).toBe(true);
    await page.context().close();
  });

  it('tells Thomas, who is no auditor, that only auditors may read it', async () => {
    const page = await openAudit('thomas');
    const log = page.locator('eco-audit-log');
    await log.locator('[part="forbidden"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await log.locator('[part="forbidden"]').textContent()).toContain('Only the server’s auditors can read the audit trail');
    expect(await log.locator('table').count()).toBe(0);
    expect((await api('thomas', '/audit')).status).toBe(403);
    await page.context().close();
  });

  it('is accessible, under its strict policy, without a console error', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/audit/?user=amelie&lang=en`);
    await page.locator('eco-audit-log tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    // The browser logs the refused request of Thomas's page, and nothing else may be logged.
    expect(consoleErrors.filter((e) => !/^thomas: Failed to load resource: the server responded with a status of 403/.test(e))).toEqual([]);
  });
});
