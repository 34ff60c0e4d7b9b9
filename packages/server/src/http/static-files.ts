import { isAbsolute, join, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface StaticDir {
  /** URL prefix, e.g. `/` or `/examples/`. */
  prefix: string;
  /** Folder on disk. */
  root: string;
}

/** A year, in seconds: what caches treat as "forever". */
const IMMUTABLE_MAX_AGE_S = 31_536_000;
/** Files named by their content hash never change under that name: no revalidation, ever. */
export const IMMUTABLE_CACHE_CONTROL = `public, max-age=${IMMUTABLE_MAX_AGE_S}, immutable`;
/** Pages and entry files keep their name across versions: cached, but revalidated (ETag) before each use. */
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

/**
 * Serves each folder under its URL prefix. A `.br` or `.gz` file beside the
 * requested one (written at build time: scripts/precompress.mjs) is sent
 * instead when the browser accepts that encoding, so nothing is compressed
 * per request. Files under one of `immutablePaths` (URL prefixes such as
 * `/sdk/chunks/`, whose files are named by content hash) are cached for a
 * year without revalidation; everything else is revalidated with its ETag.
 *
 * `Cross-Origin-Resource-Policy` says who may embed the files without CORS
 * (images, or any file in a page that sets `Cross-Origin-Embedder-Policy`):
 * `cross-origin` when the server trusts other origins (`--cors-origin`:
 * their pages embed the SDK), `same-origin` otherwise. Module scripts load
 * with CORS, whose headers the CORS plugin adds for trusted origins only
 * (http/headers.ts).
 */
export async function registerStaticDirs(
  app: FastifyInstance,
  dirs: readonly StaticDir[],
  immutablePaths: readonly string[],
  { crossOrigin = false }: { crossOrigin?: boolean } = {},
): Promise<void> {
  for (const [index, dir] of dirs.entries()) {
    const immutableFolders = foldersUnder(dir, immutablePaths);
    await app.register(fastifyStatic, {
      root: dir.root,
      prefix: dir.prefix,
      decorateReply: index === 0,
      preCompressed: true,
      // Set below, per file: `send`'s default (max-age=0) says neither "immutable" nor "revalidate".
      cacheControl: false,
      setHeaders: (reply, path) => {
        const immutable = immutableFolders.some((folder) => isInside(path, folder));
        reply.header('cache-control', immutable ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL);
        reply.header('cross-origin-resource-policy', crossOrigin ? 'cross-origin' : 'same-origin');
      },
    });
  }
}

/** The folders of `dir` that the URL prefixes in `paths` name. */
function foldersUnder(dir: StaticDir, paths: readonly string[]): string[] {
  const prefix = dir.prefix.endsWith('/') ? dir.prefix : `${dir.prefix}/`;
  return paths.filter((path) => path.startsWith(prefix)).map((path) => join(dir.root, path.slice(prefix.length)));
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
}
