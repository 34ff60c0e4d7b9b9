#!/usr/bin/env node
// The build's step for the examples that `npm start` serves from dist/examples:
// the plain pages are copied as they are; each framework app (an npm
// workspace under examples/: react, vue, angular) is built by its own tool
// into dist/examples/<name>/, and its sources are not copied. Then
// scripts/precompress.mjs compresses the lot.
import { spawn } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { relative, sep } from 'node:path';

const { workspaces } = JSON.parse(await readFile('package.json', 'utf8'));
const apps = workspaces.filter((path) => path.startsWith('examples/'));
const isAppSource = (path) => apps.some((app) => path === app || path.startsWith(app + sep));

await rm('dist/examples', { recursive: true, force: true });
await cp('examples', 'dist/examples', { recursive: true, filter: (src) => !isAppSource(relative('.', src)) });

/** Runs one app's `npm run build`; its output is shown only when it fails. */
function build(app) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build', '--workspace', app], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (code === 0) resolve(`${app} ${seconds} s`);
      else reject(new Error(`${app}: build failed (exit ${code})\n${output}`));
    });
  });
}

// Together: each build waits on its own I/O part of the time, so two cores do three builds faster than in a row.
const done = await Promise.all(apps.map(build));
console.log(`build-examples: plain pages copied; built ${done.join(', ')}`);
