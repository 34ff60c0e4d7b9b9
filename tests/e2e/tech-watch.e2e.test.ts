/**
 * The closed ecosystem's technology-watch page under its strict
 * Content-Security-Policy (no inline script, Trusted Types required, this
 * origin only): searching, reading, editing and promoting a post all work,
 * and the browser reports no violation at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, startServer, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 10_000;

let server: RunningServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  // Registered before any page script runs; the CSP does not apply to it.
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  await page.goto(`${server.baseUrl}/tech-watch/?user=julien&lang=en`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

describe('technology-watch page', () => {
  it('is served with a strict policy', async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('finds notes across accents and inflections, and opens one from the keyboard', async () => {
    const search = page.locator('eco-knowledge-search').getByRole('searchbox');
    await search.fill('securite');
    const firstMark = page.locator('eco-knowledge-search mark').first();
    await firstMark.waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await firstMark.textContent())?.toLowerCase()).toMatch(/s[ée]curit[ée]/);
    await search.press('ArrowDown');
    await page.keyboard.press('Enter');
    const note = page.locator('eco-knowledge-note');
    await expect.poll(() => note.isVisible(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await note.getByRole('heading').first().waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('edits the open note', async () => {
    const note = page.locator('eco-knowledge-note');
    await note.getByRole('button', { name: 'Edit' }).click();
    const title = note.getByRole('textbox', { name: 'Title' });
    const edited = `${await title.inputValue()} (reviewed)`;
    await title.fill(edited);
    await note.getByRole('button', { name: 'Save' }).click();
    await note.getByRole('heading', { name: edited }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('attaches a file to the open note, then removes it (uploaded through the server, under the policy)', async () => {
    const note = page.locator('eco-knowledge-note');
    await note.getByRole('button', { name: 'Edit' }).click();
    await note.getByRole('button', { name: 'Attach files' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await note.locator('input[type="file"]').setInputFiles({ name: 'review-minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the review\n') });
    const save = note.getByRole('button', { name: 'Save' });
    await expect.poll(() => save.isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await save.click();
    const shown = note.locator('eco-attachments [part="file"]', { hasText: 'review-minutes.txt' });
    await shown.waitFor({ timeout: UI_TIMEOUT_MS });
    await note.getByRole('button', { name: 'Edit' }).click();
    const remove = note.getByRole('button', { name: 'Remove review-minutes.txt' });
    await remove.click();
    expect(await remove.getAttribute('aria-pressed')).toBe('true');
    await note.getByRole('button', { name: 'Save' }).click();
    await note.getByRole('button', { name: 'Edit' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => shown.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it('promotes a recent post to a note', async () => {
    await page.locator('#promote-list button').first().click();
    await expect.poll(() => page.locator('#promote-status').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Note created: /);
    const title = (await page.locator('#promote-status').textContent())!.replace(/^Note created: /, '');
    await page.locator('eco-knowledge-note').getByRole('heading', { name: title }).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('passes axe (colour contrast included) with the system light, and dark: the page and the elements turn dark together', async () => {
    // A page of its own: axe is injected as a script, which the policy forbids.
    const checked = await (await browser.newContext({ bypassCSP: true })).newPage();
    await checked.goto(`${server.baseUrl}/tech-watch/?user=julien&lang=en`);
    const search = checked.locator('eco-knowledge-search').getByRole('searchbox');
    await search.fill('securite');
    await checked.locator('eco-knowledge-search mark').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await checked.locator('#due-list li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await axeViolations(checked)).toEqual([]);
    await checked.emulateMedia({ colorScheme: 'dark' });
    const background = (selector: string) => checked.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background('body')).toBe('rgb(1, 4, 9)');
    expect(await background('eco-knowledge-search')).toBe('rgb(13, 17, 23)');
    expect(await axeViolations(checked)).toEqual([]);
    await checked.context().close();
  });

  it('reported no Content-Security-Policy violation and no script error', async () => {
    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
