/**
 * Resumable uploads over real HTTP (tus 1.0): chunks, a connection cut in
 * the middle of one and the upload resumed from the server's offset, the
 * type decided by the bytes, refusals that keep nothing, and uploads that
 * only their owner can see or continue.
 */
import { request as httpRequest } from 'node:http';
import { readdir } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, startTestServer, type TestServer } from '../_harness.js';
import type { UploadedFile } from './uploads.js';

const UPLOADS = '/api/v1/uploads';
const MiB = 1024 * 1024;

const meta = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

describe('resumable uploads', () => {
  let server: TestServer;
  let uploadDirectory: string;

  beforeAll(async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    uploadDirectory = await mkdtemp(join(tmpdir(), 'ecotone-uploads-test-'));
    server = await startTestServer({
      files: { uploadDirectory, limits: { bytes: { image: 2 * MiB, document: 1 * MiB, video: 8 * MiB, caption: 64 * 1024 }, spaces: {} } },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  async function create(as: string, length: number, fields: Record<string, string>): Promise<Response> {
    return server.api(UPLOADS, {
      as,
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': String(length), 'upload-metadata': meta(fields) },
    });
  }

  /** The headers of a chunk sent by `as` at `offset`. */
  const chunkHeaders = (as: string, offset: number) => ({
    authorization: `Bearer dev:${as}`,
    'tus-resumable': '1.0.0',
    'upload-offset': String(offset),
    'content-type': 'application/offset+octet-stream',
  });

  /** PATCH through a raw request whose body stops after `sent` bytes of `bytes`: the connection is cut. */
  async function cutPatch(as: string, location: string, offset: number, bytes: Uint8Array, sent: number): Promise<void> {
    const url = new URL(location, server.url);
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: 'PATCH',
        headers: { ...chunkHeaders(as, offset), 'content-length': String(bytes.length) },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(Buffer.from(bytes.subarray(0, sent)), () => {
        // Let the server take the bytes, then cut the connection mid-body.
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
    });
  }

  async function offsetOf(as: string, location: string): Promise<number> {
    const res = await server.api(new URL(location, server.url).pathname, { as, method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    expect(res.status).toBe(200);
    return Number(res.headers.get('upload-offset'));
  }

  const binaryPatch = (as: string, location: string, offset: number, bytes: Uint8Array) =>
    fetch(new URL(location, server.url), {
      method: 'PATCH',
      headers: chunkHeaders(as, offset),
      body: new Uint8Array(bytes),
    });

  it('takes an image in chunks, resumes after a cut connection, and keeps one file with its sizes', async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7' } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(png.length).toBeGreaterThan(300_000);
    const created = await create('amelie', png.length, { space: 'general', filename: 'Lab/../photo d’équipe.png', filetype: 'image/png' });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v1\/uploads\/[A-Za-z0-9_-]+$/);

    const third = Math.floor(png.length / 3);
    expect((await binaryPatch('amelie', location, 0, png.subarray(0, third))).status).toBe(204);
    // The second chunk's connection is cut after part of it.
    await cutPatch('amelie', location, third, png.subarray(third, 2 * third), 50_000);
    const resumedAt = await offsetOf('amelie', location);
    expect(resumedAt).toBeGreaterThanOrEqual(third);
    expect(resumedAt).toBeLessThan(2 * third);

    const last = await binaryPatch('amelie', location, resumedAt, png.subarray(resumedAt));
    expect(last.status).toBe(200);
    const file = (await last.json()) as UploadedFile;
    expect(file).toMatchObject({ kind: 'image', mediaType: 'image/png', name: 'photo d’équipe.png', width: 800, height: 600 });
    expect(await countRows(server.db, 'files')).toBe(1);
    expect(await countRows(server.db, 'file_variants')).toBeGreaterThan(0);
    expect(await countRows(server.db, 'uploads')).toBe(0);
    expect(await readdir(uploadDirectory)).toEqual([]);
    await server.db.deleteFrom('file_variants').execute();
    await server.db.deleteFrom('files').execute();
  });

  it('refuses what the bytes are not, whatever the name, and keeps nothing of it', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const created = await create('amelie', html.length, { space: 'general', filename: 'photo.jpg', filetype: 'image/jpeg' });
    expect(created.status).toBe(201);
    const res = await binaryPatch('amelie', created.headers.get('location')!, 0, html);
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'file_type_refused', status: 415 });
    expect(await countRows(server.db, 'files')).toBe(0);
    expect(await countRows(server.db, 'uploads')).toBe(0);
    expect(await readdir(uploadDirectory)).toEqual([]);
  });

  it('refuses an empty file and one larger than the space accepts before any byte is sent', async () => {
    const empty = await create('amelie', 0, { space: 'general', filename: 'empty.txt' });
    expect(empty.status).toBe(422);
    expect(empty.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await empty.json()).toMatchObject({ code: 'file_empty' });
    const huge = await create('amelie', 9 * MiB, { space: 'general', filename: 'film.mp4' });
    expect(huge.status).toBe(413);
    expect(await countRows(server.db, 'uploads')).toBe(0);
    expect(await readdir(uploadDirectory)).toEqual([]);
  });

  it('refuses an image over the image limit once its bytes show it is one', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 900 * 900 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 900, height: 900, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(2 * MiB);
    const created = await create('amelie', noise.length, { space: 'general', filename: 'big.png' });
    expect(created.status).toBe(201);
    const res = await binaryPatch('amelie', created.headers.get('location')!, 0, noise);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'file_too_large' });
    expect(await countRows(server.db, 'files')).toBe(0);
    expect(await readdir(uploadDirectory)).toEqual([]);
  });

  it('lets only its owner see, continue or cancel an upload, and only into a space they may post in', async () => {
    const created = await create('amelie', 10, { space: 'general', filename: 'notes.txt' });
    const location = created.headers.get('location')!;
    const path = new URL(location, server.url).pathname;
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const res = await server.api(path, {
        as: 'thomas',
        method,
        headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        ...(method === 'PATCH' ? { body: 'abcdefghij', raw: true } : {}),
      });
      expect(res.status, method).toBe(404);
      expect(res.headers.get('content-type'), method).toMatch(/^application\/problem\+json/);
    }
    expect(await offsetOf('amelie', location)).toBe(0);
    // A secret space's outsider cannot tell it from none.
    const outside = await create('amelie', 10, { space: 'security-watch', filename: 'leak.txt' });
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ code: 'not_found' });
    const none = await create('amelie', 10, { space: 'no-such-space', filename: 'x.txt' });
    expect(none.status).toBe(404);
    expect((await server.api(path, { as: 'amelie', method: 'DELETE', headers: { 'tus-resumable': '1.0.0' } })).status).toBe(204);
  });

  it('collects uploads never finished and files never attached, a day on, bytes and rows', async () => {
    const png = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#a37' } }).png().toBuffer();
    const done = await create('amelie', png.length, { space: 'general', filename: 'left.png' });
    const file = (await (await binaryPatch('amelie', done.headers.get('location')!, 0, png)).json()) as UploadedFile;
    const left = await create('amelie', 100, { space: 'general', filename: 'half.txt' });
    expect((await binaryPatch('amelie', left.headers.get('location')!, 0, Buffer.from('a'.repeat(40)))).status).toBe(204);
    const collect = () => server.app.ecotone.uploads!.collectAbandoned();
    const store = server.app.ecotone.uploads!.store;
    expect(await store.size(`${file.id}.png`)).toBeGreaterThan(0);
    expect(await store.size(`${file.id}-w320.webp`)).toBeGreaterThan(0);
    // Younger than a day: kept.
    expect(await collect()).toEqual({ uploads: 0, files: 0 });
    expect(await countRows(server.db, 'files')).toBe(1);
    const dayAndMore = new Date(Date.parse('2026-11-26T08:00:00.000Z')).toISOString();
    await server.db.updateTable('files').set({ created_at: dayAndMore }).execute();
    await server.db.updateTable('uploads').set({ created_at: dayAndMore }).execute();
    expect(await collect()).toEqual({ uploads: 1, files: 1 });
    expect(await countRows(server.db, 'files')).toBe(0);
    expect(await countRows(server.db, 'file_variants')).toBe(0);
    expect(await countRows(server.db, 'uploads')).toBe(0);
    expect(await readdir(uploadDirectory)).toEqual([]);
    expect(await store.size(`${file.id}.png`)).toBeNull();
    expect(await store.size(`${file.id}-w320.webp`)).toBeNull();
  });

  it('needs a bearer token', async () => {
    const res = await server.api(UPLOADS, { as: null, method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
    expect(res.status).toBe(401);
  });
});
