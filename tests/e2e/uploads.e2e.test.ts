/**
 * Attaching a large video in the intranet example's composer, end to end: the
 * real server on SQLite, the built SDK, Chromium. A 200 MiB MP4 is uploaded
 * with tus in 8 MiB chunks; one chunk's request is cut by the network after
 * the first one went through, and the upload goes on from the server's offset
 * and completes; the post is published with it, and the server keeps exactly
 * one file for it. A small WebM is given a frame of itself as its poster and
 * English captions, which the server takes as an image and WebVTT.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import type { FeedPage } from '@ecotone/protocol';
import { launchBrowser, startServer, type RunningServer } from './_harness.js';

const VIDEO_BYTES = 200 * 1024 * 1024;
/** Generous: 25 chunks of 8 MiB through the browser, on a shared machine. */
const UPLOAD_TIMEOUT_MS = 240_000;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Files under a folder and its subfolders, with their sizes (the server's file store). */
function storedFiles(dir: string): { name: string; size: number }[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries.map((name) => ({ name, size: statSync(join(dir, name)).size })).filter((f) => f.size > 0 && !statSync(join(dir, f.name)).isDirectory());
}

describe('attachments in the composer', () => {
  it(
    'uploads a 200 MiB video through a cut connection, resumes, publishes it, and the server keeps one file',
    async () => {
      const context = await browser.newContext();
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));

      // Every request of the upload, and one PATCH cut after the first succeeded.
      const seen: string[] = [];
      let patchesDone = 0;
      let cut = false;
      /** How many upload requests had been seen when the cut happened. */
      let cutAt = -1;
      // One upload created (POST /api/v1/uploads): the retry went on with it rather than starting again.
      let uploadsCreated = 0;
      page.on('request', (request: Request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/uploads') uploadsCreated++;
      });
      page.on('requestfinished', (request: Request) => {
        if (request.url().includes('/api/v1/uploads/') && request.method() === 'PATCH') patchesDone++;
      });
      await page.route('**/api/v1/uploads/**', async (route) => {
        const method = route.request().method();
        seen.push(method);
        if (method === 'PATCH' && patchesDone >= 1 && !cut) {
          cut = true;
          cutAt = seen.length;
          await route.abort('connectionreset');
          return;
        }
        await route.continue();
      });

      await page.goto(`${server.baseUrl}/intranet/?user=amelie&lang=en`);
      const composer = page.locator('eco-composer');
      await composer.locator('[part="attach"]').waitFor({ timeout: 30_000 });
      // What is stored already (the demo's photo and video, other tests' files): this upload must add exactly one file.
      const filesDir = join(server.dataDir, 'ecotone.db.files');
      const storedBefore = new Set(storedFiles(filesDir).map((f) => basename(f.name)));

      const text = `Our all-hands, recorded ${Date.now()}`;
      await composer.locator('textarea#body').fill(text);

      // A valid MP4 header (`ftyp` box, brand `isom`), then zeros, made in the page: 200 MiB never crosses the protocol.
      await composer.locator('input[type="file"]').evaluate((input: HTMLInputElement, size: number) => {
        const header = new Uint8Array([0, 0, 0, 0x20, ...'ftypisom'.split('').map((c) => c.charCodeAt(0)), 0, 0, 2, 0,
          ...'isomiso2avc1mp41'.split('').map((c) => c.charCodeAt(0))]);
        const file = new File([header, new Uint8Array(size - header.length)], 'all-hands.mp4', { type: 'video/mp4' });
        const data = new DataTransfer();
        data.items.add(file);
        input.files = data.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, VIDEO_BYTES);

      const item = composer.locator('[part="attachment"]', { hasText: 'all-hands.mp4' });
      await item.waitFor({ timeout: 30_000 });
      await expect(item.locator('progress').getAttribute('aria-label')).resolves.toBe('Uploading all-hands.mp4');
      // While it uploads, Publish waits and says why.
      await expect(composer.locator('[part="publish"]').isDisabled()).resolves.toBe(true);
      await item.locator('[part="alt"]').fill('The all-hands meeting in the Basel lab');

      // Done: the progress bar gives way to Remove, and the live region says so.
      await item.getByRole('button', { name: 'Remove all-hands.mp4' }).waitFor({ timeout: UPLOAD_TIMEOUT_MS });
      await expect(composer.locator('.uploads-live').textContent()).resolves.toContain('all-hands.mp4 uploaded.');
      expect(cut).toBe(true);
      // After the cut, tus asked the server where it was (HEAD) and went on from there.
      expect(seen.slice(cutAt)).toContain('HEAD');
      expect(uploadsCreated).toBe(1);

      await composer.locator('[part="publish"]').click();
      await expect.poll(() => composer.locator('[part="attachment"]').count(), { timeout: 30_000 }).toBe(0);

      const res = await fetch(`${server.baseUrl}/api/v1/spaces/general/feed`, { headers: { Authorization: 'Bearer dev:amelie' } });
      expect(res.status).toBe(200);
      const feed = (await res.json()) as FeedPage;
      const post = feed.items.find((p) => p.body === text);
      expect(post, 'the published post').toBeDefined();
      expect(post!.attachments).toHaveLength(1);
      const [attachment] = post!.attachments!;
      expect(attachment).toMatchObject({ kind: 'video', mediaType: 'video/mp4', size: VIDEO_BYTES, alt: 'The all-hands meeting in the Basel lab' });

      // Kept beside the SQLite file: exactly one more stored file, whole, and no upload left over.
      const stored = storedFiles(filesDir)
        .map((f) => ({ name: basename(f.name), size: f.size }))
        .filter((f) => !storedBefore.has(f.name));
      expect(stored).toEqual([{ name: `${attachment!.id}.mp4`, size: VIDEO_BYTES }]);
      expect(storedFiles(join(server.dataDir, 'ecotone.db.uploads')).filter((f) => f.size >= VIDEO_BYTES)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
    UPLOAD_TIMEOUT_MS + 60_000,
  );

  it('gives a video a frame of itself as its poster and English captions, which the server takes as an image and WebVTT', async () => {
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${server.baseUrl}/intranet/?user=amelie&lang=en`);
    const composer = page.locator('eco-composer');
    await composer.locator('[part="attach"]').waitFor({ timeout: 30_000 });
    const text = `A tour of the lab, captioned ${Date.now()}`;
    await composer.locator('textarea#body').fill(text);

    /** Gives a file input one file, as its chooser would. */
    const choose = (input: ReturnType<Page['locator']>, file: { base64: string; name: string; type: string }) =>
      input.evaluate((element: HTMLInputElement, { base64, name, type }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type }));
        element.files = data.files;
        element.dispatchEvent(new Event('change', { bubbles: true }));
      }, file);
    // The element tests' video: 160×90 VP8, red, then blue.
    const webm = readFileSync(new URL('../../packages/elements/src/composer/_red-then-blue.webm', import.meta.url)).toString('base64');
    await choose(composer.locator('input#files'), { base64: webm, name: 'lab-tour.webm', type: 'video/webm' });
    const item = composer.locator('[part="attachment"]', { hasText: 'lab-tour.webm' });
    await item.getByRole('button', { name: 'Choose poster frame for lab-tour.webm' }).click({ timeout: 30_000 });
    await item.locator('img[part="poster-frame"]').waitFor({ timeout: 30_000 });
    await item.getByRole('button', { name: 'Use this frame' }).click();
    await item.getByRole('button', { name: 'Remove poster of lab-tour.webm' }).waitFor({ timeout: 30_000 });
    const vtt = Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.500\nWelcome to the lab.\n').toString('base64');
    await choose(item.locator('[part="captions"] input[type="file"]'), { base64: vtt, name: 'lab-tour.en.vtt', type: 'text/vtt' });
    await item.getByRole('button', { name: 'Remove lab-tour.en.vtt' }).waitFor({ timeout: 30_000 });
    await expect(composer.locator('.uploads-live').textContent()).resolves.toBe('English captions of lab-tour.webm uploaded.');

    await composer.locator('[part="publish"]').click();
    await expect.poll(() => composer.locator('[part="attachment"]').count(), { timeout: 30_000 }).toBe(0);
    const res = await fetch(`${server.baseUrl}/api/v1/spaces/general/feed`, { headers: { Authorization: 'Bearer dev:amelie' } });
    const post = ((await res.json()) as FeedPage).items.find((p) => p.body === text);
    expect(post, 'the published post').toBeDefined();
    // The frame, a JPEG made in the page, measured by the server as an image of the video's size.
    expect(post!.attachments).toMatchObject([
      { kind: 'video', mediaType: 'video/webm', name: 'lab-tour.webm', poster: { width: 160, height: 90 }, captions: [{ locale: 'en' }] },
    ]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
