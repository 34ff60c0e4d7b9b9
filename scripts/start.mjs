#!/usr/bin/env node
// `npm start`: builds what the examples need, then runs the reference server
// on SQLite with demo data (seeded on first start) and serves the examples.
import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const port = process.env.PORT ?? '8080';
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

console.log('Building Ecotone…');
run('npm', ['run', '--silent', 'build']);
// The documentation site (guides, API reference, element pages), served at
// /docs/. Not fatal: an undocumented export fails `npm test`, not the demo.
if (spawnSync('npm', ['run', '--silent', 'docs'], { stdio: 'inherit' }).status !== 0) console.warn('Documentation not built: /docs/ is missing.');
mkdirSync('data', { recursive: true });

const server = spawn(
  process.execPath,
  [
    'packages/server/dist/cli.js',
    'serve',
    '--db', 'data/ecotone.db',
    '--port', port,
    // Loopback by default: development sign-in lets anyone be anyone, so the
    // server refuses another HOST unless INSECURE_DEV_AUTH_ON_NETWORK=yes too.
    '--host', process.env.HOST ?? '127.0.0.1',
    '--auth', 'dev',
    ...(process.env.INSECURE_DEV_AUTH_ON_NETWORK === 'yes' ? ['--insecure-dev-auth-on-network'] : []),
    '--seed', 'demo',
    // Amélie may read the audit trail (<eco-audit-log>; the conformance suite's `auditor`).
    '--auditor', 'amelie',
    // The demo's classification labels: security-watch is RESTRICTED, rnd-oncology INTERNAL (docs/security.md#classification).
    '--classification', 'examples/classification.json',
    // Link previews: off unless asked (EGRESS=public, or EGRESS=allowlist
    // with EGRESS_ALLOW=host,10.0.0.0/8): the server fetches nothing by default.
    '--egress', process.env.EGRESS ?? 'off',
    ...(process.env.EGRESS_ALLOW ?? '').split(',').filter(Boolean).flatMap((entry) => ['--egress-allow', entry.trim()]),
    // Both built (npm run build): the SDK, and the examples copied beside it,
    // each file with its precompressed .br and .gz. Rollup names the chunks
    // by their content hash, so they are cached for good.
    '--serve-dir', '/sdk=dist/sdk',
    '--immutable', '/sdk/chunks/',
    // The most specific prefix answers, whatever the order: /docs/ is never read from dist/examples.
    '--serve-dir', '/docs=dist/docs',
    '--serve-dir', '/=dist/examples',
    // The Vite-built example apps name their assets by content hash too.
    '--immutable', '/react/assets/',
    '--immutable', '/vue/assets/',
  ],
  { stdio: 'inherit' },
);
console.log(`Open http://localhost:${port}/intranet/ (documentation: http://localhost:${port}/docs/)`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
