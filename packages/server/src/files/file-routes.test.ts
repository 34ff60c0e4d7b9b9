/**
 * Serving files under a person's file token: the uploader reads a file not
 * attached yet, nobody else does, and every refusal is the same 404.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../_harness.js';
import { fileTokenKey, signFileToken } from './file-token.js';
import type { UploadedFile } from './uploads.js';
import { uploadFile } from './_test-upload.js';

describe('serving files', () => {
  let server: TestServer;
  let image: UploadedFile;
  let text: UploadedFile;
  const TEXT = 'Compte rendu : les trois sites se réunissent jeudi.\n';

  const upload = (as: string, bytes: Uint8Array, filename: string) => uploadFile(server, as, bytes, filename);

  const tokenOf = async (as: string) => (await server.json<{ token: string; expiresAt: string }>('/api/v1/files/token', { as })).body;

  beforeAll(async () => {
    server = await startTestServer();
    image = await upload('amelie', await sharp({ create: { width: 900, height: 500, channels: 3, background: '#258' } }).jpeg().toBuffer(), 'site.jpg');
    text = await upload('amelie', Buffer.from(TEXT), 'compte-rendu.txt');
  });
  afterAll(async () => server.close());

  it('gives the uploader their file and its sizes, with the headers that keep it inert', async () => {
    const { token, expiresAt } = await tokenOf('amelie');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() - 365 * 24 * 3600 * 1000);
    const res = await fetch(`${server.url}/api/v1/files/${image.id}?t=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''site.jpg");
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(900);
    const small = await fetch(`${server.url}/api/v1/files/${image.id}/w320?t=${token}`);
    expect(small.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await small.arrayBuffer())).metadata()).width).toBe(320);
    // No such size of it.
    expect((await fetch(`${server.url}/api/v1/files/${image.id}/w1280?t=${token}`)).status).toBe(404);
    const doc = await fetch(`${server.url}/api/v1/files/${text.id}?t=${token}`);
    expect(doc.headers.get('content-type')).toBe('text/plain');
    expect(doc.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''compte-rendu.txt");
    expect(await doc.text()).toBe(TEXT);
  });

  it('answers byte ranges, as a video player asks', async () => {
    const { token } = await tokenOf('amelie');
    const bytes = Buffer.from(TEXT);
    const part = await fetch(`${server.url}/api/v1/files/${text.id}?t=${token}`, { headers: { range: 'bytes=5-14' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 5-14/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(5, 15));
    const tail = await fetch(`${server.url}/api/v1/files/${text.id}?t=${token}`, { headers: { range: 'bytes=-6' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 6));
    const past = await fetch(`${server.url}/api/v1/files/${text.id}?t=${token}`, { headers: { range: `bytes=${bytes.length + 10}-` } });
    expect(past.status).toBe(200);
  });

  it('refuses everyone else with the same 404: another person, no token, an expired or forged one, someone else beside the token', async () => {
    const url = (token: string, id = image.id) => `${server.url}/api/v1/files/${id}?t=${token}`;
    const thomas = (await tokenOf('thomas')).token;
    const amelie = (await tokenOf('amelie')).token;
    const key = await fileTokenKey(server.db);
    const expired = signFileToken(key, 'amelie', new Date(Date.parse('2026-11-27T08:00:00.000Z')));
    const forged = signFileToken(Buffer.alloc(32, 7), 'amelie', new Date(Date.parse('2027-01-01T00:00:00.000Z')));
    const refusals = [
      await fetch(url(thomas)),
      await fetch(`${server.url}/api/v1/files/${image.id}`),
      await fetch(url(expired)),
      await fetch(url(forged)),
      await fetch(url(amelie), { headers: { authorization: 'Bearer dev:thomas' } }),
      await fetch(url(amelie, 'AAAAAAAAAAAAAAAAAAAAAA')),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'not_found' });
    }
    // Her own credentials beside her own token are fine.
    expect((await fetch(url(amelie), { headers: { authorization: 'Bearer dev:amelie' } })).status).toBe(200);
    // The token route needs a bearer token.
    expect((await server.api('/api/v1/files/token', { as: null })).status).toBe(401);
  });
});
