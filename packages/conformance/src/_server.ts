/**
 * Test helper: the built reference server (`ecotone serve`, as `npm start`
 * runs it) on a free port with a fresh SQLite file and the demo data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVER_CLI = join(ROOT, 'packages/server/dist/cli.js');
/** What `npx ecotone-conformance` runs. */
export const CONFORMANCE_CLI = join(ROOT, 'packages/conformance/bin/ecotone-conformance.js');
export const REFERENCE_TOKENS = join(ROOT, 'packages/conformance/tokens/reference-dev.json');

const START_TIMEOUT_MS = 30_000;

export interface ReferenceServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts the server. Writes get a higher budget than the default so the
 * suite runs without waiting out `429`s (it would pass, a minute slower);
 * searches keep theirs, which the rate-limit scenario reaches. Amélie is
 * an auditor, the `auditor` persona of the reference tokens file.
 */
export async function startReferenceServer(extraArgs: readonly string[] = ['--rate-limit', 'write=5000/1m', '--auditor', 'amelie']): Promise<ReferenceServer> {
  for (const file of [SERVER_CLI, join(ROOT, 'packages/conformance/dist/cli.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecotone-conformance-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [SERVER_CLI, 'serve', '--db', join(dir, 'conformance.db'), '--port', '0', '--auth', 'dev', '--seed', 'demo', ...extraArgs],
    { env: { ...process.env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the server exited:\n${output}`));
    });
  });
  return { url, stop };
}
