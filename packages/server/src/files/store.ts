/**
 * Where the bytes of attachments live. `FileStore` is the shape the rest of
 * the server uses (so a store in object storage can come later);
 * `LocalFileStore` keeps them in a folder of the server's disk.
 */
import { chmod, mkdir, open, readdir, rename, rm, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * What `put` stores: bytes in memory, a stream of bytes (a `Readable` is
 * one), or a file on disk, copied in or, with `move`, moved in (renamed when
 * it is on the same file system; copied, then removed, when not).
 */
export type FileSource = Uint8Array | AsyncIterable<Uint8Array> | { path: string; move?: boolean };

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A store of files by key. Keys are chosen by the server, never by an
 * uploader: see `isValidFileKey`; every method throws a `RangeError` for
 * any other key.
 */
export interface FileStore {
  /**
   * Stores `source` under `key`, replacing what was there. Atomic: until it
   * resolves, the key shows its previous content (or none); if it rejects,
   * nothing of the new content is left behind.
   */
  put(key: string, source: FileSource): Promise<void>;
  /**
   * A stream of the file's bytes, or of `range` of them (inclusive; a range
   * past the end is cut at the end), or null when there is no such file.
   * Check `size` first to answer `416` for a range that starts past the end.
   */
  open(key: string, range?: ByteRange): Promise<Readable | null>;
  /** The file's size in bytes, or null when there is no such file. */
  size(key: string): Promise<number | null>;
  /** Removes the file; removing a file that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every key stored, in no particular order (e.g. to find files no attachment refers to). */
  keys(): AsyncIterable<string>;
  /** Removes what interrupted writes left, if the store can have any; resolves to how much went. Called with the hourly collection. */
  sweep?(): Promise<number>;
}

/** A key: 8 to 64 letters, digits, `_` or `-`, and an optional lowercase extension of 1 to 8 letters or digits. */
const KEY = /^[A-Za-z0-9_-]{8,64}(?:\.[a-z0-9]{1,8})?$/;
/** Names of the two levels of folders: the key's first two characters, then the next two. */
const FOLDER = /^[A-Za-z0-9_-]{2}$/;
/** Files being written have names no key can have (keys never start with a dot). */
const TEMPORARY = /^\..*\.tmp$/;
/** Owner only: attachments may be private to a space. */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

/**
 * Whether `key` can name a file in a store: `[A-Za-z0-9_-]{8,64}` with an
 * optional `.ext` (`[a-z0-9]{1,8}`). No slash, no `..`, no absolute path, no
 * leading dot: a key never leaves the store's folder.
 */
export function isValidFileKey(key: string): boolean {
  return KEY.test(key);
}

/**
 * A `FileStore` in a folder: `key` lives at `directory/k[0..2]/k[2..4]/key`,
 * so no folder holds more than 4096 subfolders. Files are written to a
 * temporary name beside their final one, flushed to disk, then renamed, so a
 * reader or a crash never sees half a file; files get mode 0600 and folders
 * 0700. Keys differing only in case are different files: use it on a
 * case-sensitive file system.
 *
 * @example
 * const store = new LocalFileStore('/var/lib/ecotone/files');
 * await store.put('k9Zr2mXw0QbT.pdf', { path: upload.path, move: true });
 * const stream = await store.open('k9Zr2mXw0QbT.pdf', { start: 0, end: 1023 });
 */
export class LocalFileStore implements FileStore {
  /** @param directory The folder of the store; created (0700) on the first `put` if missing. */
  constructor(readonly directory: string) {}

  /** The path of `key`'s file, after checking the key. */
  pathOf(key: string): string {
    if (!isValidFileKey(key)) throw new RangeError(`Not a valid file key: ${JSON.stringify(key.slice(0, 80))}`);
    return join(this.directory, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, source: FileSource): Promise<void> {
    const target = this.pathOf(key);
    const folder = dirname(target);
    await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
    if (isPathSource(source) && source.move) {
      if (await this.moveIn(source.path, target)) return;
      // Another file system: copy, and remove the original only once the copy is in place.
      await this.writeIn(target, await readerOf(source.path));
      await rm(source.path, { force: true });
      return;
    }
    await this.writeIn(target, isPathSource(source) ? await readerOf(source.path) : source);
  }

  async open(key: string, range?: ByteRange): Promise<Readable | null> {
    const path = this.pathOf(key);
    if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.end >= range.start)) {
      throw new RangeError(`Not a byte range: ${range.start}-${range.end}`);
    }
    let handle: FileHandle;
    try {
      // Opened here, so a missing file is told now, not as a stream error later.
      handle = await open(path, 'r');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      // The folders stay: removing them could race with a `put` into them.
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async *keys(): AsyncIterable<string> {
    for (const first of await entriesOf(this.directory)) {
      if (!FOLDER.test(first)) continue;
      for (const second of await entriesOf(join(this.directory, first))) {
        if (!FOLDER.test(second)) continue;
        for (const name of await entriesOf(join(this.directory, first, second))) {
          if (isValidFileKey(name) && name.startsWith(first + second)) yield name;
        }
      }
    }
  }

  /**
   * Removes the temporary files of writes a crash interrupted. Call it when
   * the server starts, before any `put`: it would remove the temporary file
   * of a write under way. Resolves to how many were removed.
   */
  async removeTemporaryFiles(): Promise<number> {
    let removed = 0;
    for (const first of await entriesOf(this.directory)) {
      if (!FOLDER.test(first)) continue;
      for (const second of await entriesOf(join(this.directory, first))) {
        if (!FOLDER.test(second)) continue;
        const folder = join(this.directory, first, second);
        for (const name of await entriesOf(folder)) {
          if (!TEMPORARY.test(name)) continue;
          await rm(join(folder, name), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  /** Writes `source` to a temporary file beside `target`, flushes it, renames it to `target`. */
  private async writeIn(target: string, source: Uint8Array | AsyncIterable<Uint8Array> | FileReader): Promise<void> {
    const folder = dirname(target);
    const temporary = join(folder, `.${randomUUID()}.tmp`);
    try {
      let handle: FileHandle;
      try {
        handle = await open(temporary, 'wx', FILE_MODE);
      } catch (error) {
        if (source instanceof FileReader) await source.close();
        throw error;
      }
      try {
        // A file's stream is made only now, read at once: its errors always have a listener.
        const stream = source instanceof FileReader ? source.stream() : undefined;
        try {
          await writeFile(handle, stream ?? (source as Uint8Array | AsyncIterable<Uint8Array>));
        } finally {
          // Closes the source file whatever happened to the copy.
          stream?.destroy();
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncFolder(folder);
  }

  /** Moves the file at `path` to `target` by renaming it; false when they are on different file systems. */
  private async moveIn(path: string, target: string): Promise<boolean> {
    // Flushed and made private before it appears under its key.
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(path, FILE_MODE);
    try {
      await rename(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
      throw error;
    }
    await syncFolder(dirname(target));
    return true;
  }
}

/** Whether `put` was given a file on disk to copy or move in (not bytes, not a stream). */
export function isPathSource(source: FileSource): source is { path: string; move?: boolean } {
  // A file stream has a `path` too, but is a stream of bytes to read, not a path to open.
  return !(source instanceof Uint8Array) && !(Symbol.asyncIterator in source) && typeof source.path === 'string';
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The names in a folder, none when it does not exist. */
async function entriesOf(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/**
 * Flushes a folder, so a rename in it survives a power cut. Best effort:
 * some platforms cannot open a folder for that, and the file itself is
 * already on disk.
 */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Not supported here (e.g. Windows): the rename stands, only its durability is the platform's.
  } finally {
    await handle?.close();
  }
}

/** A source file already opened (a missing file fails at once), whose stream is made when it is read. */
class FileReader {
  constructor(private readonly handle: FileHandle) {}

  stream(): ReturnType<FileHandle['createReadStream']> {
    return this.handle.createReadStream();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

async function readerOf(path: string): Promise<FileReader> {
  return new FileReader(await open(path, 'r'));
}
