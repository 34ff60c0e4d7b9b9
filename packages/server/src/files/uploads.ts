/**
 * Resumable uploads (docs/attachments.md#uploading): the tus 1.0 protocol,
 * served by `@tus/server` with its file store under `/api/v1/uploads`,
 * behind the same authentication, limits and problem answers as every
 * other route.
 *
 * - Creating an upload (`POST`) needs a space the caller may publish in
 *   (`Upload-Metadata: space`), and a length within the largest limit of
 *   that space (`413 file_too_large` at once otherwise). The upload is
 *   recorded with its owner: nobody else can see it, continue it or cancel
 *   it (`404`).
 * - The bytes go to the upload directory, chunk by chunk (`PATCH`), and
 *   resume from the offset the server has (`HEAD`) after a failure.
 * - The last chunk completes it: the type is decided by the bytes
 *   (files/sniff.ts), the kind's limit is checked (files/limits.ts), an
 *   image is rewritten without its metadata and given its responsive sizes
 *   (files/images.ts), the result is put in the file store and recorded
 *   (`files`), and the final `PATCH` answers the file (`UploadedFile`). A
 *   refusal answers its problem, and nothing of the file is kept.
 * - Uploads left unfinished are collected after UPLOAD_EXPIRY_MS.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { EVENTS, Metadata, Server as TusServer, type Upload } from '@tus/server';
import { FileStore as TusFileStore } from '@tus/file-store';
import { API_PREFIX, problem, type Actor, type UploadedFile } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { appendAudit } from '../audit/audit-log.js';
import { eventTransaction } from '../live/event-transaction.js';
import { HttpProblem, notFound } from '../http/errors.js';
import { requirePublishableSpace } from '../policy/authz.js';
import { decideFileType } from './sniff.js';
import { fileKey, fileProblem, servedName, sizeKey } from './file-types.js';
import { checkSize, formatMiB, largestFor, type FileLimits } from './limits.js';
import type { FileStore } from './store.js';
import { processImage } from './images.js';
import { removeFiles } from './attachments.js';
import { captionText } from './captions.js';
import { DatabaseUploadStore } from './database-uploads.js';

/** Where uploads are served, relative to the API prefix. */
export const UPLOADS_PATH = '/uploads';
/** An upload nobody finished is collected after this long. */
export const UPLOAD_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** How often unfinished uploads and unattached files are looked for. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Abandoned uploads, and unattached files, collected per sweep at most (each). */
const COLLECT_BATCH = 500;

/** The file a completed upload became, as the final `PATCH` answers it (the protocol's type). */
export type { UploadedFile } from '@ecotone/protocol';

export interface UploadsOptions {
  db: Kysely<Database>;
  /**
   * Where unfinished uploads wait (tus's file store), unless
   * `uploadsInDatabase`; then only where a finished one is assembled to be
   * checked.
   */
  directory: string;
  /** Unfinished uploads wait in the database, so every instance on it resumes them (files/database-uploads.ts). */
  uploadsInDatabase?: boolean;
  limits: FileLimits;
  store: FileStore;
  now: () => Date;
  onError: (error: unknown) => void;
}

/** A request's person, set by the route before tus handles it. */
const callers = new WeakMap<IncomingMessage, Actor>();

/** The person of the node request behind tus's web request (the route checked them). */
function callerOf(req: Request): Actor {
  const node = (req as unknown as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
  const actor = node ? callers.get(node) : undefined;
  if (!actor) throw new Error('an upload request reached tus without its person');
  return actor;
}

/** One value of a request header (the first, when repeated). */
function headerOf(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const newFileId = () => randomBytes(16).toString('base64url');

/** The largest file any space takes: tus's own bound on every upload (each space's is checked at creation). */
function largestOverall(limits: FileLimits): number {
  const perSpace = Object.values(limits.spaces ?? {}).flatMap((kinds) => Object.values(kinds));
  return Math.max(...Object.values(limits.bytes), ...perSpace);
}

export class Uploads {
  readonly tus: TusServer;
  readonly #options: UploadsOptions;
  readonly #datastore: TusFileStore | DatabaseUploadStore;
  #sweep: ReturnType<typeof setInterval> | undefined;

  constructor(options: UploadsOptions) {
    this.#options = options;
    this.#datastore = options.uploadsInDatabase
      ? new DatabaseUploadStore(options.db, { expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS, now: options.now })
      : new TusFileStore({ directory: options.directory, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS });
    this.tus = new TusServer({
      path: API_PREFIX + UPLOADS_PATH,
      datastore: this.#datastore,
      relativeLocation: true,
      respectForwardedHeaders: false,
      // CORS is the server's own (http/headers.ts): tus adds no origin of its own.
      allowedOrigins: () => false,
      // The space's own limit is checked when the upload is created (#create).
      maxSize: largestOverall(options.limits),
      onUploadCreate: async (req, upload) => this.#create(req, upload),
      onUploadFinish: async (_req, upload) => this.#finish(upload),
    });
    this.#watchTerminations();
  }

  /** Forgets a cancelled upload's row (tus deleted its bytes). */
  #watchTerminations(): void {
    this.tus.on(EVENTS.POST_TERMINATE, (_req: unknown, _res: unknown, id: string) => {
      this.#options.db.deleteFrom('uploads').where('id', '=', id).execute().catch(this.#options.onError);
    });
  }

  /**
   * Refuses, before tus sees it, what a person may not do: creating an
   * upload anywhere but in a space they may post in, empty or larger than
   * that space takes; touching anyone else's upload. Refusals are the
   * server's problems (thrown as HttpProblem, answered as everywhere else).
   */
  async check(actor: Actor, method: string, uploadId: string | undefined, headers: IncomingMessage['headers']): Promise<void> {
    const { db, limits } = this.#options;
    if (uploadId !== undefined) {
      const row = await this.#uploadRow(uploadId);
      if (!row || row.owner_id !== actor.id) throw notFound('Upload');
      return;
    }
    if (method !== 'POST') return;
    const spaceId = Metadata.parse(headerOf(headers, 'upload-metadata')).space ?? '';
    if (!spaceId) throw new HttpProblem('validation_failed', 'Upload-Metadata must name the space (space)');
    if (headerOf(headers, 'upload-defer-length') !== undefined) {
      throw new HttpProblem('validation_failed', 'The length of the file must be given at once (Upload-Length)');
    }
    await requirePublishableSpace(db, actor, spaceId, 'note');
    const size = Number(headerOf(headers, 'upload-length'));
    if (size === 0) throw fileProblem('file_empty', 'The file is empty');
    const largest = largestFor(limits, spaceId);
    if (size > largest) throw fileProblem('file_too_large', `The file is larger than this space accepts (${formatMiB(largest)} MiB)`);
  }

  /** Handles one tus request (any method) of an authenticated person, once `check` let it through. */
  async handle(actor: Actor, req: IncomingMessage, res: ServerResponse): Promise<void> {
    callers.set(req, actor);
    await this.tus.handle(req, res);
  }

  /** Where accepted files are kept. */
  get store(): FileStore {
    return this.#options.store;
  }

  /** Collects what was left behind while the server was down, then every SWEEP_INTERVAL_MS. */
  async start(): Promise<void> {
    await this.collectAbandoned();
    this.#sweep = setInterval(() => void this.collectAbandoned(), SWEEP_INTERVAL_MS);
    this.#sweep.unref();
  }

  stop(): void {
    clearInterval(this.#sweep);
  }

  /**
   * Deletes what was left behind for longer than UPLOAD_EXPIRY_MS: uploads
   * never finished (their bytes and rows), and files never attached to a
   * post, comment or note (their stored bytes, sizes and rows). Answers how
   * many of each went, at most COLLECT_BATCH of each per call.
   */
  async collectAbandoned(): Promise<{ uploads: number; files: number }> {
    const { db, now, store, onError } = this.#options;
    const before = new Date(now().getTime() - UPLOAD_EXPIRY_MS).toISOString();
    try {
      await this.#datastore.deleteExpired();
      const uploads = await db.selectFrom('uploads').select('id').where('created_at', '<', before).orderBy('created_at').limit(COLLECT_BATCH).execute();
      for (const { id } of uploads) await this.#forget(id);
      // Files attached nowhere for a day, then those of deleted posts a crash left behind.
      const files = await db
        .selectFrom('files')
        .select('id')
        .where('object_id', 'is', null)
        .where('object_type', 'is', null)
        .where('created_at', '<', before)
        .orderBy('object_id')
        .orderBy('created_at')
        .limit(COLLECT_BATCH)
        .execute();
      const released = await db.selectFrom('files').select('id').where('object_id', 'is', null).where('object_type', '=', 'deleted').limit(COLLECT_BATCH).execute();
      // Files of comments that went with their post (the cascade removes comments, not files): unreadable since.
      const orphaned = await db
        .selectFrom('files')
        .leftJoin('comments', 'comments.id', 'files.object_id')
        .select('files.id')
        .where('files.object_type', '=', 'comment')
        .where('comments.id', 'is', null)
        .limit(COLLECT_BATCH)
        .execute();
      await removeFiles(db, store, [...files, ...released, ...orphaned].map((file) => file.id));
      await store.sweep?.();
      return { uploads: uploads.length, files: files.length + released.length + orphaned.length };
    } catch (error) {
      onError(error);
      return { uploads: 0, files: 0 };
    }
  }

  /**
   * Removes the files of a deleted post for good, once its deletion is
   * committed (they are unreadable since). A failure is reported, not
   * thrown: the deletion stands, and the sweep removes what is left.
   */
  async removeFiles(ids: readonly string[]): Promise<void> {
    const { db, store, onError } = this.#options;
    await removeFiles(db, store, ids).catch(onError);
  }

  async #uploadRow(id: string) {
    return this.#options.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Records who started the upload, and for which space (`check` allowed both). */
  async #create(req: Request, upload: Upload): Promise<{ metadata: Record<string, string> }> {
    const actor = callerOf(req);
    const { db, now } = this.#options;
    // Kept as given (at most 255 characters) until the bytes say what it is (servedName).
    const name = (upload.metadata?.filename ?? 'file').slice(0, 255);
    await db
      .insertInto('uploads')
      .values({
        id: upload.id,
        owner_id: actor.id,
        space_id: upload.metadata?.space ?? '',
        size: upload.size ?? 0,
        name,
        declared_type: upload.metadata?.filetype?.slice(0, 255) ?? null,
        created_at: now().toISOString(),
      })
      .execute();
    return { metadata: upload.metadata as Record<string, string> };
  }

  async #finish(upload: Upload): Promise<{ status_code: number; body: string; headers: Record<string, string> }> {
    const { db } = this.#options;
    const row = await this.#uploadRow(upload.id);
    try {
      if (!row) throw notFound('Upload');
      const meta = { ownerId: row.owner_id, spaceId: row.space_id, name: row.name, size: row.size, ...(row.declared_type ? { declaredType: row.declared_type } : {}) };
      const path = join(this.#options.directory, upload.id);
      // Kept in the database: put together here, the instance that received the last byte.
      if (this.#datastore instanceof DatabaseUploadStore) await this.#datastore.assemble(upload.id, await this.#scratch(upload.id));
      const file = await this.#keep(path, meta, async (trx) => {
        await trx.deleteFrom('uploads').where('id', '=', upload.id).execute();
      });
      return { status_code: 200, body: JSON.stringify(file), headers: { 'Content-Type': 'application/json; charset=utf-8' } };
    } catch (error) {
      // Nothing of a refused file is kept.
      await db.deleteFrom('uploads').where('id', '=', upload.id).execute().catch(() => {});
      if (!(error instanceof HttpProblem)) throw error;
      const body = problem(error.code, error.message);
      return { status_code: body.status, body: JSON.stringify(body), headers: { 'Content-Type': 'application/problem+json' } };
    } finally {
      await this.#removeUploadBytes(upload.id);
    }
  }

  /**
   * Keeps a file made on the server (the demo's photo and video), as a
   * finished upload of `ownerId` in `spaceId`: the same checks, sizes and
   * row. Refused as an upload would be (HttpProblem), keeping nothing.
   */
  async ingest(bytes: Uint8Array, meta: { ownerId: string; spaceId: string; name: string }): Promise<UploadedFile> {
    const path = await this.#scratch(`ingest-${newFileId()}`);
    await writeFile(path, bytes);
    try {
      return await this.#keep(path, { ...meta, size: bytes.length });
    } finally {
      await rm(path, { force: true });
    }
  }

  /**
   * A finished file's type decided by its bytes, its limits checked, an
   * image's sizes made; then its bytes stored and its row written (with
   * `alsoInTransaction`). A refused file keeps nothing and throws HttpProblem.
   */
  async #keep(
    path: string,
    meta: { ownerId: string; spaceId: string; name: string; size: number; declaredType?: string },
    alsoInTransaction?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<UploadedFile> {
    const { db, limits, store, now } = this.#options;
    const fileId = newFileId();
    const keys: string[] = [];
    try {
      const type = await decideFileType(path, { declaredName: meta.name, ...(meta.declaredType ? { declaredType: meta.declaredType } : {}) });
      checkSize(limits, meta.spaceId, type.kind, meta.size);
      const name = servedName(meta.name, type);
      let width: number | undefined;
      let height: number | undefined;
      let animated = false;
      let placeholder: string | undefined;
      let size = meta.size;
      let text: string | null = null;
      const variants: { name: string; media_type: string; width: number; height: number; size: number }[] = [];
      const key = fileKey(fileId, type.mediaType);
      keys.push(key);
      if (type.kind === 'image') {
        const image = await processImage(path, type.mediaType as Parameters<typeof processImage>[1]);
        ({ width, height, animated } = image);
        placeholder = image.placeholder;
        await store.put(key, image.original.bytes);
        size = image.original.bytes.length;
        for (const variant of image.variants) {
          const variantKey = sizeKey(fileId, variant.name);
          keys.push(variantKey);
          await store.put(variantKey, variant.bytes);
          variants.push({ name: variant.name, media_type: variant.mediaType, width: variant.width, height: variant.height, size: variant.bytes.length });
        }
      } else {
        // A caption's words, for the search index (a caption file is at most a few MiB, and strict UTF-8: sniff.ts).
        if (type.kind === 'caption') text = captionText(await readFile(path, 'utf8'));
        await store.put(key, { path, move: true });
      }
      await eventTransaction(db, async (trx) => {
        await appendAudit(trx, now(), [
          { action: 'file.upload', actorId: meta.ownerId, targetType: 'file', targetId: fileId, spaceId: meta.spaceId, detail: { kind: type.kind, mediaType: type.mediaType, size, name } },
        ]);
        await trx
          .insertInto('files')
          .values({
            id: fileId,
            owner_id: meta.ownerId,
            space_id: meta.spaceId,
            kind: type.kind,
            media_type: type.mediaType,
            name,
            size,
            width: width ?? null,
            height: height ?? null,
            animated: animated ? 1 : 0,
            placeholder: placeholder ?? null,
            object_type: null,
            object_id: null,
            created_at: now().toISOString(),
            alt: null,
            text,
          })
          .execute();
        if (variants.length > 0) await trx.insertInto('file_variants').values(variants.map((v) => ({ file_id: fileId, ...v }))).execute();
        await alsoInTransaction?.(trx);
      });
      return { id: fileId, kind: type.kind, mediaType: type.mediaType, name, size, ...(width !== undefined && height !== undefined ? { width, height } : {}) };
    } catch (error) {
      for (const key of keys) await store.delete(key).catch(() => {});
      throw error;
    }
  }

  /**
   * A path in the uploads folder for a file made here (an upload put
   * together from the database, a file of the demo); the folder is made
   * when missing (with the files in the database, tus never made it).
   */
  async #scratch(name: string): Promise<string> {
    await mkdir(this.#options.directory, { recursive: true });
    return join(this.#options.directory, name);
  }

  async #removeUploadBytes(id: string): Promise<void> {
    await rm(join(this.#options.directory, id), { force: true });
    await rm(join(this.#options.directory, `${id}.json`), { force: true });
    if (this.#datastore instanceof DatabaseUploadStore) await this.#datastore.remove(id).catch(() => {});
  }

  async #forget(id: string): Promise<void> {
    await this.#removeUploadBytes(id);
    await this.#options.db.deleteFrom('uploads').where('id', '=', id).execute();
  }
}

/** Registers the tus routes (every method tus uses) on an authenticated scope. */
export function registerUploadRoutes(app: FastifyInstance, uploads: Uploads): void {
  // The bytes of a chunk are tus's to read: Fastify does not parse them.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null, undefined));
  // Relative to the API scope's prefix: creating, then each upload's resume, chunks and cancel.
  const routes: [string, ('POST' | 'HEAD' | 'PATCH' | 'DELETE')[]][] = [
    [UPLOADS_PATH, ['POST']],
    [`${UPLOADS_PATH}/:upload`, ['HEAD', 'PATCH', 'DELETE']],
  ];
  for (const [url, method] of routes) {
    app.route({
      method,
      url,
      config: { limitClass: 'upload' },
      handler: async (request, reply) => {
        // Refusals first, as problems like every other route's; then tus answers.
        await uploads.check(request.actor, request.method, (request.params as { upload?: string }).upload, request.headers);
        reply.hijack();
        // hijack() skips onSend, so the headers set by hooks (security, CORS) are copied here.
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined) reply.raw.setHeader(name, value);
        }
        await uploads.handle(request.actor, request.raw, reply.raw);
      },
    });
  }
}
