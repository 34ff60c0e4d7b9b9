/**
 * What the benchmarks that need a server share: the built `ecotone serve`
 * (or any server script) in a process of its own, so its event loop is not
 * the benchmark's.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Resolves with the URL a server process prints once it listens; rejects if it exits first. */
export function waitForListening(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Stops a server process and waits for it to exit. */
export async function stopChild(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * Starts `ecotone serve` with these arguments on a free port (`nodeArgs`
 * go to Node itself, e.g. `--cpu-prof`); resolves once it listens.
 */
export async function startServe(args, { nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, 'packages/server/dist/cli.js', 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await waitForListening(child);
  return { url, pid: child.pid, stop: () => stopChild(child) };
}

/**
 * The server as `npm start` runs it, on a temporary database in `dir`: the
 * demo organisation, `--auth dev`, no egress, the SDK under `/sdk/` (hashed
 * chunks immutable) and the built examples under `/`; `serveDirs` are
 * served too (each `--serve-dir` value), ahead of the examples.
 */
export function startExamples(dir, serveDirs = []) {
  return startServe([
    '--db', join(dir, 'bench.db'),
    '--auth', 'dev',
    '--seed', 'demo',
    '--egress', 'off',
    '--serve-dir', '/sdk=dist/sdk',
    '--immutable', '/sdk/chunks/',
    ...serveDirs.flatMap((d) => ['--serve-dir', d]),
    '--serve-dir', '/=dist/examples',
  ]);
}
