/**
 * Files of a post in Chromium against the real server: a photo and a
 * document uploaded (tus over HTTP) and attached by Amélie; Thomas's feed
 * shows the photo from the server's origin under his own file token, opens
 * it large in the lightbox, and downloads the document; with Amélie's token
 * instead of his, nothing is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Post, UploadedFile } from '@ecotone/protocol';
import { launchBrowser, startServer, watchedPage, type RunningServer } from './_harness.js';

const UI_TIMEOUT_MS = 20_000;

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

const meta = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

/** Uploads `bytes` as `as` into general, as the client's uploader does for a small file. */
async function upload(as: string, bytes: Uint8Array<ArrayBuffer> | Buffer, filename: string): Promise<UploadedFile> {
  const auth = { authorization: `Bearer dev:${as}`, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${server.baseUrl}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...auth, 'upload-length': String(bytes.length), 'upload-metadata': meta({ space: 'general', filename }) },
  });
  expect(created.status).toBe(201);
  const done = await fetch(new URL(created.headers.get('location')!, server.baseUrl), {
    method: 'PATCH',
    headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(done.status).toBe(200);
  return (await done.json()) as UploadedFile;
}

describe('attachments in the feed', () => {
  it('shows a post’s photo under the reader’s own token, opens it large, and links its document', { timeout: 120_000 }, async () => {
    const photo = await upload('amelie', await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2a7' } }).jpeg().toBuffer(), 'lab.jpg');
    const minutes = await upload('amelie', new TextEncoder().encode('Minutes of the site meeting.\n'), 'minutes.txt');
    const published = await fetch(`${server.baseUrl}/api/v1/spaces/general/posts`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev:amelie', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Our new lab, and the minutes', attachments: [{ file: photo.id, alt: 'The new lab in Lyon' }, { file: minutes.id }] }),
    });
    expect(published.status).toBe(201);
    const post = (await published.json()) as Post;

    const page = await watchedPage(browser, consoleErrors, 'thomas');
    await page.goto(`${server.baseUrl}/intranet/?user=thomas&lang=en`);
    const image = page.locator('eco-feed eco-post [part="image"] img').first();
    await image.waitFor({ timeout: UI_TIMEOUT_MS });
    // Loaded from the server, a responsive size chosen by the browser.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    const src = await image.evaluate((img: HTMLImageElement) => img.currentSrc);
    expect(src).toContain(`/api/v1/files/${photo.id}`);
    expect(await image.getAttribute('alt')).toBe('The new lab in Lyon');

    // Large, in a modal dialog; Escape closes it.
    await page.getByRole('button', { name: 'Open image: The new lab in Lyon' }).click();
    const dialog = page.locator('eco-lightbox dialog[open]');
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    const large = dialog.locator('img');
    await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: UI_TIMEOUT_MS }).toBe(1280);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('eco-lightbox').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);

    // The document: a link to the server, under Thomas's token.
    const link = page.locator('eco-feed eco-post [part="file"]').first();
    expect(await link.textContent()).toContain('minutes.txt');
    const href = (await link.getAttribute('href'))!;
    const file = await fetch(href);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''minutes.txt");
    expect(await file.text()).toBe('Minutes of the site meeting.\n');

    // His token is his: with Amélie's credentials beside it, nothing.
    expect((await fetch(href, { headers: { authorization: 'Bearer dev:amelie' } })).status).toBe(404);
    // Deleted: gone for him at once, whatever his token.
    expect((await fetch(`${server.baseUrl}/api/v1/posts/${post.id}`, { method: 'DELETE', headers: { authorization: 'Bearer dev:amelie' } })).status).toBe(204);
    expect((await fetch(href)).status).toBe(404);
    expect(consoleErrors).toEqual([]);
  });
});
