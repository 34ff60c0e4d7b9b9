/**
 * Starts the real `ecotone` CLI (as `npm start` does, on a throwaway SQLite
 * file and a free port) and a headless Chromium for end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_START_TIMEOUT_MS = 30_000;

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Ends the process at once (`SIGKILL`): a machine lost, not a shutdown. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  /** The database (`--db`): a PostgreSQL URL shared with other instances; default a SQLite file of its own. */
  db?: string;
  /** Fill an empty database with the demo organisation (default true). */
  seed?: boolean;
  /** How callers sign in (default `['--auth', 'dev']`), e.g. `['--auth', 'jwt', '--jwks-url', …]`. */
  auth?: string[];
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export async function startServer(extraArgs: string[] = [], options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecotone-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/server/dist/cli.js'), 'serve',
      '--db', options.db ?? join(dataDir, 'ecotone.db'),
      '--port', String(port), '--host', '127.0.0.1',
      ...(options.auth ?? ['--auth', 'dev']),
      ...(options.seed === false ? [] : ['--seed', 'demo']),
      '--serve-dir', `/sdk=${join(ROOT, 'dist/sdk')}`,
      // As `npm start` serves them: the examples copied by the build, with those that are built (Kudos).
      '--serve-dir', `/=${join(ROOT, 'dist/examples')}`,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/intranet/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function launchBrowser({ showScrollbars = false }: { showScrollbars?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    // Playwright hides scrollbars by default; Lighthouse's Chromium shows them, and a page that narrows when one appears shifts.
    ...(showScrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/**
 * A page in a fresh browser context (its own storage: another person), whose
 * script errors and console errors are pushed to `errors`, prefixed with `who`.
 */
export async function watchedPage(browser: Browser, errors: string[], who: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => errors.push(`${who}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${who}: ${msg.text()}`);
  });
  return page;
}


/**
 * What axe-core finds wrong on the page as it is now, one line per element:
 * every rule axe runs by default (colour contrast, and best practices such as
 * landmark-unique), or only `onlyRules`, through open shadow roots. Run it in a context made with
 * `bypassCSP: true`: axe is injected as a script, which a page's policy forbids.
 */
export async function axeViolations(page: Page, onlyRules?: string[]): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async (rules) => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } };
    return (await axe.run(document, rules ? { runOnly: { type: 'rule', values: rules } } : {})).violations;
  }, onlyRules);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`));
}

/**
 * Waits until the client of the page's `#provider` reports its live stream
 * connected (its own, or the one its tabs share), for at most `timeoutMs`.
 */
export async function liveConnected(page: Page, timeoutMs: number): Promise<void> {
  await page.evaluate(
    (limitMs) =>
      new Promise<void>((resolve, reject) => {
        type Status = { subscribe(fn: (s: string) => void): { unsubscribe(): void } };
        const provider = document.getElementById('provider') as HTMLElement & { currentClient?: { status$: Status } };
        const timer = setTimeout(() => reject(new Error('live stream never connected')), limitMs);
        const sub = provider.currentClient!.status$.subscribe((s) => {
          if (s !== 'connected') return;
          clearTimeout(timer);
          resolve();
          queueMicrotask(() => sub.unsubscribe());
        });
      }),
    timeoutMs,
  );
}
