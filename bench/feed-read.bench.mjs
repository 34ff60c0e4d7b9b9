#!/usr/bin/env node
/**
 * Reads at company scale: `npm run bench:feed-read` (after `npm run build`).
 *
 * Builds the demo organisation plus 1,000,000 generated posts in `general`
 * and 100,000 in each of `announcements` and `lyon-site` (`ecotone bulk`:
 * reactions, comments, variants, search rows, 3,000 more people), starts
 * the built server on it, and loads each read with 32 connections for 10 s
 * (autocannon; the first page also as 3,000 different people in turn),
 * side by side with a bare Fastify route serving the very
 * same bytes (the limit of this machine for that response). `GET /me` runs
 * with 2 connections during every server load: it must not starve.
 * Then each read is made 200 times one at a time: the slowest is the
 * longest the event loop is held by one request (SQLite answers
 * synchronously, so a slow query would stall everyone).
 *
 * FEED_READ_POSTS=100000 builds a smaller history for a quick run;
 * FEED_READ_DB=<path> keeps the database there and reuses it next time;
 * FEED_READ_ONLY=<words> runs only the reads whose label contains them.
 *
 * On PostgreSQL: FEED_READ_PG=<postgres:// URL of an empty database, or of
 * one this benchmark filled before> copies the SQLite history into it once
 * (`ecotone copy`) and serves from it; FEED_READ_INSTANCES=<n> (default 1)
 * starts n servers on it and spreads the connections evenly over them, as a
 * load balancer would (req/s summed; p50 and p99 of the slower instance).
 * The bare Fastify line stays one route in this process: the same limit for
 * every configuration.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { encodeCursor } from '../packages/server/dist/http/cursor.js';
import { startServe } from './_server.mjs';

const POSTS = Number(process.env.FEED_READ_POSTS ?? 1_000_000);
const OTHER_POSTS = Math.round(POSTS / 10);
const CONNECTIONS = 32;
const DURATION_S = 10;
const ME_CONNECTIONS = 2;
const SEQUENTIAL_RUNS = 200;
const READER = 'thomas';
const headers = { authorization: `Bearer dev:${READER}` };

const serveArgs = (db) => ['--db', db, '--auth', 'dev', '--rate-limit', 'off'];
const PG_URL = process.env.FEED_READ_PG;
const INSTANCES = Number(process.env.FEED_READ_INSTANCES ?? 1);
if (INSTANCES > 1 && !PG_URL) throw new Error('FEED_READ_INSTANCES > 1 needs FEED_READ_PG: instances share a PostgreSQL database');

async function buildDatabase(dir) {
  const db = join(dir, 'feed-read.db');
  // First start seeds the demo organisation (then stops).
  await (await startServe([...serveArgs(db), '--seed', 'demo'])).stop();
  const started = performance.now();
  const bulk = spawnSync(
    process.execPath,
    ['packages/server/dist/cli.js', 'bulk', '--db', db, '--posts', `general=${POSTS}`, '--posts', `announcements=${OTHER_POSTS}`, '--posts', `lyon-site=${OTHER_POSTS}`, '--people', '3000'],
    { stdio: 'inherit' },
  );
  if (bulk.status !== 0) throw new Error('bulk generation failed');
  console.log(`history built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return db;
}

/** A bare Fastify (same version as the server) answering every GET with these bytes. */
async function startBare(body, contentType) {
  const app = Fastify();
  app.get('/*', (_request, reply) => reply.header('content-type', contentType).send(body));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/**
 * Loads a URL as READER (or, with `readers`, as each of them in turn: the
 * morning rush, when nobody has read the page before).
 */
function load(url, connections = CONNECTIONS, readers = null) {
  let turn = 0;
  const requests = readers
    ? [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer dev:${readers[turn++ % readers.length]}` } }) }]
    : undefined;
  return autocannon({ url, connections, duration: DURATION_S, headers, ...(requests ? { requests } : {}) });
}

/**
 * Loads `path` on every instance at once, the connections spread evenly;
 * one result: requests summed, latency and errors of the slower instance.
 */
async function loadSpread(bases, path, readers) {
  if (bases.length === 1) return load(bases[0] + path, CONNECTIONS, readers);
  const results = await Promise.all(bases.map((b) => load(b + path, Math.round(CONNECTIONS / bases.length), readers)));
  return {
    requests: { average: results.reduce((sum, r) => sum + r.requests.average, 0) },
    latency: { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)) },
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

/**
 * Fills the PostgreSQL database with the SQLite history (`ecotone copy`),
 * unless it holds it already (a previous run).
 */
async function copyIntoPostgres(sqliteFile, url) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let posts = 0;
  try {
    const found = await client.query("SELECT to_regclass('public.posts') IS NOT NULL AS made");
    if (found.rows[0].made) posts = Number((await client.query('SELECT count(*) AS n FROM posts')).rows[0].n);
  } finally {
    await client.end();
  }
  if (posts > 0) return console.log(`PostgreSQL holds ${fmt(posts)} posts already: not copied again.`);
  const started = performance.now();
  const copy = spawnSync(process.execPath, ['packages/server/dist/cli.js', 'copy', '--from', sqliteFile, '--to', url], { stdio: 'inherit' });
  if (copy.status !== 0) throw new Error('copy into PostgreSQL failed');
  console.log(`history copied into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** The people `ecotone bulk --people` adds, who read `general` (open) and reacted here and there. */
const BULK_READERS = Array.from({ length: 3000 }, (_, i) => `bulk-person-${i}`);

const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/**
 * FEED_READ_DB names a database to keep: built there on the first run,
 * reused by the next ones (the history takes minutes to build).
 */
async function databaseIn(dir) {
  const kept = process.env.FEED_READ_DB;
  if (!kept) return buildDatabase(dir);
  if (!existsSync(kept)) {
    mkdirSync(dirname(kept), { recursive: true });
    const built = await buildDatabase(dir);
    for (const suffix of ['', '-wal', '-shm', '.ballot-secret']) if (existsSync(built + suffix)) renameSync(built + suffix, kept + suffix);
  }
  return kept;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ecotone-feed-read-'));
  let server;
  try {
    const db = await databaseIn(dir);
    const servers = [];
    server = { stop: () => Promise.all(servers.map((s) => s.stop())) };
    if (PG_URL) {
      await copyIntoPostgres(db, PG_URL);
      // Every instance with the ballot secret of the SQLite history.
      for (let i = 0; i < INSTANCES; i++) servers.push(await startServe([...serveArgs(PG_URL), '--ballot-secret-file', `${db}.ballot-secret`]));
    } else {
      servers.push(await startServe(serveArgs(db)));
    }
    const bases = servers.map((s) => `${s.url}/api/v1`);
    const base = bases[0];
    const get = async (path) => {
      const res = await fetch(base + path, { headers });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`);
      return { body, type: res.headers.get('content-type') ?? 'application/json', json: () => JSON.parse(body.toString('utf8')) };
    };

    // Page 6 by following cursors, as a reader scrolling would.
    let cursor = null;
    for (let page = 1; page < 6; page++) {
      cursor = (await get(`/spaces/general/feed?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json().nextCursor;
    }
    // A page a year back in history.
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
    const deep = encodeCursor({ createdAt: yearAgo, id: 'zzzzzzzz' });
    const reads = [
      ['GET /spaces/general/feed?limit=20 (first page)', '/spaces/general/feed?limit=20', 0.5],
      ['first page, 3,000 people in turn', '/spaces/general/feed?limit=20', 0.5, BULK_READERS],
      ['feed page 6 (cursor)', `/spaces/general/feed?limit=20&cursor=${encodeURIComponent(cursor)}`, 0.5],
      ['feed a year back (cursor)', `/spaces/general/feed?limit=20&cursor=${encodeURIComponent(deep)}`, 0.5],
      ['GET /feed?spaces=general,announcements,lyon-site', '/feed?spaces=general,announcements,lyon-site&limit=20', 0.35],
      ['GET /posts/search?q=quality', '/posts/search?q=quality', null],
      ['GET /spaces/general/members (first page)', '/spaces/general/members', null],
    ];

    const meIdle = await load(`${base}/me`, ME_CONNECTIONS);
    const rows = [];
    const only = process.env.FEED_READ_ONLY; // e.g. "in turn": the rows whose label contains it
    for (const [label, path, target, readers = null] of reads.filter(([label]) => !only || label.includes(only))) {
      const sample = await get(path);
      const bare = await startBare(sample.body, sample.type);
      const bareResult = await load(bare.url + path);
      await bare.close();
      const [result, me] = await Promise.all([loadSpread(bases, path, readers), load(`${base}/me`, ME_CONNECTIONS)]);
      let slowest = 0;
      for (let i = 0; i < SEQUENTIAL_RUNS; i++) {
        const t = performance.now();
        await get(path);
        slowest = Math.max(slowest, performance.now() - t);
      }
      const ratio = result.requests.average / bareResult.requests.average;
      rows.push({
        label,
        bytes: sample.body.length,
        bare: bareResult.requests.average,
        rps: result.requests.average,
        ratio,
        target,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        meP99: me.latency.p99,
        meRps: me.requests.average,
        slowest,
      });
      console.log(
        `${label}: ${fmt(result.requests.average)} req/s (bare ${fmt(bareResult.requests.average)}, ${(ratio * 100).toFixed(0)} %${target ? `, target ≥ ${target * 100} %` : ''}), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}; /me p99 ${me.latency.p99} ms; slowest alone ${slowest.toFixed(1)} ms`,
      );
    }

    const engine = PG_URL ? `PostgreSQL, ${INSTANCES} instance${INSTANCES > 1 ? 's' : ''}` : 'SQLite, 1 instance';
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${engine}; ${fmt(POSTS)} posts in general, ${fmt(OTHER_POSTS)} in announcements and lyon-site.`);
    console.log(`GET /me alone: ${fmt(meIdle.requests.average)} req/s, p99 ${meIdle.latency.p99} ms.\n`);
    console.log('| read | bytes | bare Fastify req/s | server req/s | share (target) | p50 ms | p99 ms | /me p99 ms during | slowest alone ms |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.label} | ${fmt(r.bytes)} | ${fmt(r.bare)} | ${fmt(r.rps)} | ${(r.ratio * 100).toFixed(0)} %${r.target ? ` (≥ ${r.target * 100} %)` : ''} | ${r.p50} | ${r.p99} | ${r.meP99} | ${r.slowest.toFixed(1)} |`,
      );
    }
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
