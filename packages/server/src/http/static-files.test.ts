import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../_harness.js';
import { IMMUTABLE_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL } from './static-files.js';

const PRECOMPRESS = resolve(import.meta.dirname, '../../../../scripts/precompress.mjs');
const run = promisify(execFile);

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that keeps the bytes as sent (fetch would decompress them). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const varyOf = (res: RawResponse) => String(res.headers['vary'] ?? '').toLowerCase();

describe('static files: precompressed and cached', () => {
  let server: TestServer;
  let dir: string;
  // Big enough that compressing pays, as the SDK's files do.
  const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word${i % 37}`))};\n`;
  const chunk = `export const chunk = ${JSON.stringify('x'.repeat(3000))};\n`;
  const page = `<!doctype html><html lang="en"><head><title>demo</title><meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head><body>${'<p>paragraph</p>'.repeat(200)}</body></html>`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecotone-static-'));
    await mkdir(join(dir, 'sdk/chunks'), { recursive: true });
    await writeFile(join(dir, 'index.html'), page);
    await writeFile(join(dir, 'sdk/ecotone.js'), script);
    await writeFile(join(dir, 'sdk/chunks/index-AbC123_-.js'), chunk);
    await writeFile(join(dir, 'tiny.txt'), 'not a text type the build compresses');
    await run(process.execPath, [PRECOMPRESS, dir]);
    server = await startTestServer({
      seed: false,
      serveDirs: [
        { prefix: '/sdk', root: join(dir, 'sdk') },
        { prefix: '/', root: dir },
      ],
      immutablePaths: ['/sdk/chunks/'],
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the Brotli copy to a browser that accepts br, with its encoding and Vary', async () => {
    const res = await get(`${server.url}/sdk/ecotone.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(varyOf(res)).toContain('accept-encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends the gzip copy when br is not accepted, and the file itself for identity', async () => {
    const gzipped = await get(`${server.url}/sdk/ecotone.js`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(varyOf(gzipped)).toContain('accept-encoding');
    expect(gunzipSync(gzipped.body).toString()).toBe(script);

    for (const acceptEncoding of ['identity', undefined]) {
      const plain = await get(`${server.url}/sdk/ecotone.js`, acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      // A shared cache must not give this answer to a browser that accepts br.
      expect(varyOf(plain)).toContain('accept-encoding');
      expect(plain.body.toString()).toBe(script);
    }
  });

  it('serves a folder index compressed, as HTML, with its content security policy intact', async () => {
    const res = await get(`${server.url}/`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = brotliDecompressSync(res.body).toString();
    expect(html).toBe(page);
    expect(html).toContain('Content-Security-Policy');
  });

  it('caches content-hashed chunks for a year, immutable, in every encoding', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity']) {
      const res = await get(`${server.url}/sdk/chunks/index-AbC123_-.js`, { 'accept-encoding': acceptEncoding });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    }
    expect(IMMUTABLE_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
  });

  it('makes entry files and pages revalidate with their ETag (304 when unchanged)', async () => {
    for (const path of ['/sdk/ecotone.js', '/', '/index.html']) {
      const first = await get(server.url + path, { 'accept-encoding': 'br' });
      expect(first.headers['cache-control']).toBe(REVALIDATE_CACHE_CONTROL);
      expect(first.headers['cache-control']).not.toContain('immutable');
      const etag = String(first.headers['etag']);
      expect(etag).toMatch(/^W?\/?"/);
      const again = await get(server.url + path, { 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
    }
    // A file of the other encoding is another representation: its own ETag.
    const br = await get(`${server.url}/sdk/ecotone.js`, { 'accept-encoding': 'br' });
    const plain = await get(`${server.url}/sdk/ecotone.js`, { 'accept-encoding': 'identity' });
    expect(br.headers['etag']).not.toBe(plain.headers['etag']);
  });

  it('leaves types the build does not compress as they are', async () => {
    const res = await get(`${server.url}/tiny.txt`, { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('not a text type the build compresses');
  });
});

describe('scripts/precompress.mjs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecotone-precompress-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes .br and .gz copies that decompress to each file, and rewrites them when the file changes', async () => {
    const file = join(dir, 'app.js');
    await writeFile(file, `export const v = ${JSON.stringify('first '.repeat(500))};`);
    await run(process.execPath, [PRECOMPRESS, dir]);
    expect(brotliDecompressSync(await readFile(`${file}.br`)).toString()).toContain('first first');
    expect(gunzipSync(await readFile(`${file}.gz`)).toString()).toContain('first first');

    const newer = `export const v = ${JSON.stringify('second '.repeat(500))};`;
    await writeFile(file, newer);
    // Make the file clearly newer than its copies, whatever the file system's time resolution.
    const copiesMtime = (await stat(`${file}.br`)).mtime;
    await utimes(file, copiesMtime, new Date(copiesMtime.getTime() + 2_000));
    await run(process.execPath, [PRECOMPRESS, dir]);
    expect(brotliDecompressSync(await readFile(`${file}.br`)).toString()).toBe(newer);
    expect(gunzipSync(await readFile(`${file}.gz`)).toString()).toBe(newer);
  });

  it('writes no copy that would not be smaller than the file', async () => {
    await writeFile(join(dir, 'small.json'), '{}');
    await run(process.execPath, [PRECOMPRESS, dir]);
    await expect(stat(join(dir, 'small.json.br'))).rejects.toThrow();
    await expect(stat(join(dir, 'small.json.gz'))).rejects.toThrow();
  });
});
