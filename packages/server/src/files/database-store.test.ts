/**
 * Files kept in the database (SQLite and PostgreSQL): chunked writes that a
 * key shows whole or not at all, reads of any range across chunks, and the
 * leftovers of an interrupted write removed once old.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../_harness.js';
import { DATABASE_CHUNK_BYTES, DatabaseFileStore } from './database-store.js';

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('DatabaseFileStore', () => {
  let server: TestServer;
  let store: DatabaseFileStore;
  let now = new Date('2026-12-05T08:00:00.000Z');
  // 2.5 chunks of varied bytes.
  const big = Buffer.from(Array.from({ length: Math.floor(DATABASE_CHUNK_BYTES * 2.5) }, (_, i) => (i * 7 + (i >> 12)) % 256));

  beforeAll(async () => {
    server = await startTestServer({ seed: false });
    store = new DatabaseFileStore(server.db, () => now);
  });
  afterAll(async () => server.close());

  it('stores a file in chunks and reads it whole or by any range, across chunk boundaries', async () => {
    await store.put('bigfile-1.mp4', Readable.from([big.subarray(0, 1000), big.subarray(1000, 1_500_000), big.subarray(1_500_000)]));
    expect(await store.size('bigfile-1.mp4')).toBe(big.length);
    expect((await server.db.selectFrom('file_chunks').select('seq').execute()).length).toBe(3);
    expect((await bytesOf(await store.open('bigfile-1.mp4')))!.equals(big)).toBe(true);
    for (const [start, end] of [[0, 0], [10, 20], [DATABASE_CHUNK_BYTES - 5, DATABASE_CHUNK_BYTES + 5], [DATABASE_CHUNK_BYTES, DATABASE_CHUNK_BYTES * 2], [big.length - 3, big.length + 100]] as const) {
      const part = await bytesOf(await store.open('bigfile-1.mp4', { start, end }));
      expect(part!.equals(big.subarray(start, Math.min(end, big.length - 1) + 1)), `${start}-${end}`).toBe(true);
    }
    await expect(store.open('bigfile-1.mp4', { start: 5, end: 2 })).rejects.toThrow(RangeError);
    expect(await store.open('missing-file')).toBeNull();
    expect(await store.size('missing-file')).toBeNull();
  });

  it('replaces a file atomically, keeps the previous content when a write fails, and leaves no chunk of it', async () => {
    await store.put('replaced-1', Buffer.from('old'));
    await store.put('replaced-1', Buffer.from('new content'));
    expect((await bytesOf(await store.open('replaced-1')))!.toString()).toBe('new content');
    async function* failing() {
      yield big.subarray(0, DATABASE_CHUNK_BYTES + 10);
      throw new Error('connection lost');
    }
    const chunksBefore = (await server.db.selectFrom('file_chunks').select('seq').execute()).length;
    await expect(store.put('replaced-1', failing())).rejects.toThrow('connection lost');
    expect((await bytesOf(await store.open('replaced-1')))!.toString()).toBe('new content');
    expect((await server.db.selectFrom('file_chunks').select('seq').execute()).length).toBe(chunksBefore);
  });

  it('copies or moves a file in, lists keys, deletes, and refuses what is not a key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ecotone-dbstore-'));
    const upload = join(dir, 'upload.bin');
    await writeFile(upload, 'uploaded bytes');
    await store.put('copied-1', { path: upload });
    await store.put('moved-01.pdf', { path: upload, move: true });
    await expect(stat(upload)).rejects.toThrow(/ENOENT/);
    expect((await bytesOf(await store.open('moved-01.pdf')))!.toString()).toBe('uploaded bytes');
    const keys: string[] = [];
    for await (const key of store.keys()) keys.push(key);
    expect(keys.sort()).toEqual(['bigfile-1.mp4', 'copied-1', 'moved-01.pdf', 'replaced-1']);
    await store.delete('copied-1');
    await store.delete('copied-1');
    expect(await store.size('copied-1')).toBeNull();
    for (const bad of ['../etc/passwd', 'short', 'abcd/efgh', 'abcdefgh.JPG']) {
      await expect(store.put(bad, Buffer.from('x')), bad).rejects.toThrow(RangeError);
      await expect(store.open(bad), bad).rejects.toThrow(RangeError);
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('removes the chunks an interrupted write left, once a day old, and nothing else', async () => {
    // As a crash between the chunks and the switch leaves them.
    await server.db.insertInto('file_chunks').values({ generation: `${now.getTime().toString(36).padStart(10, '0')}-crashed`, seq: 0, data: Buffer.from('half') }).execute();
    const all = async () => (await server.db.selectFrom('file_chunks').select('generation').execute()).length;
    const before = await all();
    expect(await store.sweep()).toBe(0);
    now = new Date(now.getTime() + 25 * 60 * 60 * 1000);
    expect(await store.sweep()).toBe(1);
    expect(await all()).toBe(before - 1);
    expect((await bytesOf(await store.open('bigfile-1.mp4')))!.equals(big)).toBe(true);
  });
});
