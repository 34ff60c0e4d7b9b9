/**
 * `ecotone-conformance` as a vendor runs it: the built command against a
 * started server, its report and its exit codes.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CLI, REFERENCE_TOKENS, ROOT, startReferenceServer, type ReferenceServer } from './_server.js';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONFORMANCE_CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: ReferenceServer;
let dir: string;
beforeAll(async () => {
  server = await startReferenceServer();
  dir = await mkdtemp(join(tmpdir(), 'ecotone-conformance-cli-'));
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('ecotone-conformance', () => {
  it('reports passing scenarios and exits 0', async () => {
    const result = await run(['--url', server.url, '--tokens', REFERENCE_TOKENS, '--only', 'secret space, draft post']);
    expect(result.stdout).toMatch(/^Ecotone conformance against http:\/\/127\.0\.0\.1:\d+ \(run cf[a-z]+\)/);
    expect(result.stdout).toMatch(/visibility\n {2}ok {3}secret space, draft post: the owner sees it through the post by id/);
    expect(result.stdout).toMatch(/\n35 passed, 0 failed, 0 skipped\n$/);
    expect(result.code).toBe(0);
  });

  it('takes the tokens from a command that prints them', async () => {
    const result = await run(['--url', server.url, '--tokens', `cat "${REFERENCE_TOKENS}"`, '--only', 'GET /me', '--json']);
    const suite = JSON.parse(result.stdout) as { passed: number; failed: number; results: { outcome: string }[] };
    expect(suite).toMatchObject({ passed: 1, failed: 0 });
    expect(result.code).toBe(0);
  });

  it('shows a failing scenario with its request and the answer, and exits 1', async () => {
    // A backend that deviates in one place: the reference server behind a
    // proxy answering a method a route does not take with 404, as servers
    // often do, instead of the documented 405.
    const proxy: Server = createServer((req, res) => {
      void (async () => {
        if (req.method === 'DELETE' && req.url === '/api/v1/me') {
          res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' }));
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length') as [string, string][]);
        const answer = await fetch(server.url + req.url, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
        res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const result = await run(['--url', url, '--tokens', REFERENCE_TOKENS, '--only', 'method_not_allowed']);
      expect(result.stdout).toContain('FAIL a method a route does not take is 405 method_not_allowed');
      expect(result.stdout).toContain('expected 405 method_not_allowed, got 404 not_found');
      expect(result.stdout).toContain('DELETE /api/v1/me as member');
      expect(result.stdout).toContain('answer: 404 not_found');
      expect(result.stdout).toMatch(/0 passed, 1 failed, 0 skipped\n$/);
      expect(result.code).toBe(1);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('with tokens the server does not accept, shows the refused fixture request and exits 1', async () => {
    const tokens = join(dir, 'wrong.json');
    const personas = Object.fromEntries(['owner', 'correspondent', 'member', 'reader', 'outsider'].map((p) => [p, `dev:${p}-nobody`]));
    await writeFile(tokens, JSON.stringify({ personas, spaces: { open: 'tech-watch', private: 'rnd-oncology', secret: 'security-watch' } }));
    const result = await run(['--url', server.url, '--tokens', tokens]);
    expect(result.stdout).toContain('The fixture could not be built, so no scenario ran');
    expect(result.stdout).toContain('GET /api/v1/me as owner');
    expect(result.stdout).toContain('answer: 401 invalid_token');
    expect(result.code).toBe(1);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run(['--tokens', REFERENCE_TOKENS])).code).toBe(2);
    const noFile = await run(['--url', server.url, '--tokens', join(dir, 'missing.json')]);
    expect(noFile.stderr).toContain('--tokens');
    expect(noFile.code).toBe(2);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ personas: { owner: 'x' }, spaces: {} }));
    const incomplete = await run(['--url', server.url, '--tokens', bad]);
    expect(incomplete.stderr).toContain('"personas.member" is missing');
    expect(incomplete.code).toBe(2);
  });
});
