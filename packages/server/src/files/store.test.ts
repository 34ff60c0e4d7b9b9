import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidFileKey, LocalFileStore } from './store.js';

let root: string;
let directory: string;
let store: LocalFileStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ecotone-store-'));
  directory = join(root, 'files');
  store = new LocalFileStore(directory);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function text(stream: Readable | null): Promise<string | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const key of keys) all.push(key);
  return all.sort();
}

/** Every file under `folder`, as paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

describe('LocalFileStore', () => {
  it('puts bytes, opens them whole or by inclusive range, tells their size and deletes them', async () => {
    await store.put('abcdefgh.txt', Buffer.from('0123456789'));
    expect(await text(await store.open('abcdefgh.txt'))).toBe('0123456789');
    expect(await text(await store.open('abcdefgh.txt', { start: 2, end: 4 }))).toBe('234');
    expect(await text(await store.open('abcdefgh.txt', { start: 0, end: 0 }))).toBe('0');
    expect(await text(await store.open('abcdefgh.txt', { start: 8, end: 100 }))).toBe('89');
    expect(await store.size('abcdefgh.txt')).toBe(10);
    await store.delete('abcdefgh.txt');
    expect(await store.size('abcdefgh.txt')).toBeNull();
    expect(await store.open('abcdefgh.txt')).toBeNull();
    // Deleting what is not there is not an error.
    await store.delete('abcdefgh.txt');
  });

  it('refuses a range that is not one', async () => {
    await store.put('abcdefgh', Buffer.from('x'));
    await expect(store.open('abcdefgh', { start: 3, end: 2 })).rejects.toThrow(RangeError);
    await expect(store.open('abcdefgh', { start: -1, end: 2 })).rejects.toThrow(RangeError);
    await expect(store.open('abcdefgh', { start: 0.5, end: 2 })).rejects.toThrow(RangeError);
  });

  it('spreads files into two levels of folders by key prefix, files 0600 and folders 0700', async () => {
    await store.put('Ab3dEfGh-_1.webp', Buffer.from('image'));
    expect(await filesUnder(directory)).toEqual([join('Ab', '3d', 'Ab3dEfGh-_1.webp')]);
    expect((await stat(join(directory, 'Ab', '3d', 'Ab3dEfGh-_1.webp'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, 'Ab', '3d'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(directory, 'Ab'))).mode & 0o777).toBe(0o700);
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
  });

  it('takes a stream, and copies or moves a file in', async () => {
    await store.put('streamed', Readable.from([Buffer.from('one '), Buffer.from('two')]));
    expect(await text(await store.open('streamed'))).toBe('one two');

    const upload = join(root, 'upload.bin');
    await writeFile(upload, 'uploaded bytes', { mode: 0o644 });
    await store.put('copied-1', { path: upload });
    expect(await readFile(upload, 'utf8')).toBe('uploaded bytes');
    expect(await text(await store.open('copied-1'))).toBe('uploaded bytes');

    await store.put('moved-01.pdf', { path: upload, move: true });
    await expect(stat(upload)).rejects.toThrow(/ENOENT/);
    expect(await text(await store.open('moved-01.pdf'))).toBe('uploaded bytes');
    expect((await stat(store.pathOf('moved-01.pdf'))).mode & 0o777).toBe(0o600);

    // A file stream has a `path`, but is read as the stream it is.
    const other = join(root, 'other.bin');
    await writeFile(other, 'from a stream');
    await store.put('filestream', createReadStream(other));
    expect(await text(await store.open('filestream'))).toBe('from a stream');
  });

  it('replaces a file under the same key', async () => {
    await store.put('replaced', Buffer.from('old'));
    await store.put('replaced', Buffer.from('new content'));
    expect(await text(await store.open('replaced'))).toBe('new content');
    expect(await collect(store.keys())).toEqual(['replaced']);
  });

  it('lists every key, and nothing else that lies in its folder', async () => {
    expect(await collect(store.keys())).toEqual([]);
    for (const key of ['aaaaaaaa', 'aaaabbbb.png', 'zzzzzzzz-1', 'A_B-c_D-e.vtt']) await store.put(key, Buffer.from(key));
    await writeFile(join(directory, 'README'), 'not a key');
    await writeFile(join(directory, 'aa', 'aa', '.0f1e.tmp'), 'half a write');
    await mkdir(join(directory, 'zz', 'zz', 'nested'), { recursive: true });
    await writeFile(join(directory, 'zz', 'zz', 'aaaaaaaa'), 'a key in the wrong folder');
    expect(await collect(store.keys())).toEqual(['A_B-c_D-e.vtt', 'aaaaaaaa', 'aaaabbbb.png', 'zzzzzzzz-1']);
  });

  it('leaves nothing under the key when the source fails midway, and keeps the previous content', async () => {
    async function* failing() {
      yield Buffer.from('the first half of the file…');
      throw new Error('connection lost');
    }
    await expect(store.put('broken-1', failing())).rejects.toThrow('connection lost');
    expect(await store.size('broken-1')).toBeNull();
    expect(await store.open('broken-1')).toBeNull();
    expect(await filesUnder(directory)).toEqual([]);

    await store.put('broken-2', Buffer.from('complete'));
    await expect(store.put('broken-2', failing())).rejects.toThrow('connection lost');
    expect(await text(await store.open('broken-2'))).toBe('complete');
    expect(await filesUnder(directory)).toEqual([join('br', 'ok', 'broken-2')]);

    await expect(store.put('broken-3', { path: join(root, 'missing') })).rejects.toThrow(/ENOENT/);
    expect(await filesUnder(directory)).toEqual([join('br', 'ok', 'broken-2')]);
  });

  it('removes the temporary files a crash left, and only those', async () => {
    await store.put('kept-file', Buffer.from('kept'));
    await writeFile(join(directory, 'ke', 'pt', '.1234-abcd.tmp'), 'half');
    expect(await store.removeTemporaryFiles()).toBe(1);
    expect(await filesUnder(directory)).toEqual([join('ke', 'pt', 'kept-file')]);
  });

  it('refuses keys that could leave its folder or are not keys, for every method', async () => {
    const outside = join(root, 'outside-file');
    await writeFile(outside, 'secret');
    const bad = [
      '',
      'short',
      '../outside-file',
      '../../../../etc/passwd',
      'abcdefgh/../../outside-file',
      outside,
      '/etc/passwd',
      'abcd/efgh',
      'abcd\\efgh',
      '..abcdefgh',
      '.hidden-file',
      'abcdefgh.',
      'abcdefgh..',
      'abcdefgh.JPG',
      'abcdefgh.tar.gz',
      'abcdefgh.toolongext',
      'abcdefgh\u0000',
      'abcdefgh\n',
      'ab cd efgh',
      'abcdéfgh',
      'a'.repeat(65),
    ];
    for (const key of bad) {
      expect(isValidFileKey(key), key).toBe(false);
      await expect(store.put(key, Buffer.from('x')), key).rejects.toThrow(RangeError);
      await expect(store.open(key), key).rejects.toThrow(RangeError);
      await expect(store.size(key), key).rejects.toThrow(RangeError);
      await expect(store.delete(key), key).rejects.toThrow(RangeError);
    }
    expect(await readFile(outside, 'utf8')).toBe('secret');
    expect(await filesUnder(directory)).toEqual([]);
    for (const good of ['abcdefgh', 'a'.repeat(64), 'AbC-_123.mp4', 'x1234567.webm', '--------.a']) {
      expect(isValidFileKey(good), good).toBe(true);
    }
  });
});
