/**
 * Serving files (docs/attachments.md#serving).
 *
 * - `GET /files/token` (bearer): the caller's file token, valid an hour.
 * - `GET /files/:file[/:size]?t=<token>`, without a bearer token (an
 *   `<img>` or a `<video>` cannot send one): the file, or one of an image's
 *   sizes, to the person the token names, when they may read it now
 *   (`mayRead`). Every refusal is the
 *   same 404, whatever was wrong (no token, expired, another person's
 *   credentials beside it, no such file): nothing tells a file that exists
 *   from one that does not.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { Database, FilesTable } from '../db/schema.js';
import type { Authenticator } from '../auth/authenticate.js';
import { HttpProblem, notFound } from '../http/errors.js';
import { requireReadablePost, requireVisibleNote } from '../policy/authz.js';
import { findActor, listDeactivated } from '../people/actor-repository.js';
import { fileKey, sizeKey } from './file-types.js';
import { IMAGE_VARIANT_WIDTHS } from './images.js';
import { FILE_TOKEN_TTL_MS, signFileToken, verifyFileToken } from './file-token.js';
import type { FileStore } from './store.js';

const SIZES = IMAGE_VARIANT_WIDTHS.map((width) => `w${width}`);
const FileParams = Type.Object({
  file: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
  size: Type.Optional(Type.Union(SIZES.map((size) => Type.Literal(size)))),
});
const FileQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 400 })) });
const BEARER = /^Bearer\s+(\S+)$/i;
/** `bytes=start-end`, `bytes=start-` or `bytes=-suffix`: one range (a player asks for one at a time). */
const RANGE = /^bytes=(\d*)-(\d*)$/;

export interface FileRouteDeps {
  db: Kysely<Database>;
  store: () => FileStore;
  key: () => Promise<Buffer>;
  now: () => Date;
}

/** `GET /files/token`, on the authenticated scope. */
export function registerFileTokenRoute(plain: FastifyInstance, deps: Pick<FileRouteDeps, 'key' | 'now'>): void {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/files/token', async (request) => {
    const expiresAt = new Date(deps.now().getTime() + FILE_TOKEN_TTL_MS);
    return { token: signFileToken(await deps.key(), request.actor.id, expiresAt), expiresAt: expiresAt.toISOString() };
  });
}

/**
 * Whether this person may read this file now: its uploader while it is
 * attached to nothing (the composer shows it before the post is sent);
 * once attached to a post, whoever may read that post now (its space, its
 * draft state); nobody once that is deleted.
 */
async function mayRead(db: Kysely<Database>, file: Pick<FilesTable, 'owner_id' | 'object_type' | 'object_id'>, actorId: string, now: Date): Promise<boolean> {
  if (file.object_type === null) return file.owner_id === actorId;
  const { object_type: type, object_id: id } = file;
  if (id === null || type === 'deleted') return false;
  const actor = await findActor(db, actorId);
  if (!actor) return false;
  try {
    if (type === 'note') {
      await requireVisibleNote(db, actor, id);
      return true;
    }
    // A comment's files: those who read its post, while the comment is not deleted.
    const postId = type === 'post' ? id : (await db.selectFrom('comments').select('post_id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst())?.post_id;
    if (postId === undefined) return false;
    await requireReadablePost(db, actor, postId, now);
    return true;
  } catch (error) {
    if (error instanceof HttpProblem) return false;
    throw error;
  }
}

/** `GET /files/:file[/:size]`, without authentication (the token says who asks). */
export function registerFileRoutes(plain: FastifyInstance, deps: FileRouteDeps & { authenticate: Authenticator }): void {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { db, now } = deps;
  for (const url of ['/files/:file', '/files/:file/:size']) {
    app.get(url, { schema: { params: FileParams, querystring: FileQuery } }, async (request, reply) => {
      const who = verifyFileToken(await deps.key(), request.query.t ?? '', now());
      if (!who) throw notFound('File');
      const header = request.headers.authorization;
      if (header) {
        // Credentials beside the token must be the token's person's.
        const bearer = BEARER.exec(header)?.[1];
        const actorId = bearer ? await deps.authenticate(bearer).then((a) => a.actor.id, () => null) : null;
        if (actorId !== who.actorId) throw notFound('File');
      }
      if ((await listDeactivated(db, [who.actorId])).size > 0) throw notFound('File');
      const file = await db.selectFrom('files').selectAll().where('id', '=', request.params.file).executeTakeFirst();
      if (!file || !(await mayRead(db, file, who.actorId, now()))) throw notFound('File');
      const size = request.params.size;
      if (size) {
        const variant = await db.selectFrom('file_variants').select(['name', 'media_type']).where('file_id', '=', file.id).where('name', '=', size).executeTakeFirst();
        if (!variant) throw notFound('File');
        return send(reply, deps.store(), sizeKey(file.id, size), variant.media_type, file, who.expiresAt, request.headers.range, now());
      }
      return send(reply, deps.store(), fileKey(file.id, file.media_type), file.media_type, file, who.expiresAt, request.headers.range, now());
    });
  }
}

async function send(
  reply: FastifyReply,
  store: FileStore,
  key: string,
  mediaType: string,
  file: Pick<FilesTable, 'kind' | 'name'>,
  expiresAt: Date,
  range: string | undefined,
  now: Date,
): Promise<FastifyReply> {
  const total = await store.size(key);
  if (total === null) throw notFound('File');
  const disposition = file.kind === 'image' || file.kind === 'video' ? 'inline' : 'attachment';
  reply
    .header('content-type', mediaType)
    .header('x-content-type-options', 'nosniff')
    // Nothing in a file runs, whatever it is (a PDF's scripts, a document opened in a tab).
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    // The browser keeps it while the token is valid; no shared cache ever does.
    .header('cache-control', `private, max-age=${Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000))}`)
    // Embedding pages live on other origins (the SDK is embedded).
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('accept-ranges', 'bytes');
  const match = range ? RANGE.exec(range) : null;
  if (range && match && (match[1] || match[2])) {
    const start = match[1] ? Number(match[1]) : Math.max(0, total - Number(match[2]));
    const end = match[1] && match[2] ? Math.min(Number(match[2]), total - 1) : total - 1;
    // A range past the end is ignored (the whole file follows), as HTTP allows.
    if (start < total && start <= end) {
      const stream = await store.open(key, { start, end });
      if (!stream) throw notFound('File');
      return reply.code(206).header('content-range', `bytes ${start}-${end}/${total}`).header('content-length', end - start + 1).send(stream);
    }
  }
  const stream = await store.open(key);
  if (!stream) throw notFound('File');
  return reply.header('content-length', total).send(stream);
}
