/**
 * Unfinished uploads kept in the database (`--files-store database`): a tus
 * data store that any instance sharing the database reads and continues,
 * so an upload started on one instance resumes on another (no sticky
 * sessions, no shared folder).
 *
 * An upload is a row of `upload_sessions` (length, metadata, creation) and
 * its bytes, as they arrive, rows of `upload_parts` of at most 1 MiB keyed
 * by their offset. What a cut connection delivered is kept (tus ends the
 * request's stream gracefully), so the client resumes from there. Two
 * instances writing the same upload from the same offset (a client that
 * retried while its first request still ran elsewhere) cannot both: the
 * second part at that offset is refused by the key, and its request fails.
 * A finished upload is assembled into a file of the instance's own folder,
 * where it is checked and kept as any upload (uploads.ts), then its parts go.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import type { Database } from '../db/schema.js';
import { chunked, DATABASE_CHUNK_BYTES } from './database-store.js';

export class DatabaseUploadStore extends DataStore {
  readonly #db: Kysely<Database>;
  readonly #expiryMs: number;
  readonly #now: () => Date;

  constructor(db: Kysely<Database>, options: { expirationPeriodInMilliseconds: number; now?: () => Date }) {
    super();
    this.#db = db;
    this.#expiryMs = options.expirationPeriodInMilliseconds;
    this.#now = options.now ?? (() => new Date());
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const createdAt = upload.creation_date ?? this.#now().toISOString();
    await this.#db
      .insertInto('upload_sessions')
      .values({ id: upload.id, size: upload.size ?? null, metadata: JSON.stringify(upload.metadata ?? {}), created_at: createdAt })
      .execute();
    upload.creation_date = createdAt;
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const session = await this.#db.selectFrom('upload_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({
      id,
      ...(session.size !== null ? { size: Number(session.size) } : {}),
      offset: await this.#received(id),
      metadata: JSON.parse(session.metadata) as Record<string, string | null>,
      creation_date: session.created_at,
    });
  }

  /** Writes the bytes of one request from `offset`, part by part; answers the offset reached. */
  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    let reached = offset;
    for await (const part of chunked(stream, DATABASE_CHUNK_BYTES)) {
      await this.#db.insertInto('upload_parts').values({ upload_id: id, start: reached, size: part.length, data: part }).execute();
      reached += part.length;
    }
    return reached;
  }

  override async remove(id: string): Promise<void> {
    const removed = await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('upload_parts').where('upload_id', '=', id).execute();
      return trx.deleteFrom('upload_sessions').where('id', '=', id).executeTakeFirst();
    });
    if (Number(removed.numDeletedRows) === 0) throw ERRORS.FILE_NOT_FOUND;
  }

  override getExpiration(): number {
    return this.#expiryMs;
  }

  /** Removes the uploads older than the expiry, with their parts; answers how many. */
  override async deleteExpired(): Promise<number> {
    const before = new Date(this.#now().getTime() - this.#expiryMs).toISOString();
    const expired = await this.#db.selectFrom('upload_sessions').select('id').where('created_at', '<', before).limit(500).execute();
    for (const { id } of expired) await this.remove(id).catch(() => {});
    return expired.length;
  }

  /** Writes a finished upload's bytes, in order, into a file at `path` (one part in memory at a time). */
  async assemble(id: string, path: string): Promise<void> {
    const db = this.#db;
    async function* parts(): AsyncIterable<Uint8Array> {
      for (let next = 0; ; ) {
        const part = await db.selectFrom('upload_parts').select('data').where('upload_id', '=', id).where('start', '=', next).executeTakeFirst();
        if (!part) return;
        yield part.data;
        next += part.data.length;
      }
    }
    await pipeline(Readable.from(parts()), createWriteStream(path));
  }

  /** The bytes received so far: the sum of the parts' sizes. */
  async #received(id: string): Promise<number> {
    const row = await this.#db
      .selectFrom('upload_parts')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('received'))
      .where('upload_id', '=', id)
      .executeTakeFirst();
    return Number(row?.received ?? 0);
  }
}
