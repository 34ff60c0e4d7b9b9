/**
 * Test helper: a PostgreSQL cluster of the test's own (initdb + pg_ctl, on
 * its own port and socket folder, trust authentication on 127.0.0.1), for
 * tests that stop and start the database under a running server. The run's
 * shared PostgreSQL is never stopped. Needs PostgreSQL's server binaries
 * (`PG_BIN`, default Debian's /usr/lib/postgresql/15/bin); run as root, the
 * cluster belongs to the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { access, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** Longest a start or a stop of the cluster may take, in ms. */
const PG_CTL_TIMEOUT_MS = 60_000;

export interface ThrowawayCluster {
  /** URL of the `postgres` database as the `postgres` role. */
  adminUrl: string;
  /** The TCP port it listens on (127.0.0.1). */
  port: number;
  /** URL of database `name` on this cluster. */
  url: (name: string) => string;
  start: () => Promise<void>;
  /** Fast shutdown: sessions are ended (57P01), then connections are refused. */
  stop: () => Promise<void>;
  /** Stops the cluster and deletes its files. */
  remove: () => Promise<void>;
}

/** Why no cluster can be made here, or undefined when one can. */
export async function throwawayClusterUnavailable(): Promise<string | undefined> {
  try {
    await access(join(PG_BIN, 'initdb'));
    await access(join(PG_BIN, 'pg_ctl'));
  } catch {
    return `PostgreSQL's initdb and pg_ctl are not in ${PG_BIN} (set PG_BIN)`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Makes and starts a new cluster. */
export async function createThrowawayCluster(): Promise<ThrowawayCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'ecotone-pg-'));
  const data = join(dir, 'data');
  const sockets = dir;
  const asRoot = userInfo().uid === 0;
  // initdb refuses to run as root: the cluster is the postgres user's.
  const as = async (command: string, args: string[]) => {
    const file = join(PG_BIN, command);
    if (asRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: PG_CTL_TIMEOUT_MS });
    else await run(file, args, { timeout: PG_CTL_TIMEOUT_MS });
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=trust', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log.txt'), '-w', 'start']);
  const stop = () => as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
  return {
    adminUrl: url('postgres'),
    port,
    url,
    start,
    stop,
    remove: async () => {
      await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
