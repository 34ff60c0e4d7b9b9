#!/usr/bin/env node
// The build's step for the examples that `npm start` serves from dist/examples:
// the plain pages are copied as they are; each framework app (an npm
// workspace under examples/: react, vue, angular) is built by its own tool
// into dist/examples/<name>/, and its sources are not copied. Then
// scripts/precompress.mjs compresses the lot.
//
// An app is built again only when something it is made from (its own files,
// the built packages, package-lock.json) is newer than its last build, so
// that `npm start` after a first build does not spend a minute on them.
import { spawnSync } from 'node:child_process';
import { cp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const OUT = 'dist/examples';
/** What every app is built from, beside its own folder. */
const SHARED_INPUTS = ['package-lock.json', 'packages/protocol/dist', 'packages/core/dist', 'packages/elements/dist'];

const { workspaces } = JSON.parse(await readFile('package.json', 'utf8'));
const apps = workspaces.filter((path) => path.startsWith('examples/'));
const outputOf = (app) => join(OUT, app.slice('examples/'.length));
const isAppSource = (path) => apps.some((app) => path === app || path.startsWith(app + sep));

// The plain pages, anew; the apps' outputs stay until their build replaces them.
const kept = new Set(apps.map((app) => relative(OUT, outputOf(app))));
for (const entry of await readdir(OUT).catch(() => [])) {
  if (!kept.has(entry)) await rm(join(OUT, entry), { recursive: true, force: true });
}
await cp('examples', OUT, { recursive: true, filter: (src) => !isAppSource(relative('.', src)) });

const mtimeMs = (path) => stat(path).then((s) => s.mtimeMs, () => -1);

/** The newest modification time under `path` (node_modules aside). */
async function newestMs(path) {
  const info = await stat(path).catch(() => null);
  if (!info) return -1;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMs(join(path, entry)));
  }
  return newest;
}

const shared = Math.max(...(await Promise.all(SHARED_INPUTS.map(newestMs))));
const report = [];
// One after another: on two cores, three builds at once take longer than in a row.
for (const app of apps) {
  const builtMs = await mtimeMs(join(outputOf(app), 'index.html'));
  if (builtMs > Math.max(shared, await newestMs(app))) {
    report.push(`${app} up to date`);
    continue;
  }
  const started = performance.now();
  // Quiet unless it fails: the bundlers list every chunk.
  const run = spawnSync('npm', ['run', '--silent', 'build', '--workspace', app], {
    encoding: 'utf8',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (run.status !== 0) {
    console.error(`build-examples: ${app} failed (exit ${run.status})\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
  report.push(`${app} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`build-examples: plain pages copied; ${report.join(', ')}`);
