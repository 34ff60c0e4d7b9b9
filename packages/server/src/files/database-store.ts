/**
 * Files kept in the database (`--files-store database`): the store several
 * instances share when they share a PostgreSQL database, with nothing else
 * to run or back up (it works on SQLite too, for one instance that wants
 * a single file to back up).
 *
 * A file is a row of `file_objects` (its key, size and generation) and its
 * bytes are rows of `file_chunks`, 1 MiB each. A write stores its chunks
 * under a new generation, each in a short statement of its own (a 1 GiB
 * video never makes one huge transaction), then switches the key to that
 * generation and drops the previous one in one transaction: until then the
 * key shows its previous content, and a write that fails removes what it
 * wrote. Chunks a crash left (a generation no key names) are removed by
 * `sweep` once a day old. Reads fetch only the chunks a range covers, one at
 * a time as the reader consumes them.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPathSource, isValidFileKey, type ByteRange, type FileSource, type FileStore } from './store.js';

/** Bytes per row of `file_chunks`. */
export const DATABASE_CHUNK_BYTES = 1024 * 1024;
/** Chunks of no file (a write a crash interrupted) are removed once this old, in ms. */
const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;

function checkKey(key: string): void {
  if (!isValidFileKey(key)) throw new RangeError(`Not a valid file key: ${JSON.stringify(key.slice(0, 80))}`);
}

/** A generation names when it was made, so that a crash's leftovers can be told by age. */
const newGeneration = (now: Date): string => `${now.getTime().toString(36).padStart(10, '0')}-${randomBytes(12).toString('base64url')}`;
const generationTime = (generation: string): number => parseInt(generation.slice(0, 10), 36);

/** Re-cuts a stream of byte arrays into chunks of exactly `size` bytes (the last one shorter). */
export async function* chunked(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, size: number): AsyncIterable<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of source) {
    let bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (length + bytes.length >= size) {
      const take = size - length;
      pending.push(bytes.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      bytes = bytes.subarray(take);
    }
    if (bytes.length > 0) {
      // Copied: a stream may reuse its buffer for the next piece.
      pending.push(Buffer.from(bytes));
      length += bytes.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending);
}

export class DatabaseFileStore implements FileStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(key: string, source: FileSource): Promise<void> {
    checkKey(key);
    const path = isPathSource(source) ? source : undefined;
    const bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = path ? createReadStream(path.path) : source instanceof Uint8Array ? [source] : (source as AsyncIterable<Uint8Array>);
    const generation = newGeneration(this.now());
    let size = 0;
    try {
      let seq = 0;
      for await (const chunk of chunked(bytes, DATABASE_CHUNK_BYTES)) {
        await this.db.insertInto('file_chunks').values({ generation, seq: seq++, data: chunk }).execute();
        size += chunk.length;
      }
      await this.db.transaction().execute(async (trx) => {
        const previous = await trx.selectFrom('file_objects').select('generation').where('key', '=', key).executeTakeFirst();
        if (previous) {
          await trx.updateTable('file_objects').set({ generation, size, created_at: this.now().toISOString() }).where('key', '=', key).execute();
          await trx.deleteFrom('file_chunks').where('generation', '=', previous.generation).execute();
        } else {
          await trx.insertInto('file_objects').values({ key, generation, size, created_at: this.now().toISOString() }).execute();
        }
      });
    } catch (error) {
      await this.db.deleteFrom('file_chunks').where('generation', '=', generation).execute().catch(() => undefined);
      throw error;
    }
    if (path?.move) await rm(path.path, { force: true });
  }

  async open(key: string, range?: ByteRange): Promise<Readable | null> {
    checkKey(key);
    if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.end >= range.start)) {
      throw new RangeError(`Not a byte range: ${range.start}-${range.end}`);
    }
    const object = await this.db.selectFrom('file_objects').select(['generation', 'size']).where('key', '=', key).executeTakeFirst();
    if (!object) return null;
    const size = Number(object.size);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? size - 1, size - 1);
    const { db } = this;
    async function* bytes(): AsyncIterable<Buffer> {
      if (size === 0 || start > end) return;
      for (let seq = Math.floor(start / DATABASE_CHUNK_BYTES); seq <= Math.floor(end / DATABASE_CHUNK_BYTES); seq++) {
        const row = await db.selectFrom('file_chunks').select('data').where('generation', '=', object!.generation).where('seq', '=', seq).executeTakeFirst();
        // Replaced or deleted meanwhile: the stream ends with an error, not with other bytes.
        if (!row) throw new Error(`The file ${key} changed while it was read`);
        const data = Buffer.from(row.data);
        const from = seq * DATABASE_CHUNK_BYTES;
        yield data.subarray(Math.max(0, start - from), Math.min(data.length, end - from + 1));
      }
    }
    return Readable.from(bytes(), { objectMode: false });
  }

  async size(key: string): Promise<number | null> {
    checkKey(key);
    const object = await this.db.selectFrom('file_objects').select('size').where('key', '=', key).executeTakeFirst();
    return object ? Number(object.size) : null;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.db.transaction().execute(async (trx) => {
      const object = await trx.selectFrom('file_objects').select('generation').where('key', '=', key).executeTakeFirst();
      if (!object) return;
      await trx.deleteFrom('file_objects').where('key', '=', key).execute();
      await trx.deleteFrom('file_chunks').where('generation', '=', object.generation).execute();
    });
  }

  async *keys(): AsyncIterable<string> {
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('file_objects').select('key').where('key', '>', after).orderBy('key').limit(500).execute();
      for (const row of rows) yield row.key;
      if (rows.length < 500) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  /**
   * Removes the chunks of writes a crash interrupted: generations no key
   * names, made more than a day ago (a write under way on another instance
   * is younger). Resolves to how many chunks went.
   */
  async sweep(): Promise<number> {
    const before = this.now().getTime() - ORPHAN_AGE_MS;
    const orphans = await this.db
      .selectFrom('file_chunks')
      .select('generation')
      .distinct()
      .where('generation', 'not in', this.db.selectFrom('file_objects').select('generation'))
      .limit(100)
      .execute();
    let removed = 0;
    for (const { generation } of orphans) {
      if (generationTime(generation) >= before) continue;
      const result = await this.db.deleteFrom('file_chunks').where('generation', '=', generation).executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    return removed;
  }
}
