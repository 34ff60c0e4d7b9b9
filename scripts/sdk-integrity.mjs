// Subresource Integrity for the SDK bundle (@ecotone/sdk). The Rollup build
// writes `integrity.json` beside the bundle (file name relative to the
// bundle's folder -> `sha384-…`), so a page can pin what it loads:
// `<script type="module" integrity>`, `<link rel="modulepreload" integrity>`,
// or an import map's `integrity` for the chunks loaded later.
// `checkIntegrity` recomputes every hash; `npm run pack-check` runs it on the
// packed package, and the e2e test lets Chromium enforce the hashes.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The release file's name, in the bundle's folder. */
export const INTEGRITY_FILE = 'integrity.json';

/** The SRI value of some bytes: `sha384-` and the base64 digest. */
export function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** Every file under `dir` (but the release file), as `/`-separated relative paths, sorted. */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((name) => name !== INTEGRITY_FILE && !/\.(br|gz)$/.test(name))
    .sort();
}

/** Hashes every file of `dir` (compressed copies aside) and writes `integrity.json` there. */
export async function writeIntegrity(dir) {
  const integrity = {};
  for (const name of await filesUnder(dir)) integrity[name] = sri(await readFile(join(dir, name)));
  await writeFile(join(dir, INTEGRITY_FILE), `${JSON.stringify(integrity, null, 2)}\n`);
  return integrity;
}

/**
 * The problems of `dir`'s `integrity.json`: a file it does not list, a listed
 * file that is missing, a hash that does not match. Empty when all is well.
 */
export async function checkIntegrity(dir) {
  let listed;
  try {
    listed = JSON.parse(await readFile(join(dir, INTEGRITY_FILE), 'utf8'));
  } catch (error) {
    return [`${INTEGRITY_FILE} unreadable: ${error instanceof Error ? error.message : String(error)}`];
  }
  const problems = [];
  const present = await filesUnder(dir);
  for (const name of present) {
    if (!(name in listed)) problems.push(`${name} is not listed in ${INTEGRITY_FILE}`);
    else if (listed[name] !== sri(await readFile(join(dir, name)))) problems.push(`${name}: hash does not match ${INTEGRITY_FILE}`);
  }
  for (const name of Object.keys(listed)) if (!present.includes(name)) problems.push(`${name} is listed but missing`);
  return problems;
}

/**
 * Rollup plugin: empties the output folder before writing (so the package
 * never ships a chunk of an older build) and writes `integrity.json` after.
 */
export function integrityPlugin() {
  return {
    name: 'ecotone-sdk-integrity',
    async renderStart(options) {
      if (options.dir) await rm(options.dir, { recursive: true, force: true });
    },
    async writeBundle(options) {
      if (options.dir) await writeIntegrity(options.dir);
    },
  };
}
