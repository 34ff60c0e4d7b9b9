/**
 * Unfinished uploads kept in the database (`--files-store database`): an
 * upload started on one instance resumes on another (PostgreSQL; on SQLite
 * the one instance resumes it), what a cut connection delivered is kept,
 * and nothing of the upload is left once its file is accepted or it is
 * cancelled.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ENGINE, type TestServer } from '../_harness.js';
import type { UploadedFile } from './uploads.js';
import { DATABASE_CHUNK_BYTES } from './database-store.js';

const meta = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
const tus = { 'tus-resumable': '1.0.0' };

describe('unfinished uploads in the database', () => {
  let first: TestServer;
  let second: TestServer;
  // 2.5 parts of plain text, different on every line.
  const text = Buffer.from(Array.from({ length: 100_000 }, (_, i) => `Line ${i} of the minutes.\n`).join('')).subarray(0, Math.floor(DATABASE_CHUNK_BYTES * 2.5));

  beforeAll(async () => {
    first = await startTestServer({ files: { inDatabase: true } });
    second = TEST_ENGINE === 'postgres' ? await startTestServer({ sharing: first, files: { inDatabase: true } }) : first;
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
  });

  const rows = async () => ({
    sessions: (await first.db.selectFrom('upload_sessions').select('id').execute()).length,
    parts: (await first.db.selectFrom('upload_parts').select('start').execute()).length,
  });
  async function create(server: TestServer, size: number): Promise<URL> {
    const created = await server.api('/api/v1/uploads', {
      as: 'amelie',
      method: 'POST',
      headers: { ...tus, 'upload-length': String(size), 'upload-metadata': meta({ space: 'general', filename: 'minutes.txt' }) },
    });
    expect(created.status).toBe(201);
    return new URL(created.headers.get('location')!, server.url);
  }
  const at = (server: TestServer, location: URL) => new URL(location.pathname, server.url);
  const offsetOn = async (server: TestServer, location: URL) =>
    Number((await fetch(at(server, location), { method: 'HEAD', headers: { ...tus, authorization: 'Bearer dev:amelie' } })).headers.get('upload-offset'));
  const patch = (server: TestServer, location: URL, offset: number, body: Uint8Array) =>
    fetch(at(server, location), {
      method: 'PATCH',
      headers: { ...tus, authorization: 'Bearer dev:amelie', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(body),
    });

  it('resumes on another instance an upload started on one, cut in the middle, and keeps one file', async () => {
    const location = await create(first, text.length);
    // A first chunk on the first instance, its connection cut after 1.5 parts have gone out.
    const cut = Math.floor(DATABASE_CHUNK_BYTES * 1.5);
    await new Promise<void>((resolve) => {
      const req = request(at(first, location), {
        method: 'PATCH',
        headers: { ...tus, authorization: 'Bearer dev:amelie', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(text.length) },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(text.subarray(0, cut), () => {
        // Cut once the server has stored a whole part of it.
        const poll = async () => {
          while ((await rows()).parts < 1) await new Promise((r) => setTimeout(r, 50));
          req.destroy();
        };
        void poll();
      });
    });
    // What arrived is kept, whole parts and the rest of what was read. The first instance stores that
    // rest once it sees the cut, a moment later (longer on a busy machine): wait until it holds all that
    // was sent, or until its offset has not moved for 2 s.
    let resumeAt = await offsetOn(first, location);
    for (let since = Date.now(); resumeAt !== cut && Date.now() - since < 2000; ) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await offsetOn(first, location);
      if (now !== resumeAt) [resumeAt, since] = [now, Date.now()];
    }
    expect(resumeAt).toBeGreaterThanOrEqual(DATABASE_CHUNK_BYTES);
    expect(resumeAt).toBeLessThanOrEqual(cut);
    // The other instance knows it.
    expect(await offsetOn(second, location)).toBe(resumeAt);
    // A PATCH from a stale offset is refused, writing nothing.
    expect((await patch(second, location, 0, text.subarray(0, 10))).status).toBe(409);
    const done = await patch(second, location, resumeAt, text.subarray(resumeAt));
    expect(done.status).toBe(200);
    const file = (await done.json()) as UploadedFile;
    expect(file).toMatchObject({ kind: 'document', mediaType: 'text/plain', size: text.length });
    // One file, byte for byte, served by the instance that started it; nothing of the upload left.
    const { token } = (await first.json<{ token: string }>('/api/v1/files/token', { as: 'amelie' })).body;
    const served = Buffer.from(await (await fetch(`${first.url}/api/v1/files/${file.id}?t=${token}`)).arrayBuffer());
    expect(served.equals(text)).toBe(true);
    expect(await rows()).toEqual({ sessions: 0, parts: 0 });
    expect((await first.db.selectFrom('uploads').select('id').execute()).length).toBe(0);
  });

  it('forgets a cancelled upload, and refuses another person its bytes', async () => {
    const location = await create(first, 1000);
    expect((await patch(second, location, 0, text.subarray(0, 400))).status).toBe(204);
    const theirs = await fetch(at(second, location), { method: 'HEAD', headers: { ...tus, authorization: 'Bearer dev:thomas' } });
    expect(theirs.status).toBe(404);
    const cancelled = await fetch(at(second, location), { method: 'DELETE', headers: { ...tus, authorization: 'Bearer dev:amelie' } });
    expect(cancelled.status).toBe(204);
    expect(await rows()).toEqual({ sessions: 0, parts: 0 });
  });
});
