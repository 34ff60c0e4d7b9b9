/**
 * What the benchmarks that need the reference server share: the built
 * `ecotone serve` in a process of its own, so its event loop is not the
 * benchmark's.
 */
import { spawn } from 'node:child_process';

/** Starts `ecotone serve` with these arguments on a free port; resolves once it listens. */
export async function startServe(args) {
  const child = spawn(process.execPath, ['packages/server/dist/cli.js', 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
