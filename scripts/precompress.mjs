#!/usr/bin/env node
// Writes a Brotli (.br) and a gzip (.gz) copy beside each text file of the
// folders given, so the server sends compressed bytes without compressing
// per request (@fastify/static's preCompressed: `ecotone serve --serve-dir`).
//
//   node scripts/precompress.mjs            the build's step: dist/sdk, and
//                                           dist/examples (scripts/build-examples.mjs)
//   node scripts/precompress.mjs DIR...     any folder a deployer serves
//
// At maximum levels: the cost is paid once, at build time. A copy is
// rewritten only when its file is newer, and is not written when it would
// not be smaller than the file.
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const TEXT_EXTENSIONS = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json']);
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const ENCODINGS = [
  {
    suffix: '.br',
    compress: (bytes) =>
      brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
  },
  { suffix: '.gz', compress: (bytes) => gz(bytes, { level: constants.Z_BEST_COMPRESSION }) },
];

async function* textFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(path);
    else if (entry.isFile() && TEXT_EXTENSIONS.has(extname(entry.name))) yield path;
  }
}

const mtimeMs = (path) => stat(path).then((s) => s.mtimeMs, () => -1);

/** Compresses one file in each encoding; returns the bytes written. */
async function precompressFile(path) {
  const sourceMtimeMs = await mtimeMs(path);
  let bytes;
  let written = 0;
  for (const { suffix, compress } of ENCODINGS) {
    const target = path + suffix;
    if ((await mtimeMs(target)) >= sourceMtimeMs) continue;
    bytes ??= await readFile(path);
    const compressed = await compress(bytes);
    // A stale copy must never be served in place of a newer file.
    await rm(target, { force: true });
    if (compressed.length >= bytes.length) continue;
    await writeFile(target, compressed);
    written += compressed.length;
  }
  return written;
}

async function precompress(dirs) {
  const files = [];
  for (const dir of dirs) for await (const path of textFiles(dir)) files.push(path);
  // zlib's async calls run on libuv's thread pool: a few at a time keep both cores busy.
  const results = await Promise.all(files.map((path) => precompressFile(path)));
  return { files: files.length, rewritten: results.filter((n) => n > 0).length };
}

const args = process.argv.slice(2);
// The examples are served from the build, like the SDK (copied or built anew
// by scripts/build-examples.mjs), so their compressed copies are never older
// than what they stand for.
const dirs = args.length > 0 ? args : ['dist/sdk', 'dist/examples'];
const { files, rewritten } = await precompress(dirs);
console.log(`precompress: ${files} files in ${dirs.join(', ')}, ${rewritten} (re)compressed to .br and .gz`);
