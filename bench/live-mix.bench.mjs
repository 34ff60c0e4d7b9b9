/**
 * 5,000 live streams under a mixed load (not a test: nothing here fails on time).
 *
 *   npm run bench:live-mix            (builds the server first)
 *   npm run bench:live-mix -- ecotone (or bare: one side only)
 *
 * Starts the reference server (the built CLI, in its own process, on a
 * temporary SQLite database with the demo organisation, `--rate-limit off`
 * and `--max-streams-per-person 1000` so the twelve demo people can hold
 * 5,000 streams between them), opens 5,000 live streams round robin over the
 * demo people (raw TCP sockets in two worker threads, so reading the
 * streams does not starve the load generator of the main thread), lets them
 * idle, then runs for 30 s an open-loop load per second of 200 feed reads,
 * 20 publishes, 60 reactions (like / unlike), 10 comments and 5 ballots, all
 * in `general`, which every stream receives.
 *
 * Each published body carries the time it was sent; each stream notes when
 * that post reaches it. Fan-out latency is, per publish, the time until the
 * last of the 5,000 streams had it. Reported: fan-out p50 / p99 / max, feed
 * read p50 / p99, errors (non-2xx answers, failed requests, streams lost,
 * posts some stream never received), and the server's resident memory
 * (VmRSS) with the streams idle and its peak under load.
 *
 * The same load then runs against the limit: a bare Fastify server in its own
 * process that holds 5,000 streams, answers the feed read with a static copy
 * of a real feed page, and writes each write's body to every stream as one
 * prebuilt frame (no database, no authorisation, no shaping).
 *
 * Every process (server, stream readers, load generator) shares the same two
 * cores: the figures include the cost of the clients.
 *
 * Several instances on PostgreSQL: LIVE_MIX_PG=<postgres:// URL of a
 * database this benchmark may empty> and LIVE_MIX_INSTANCES=<n> (default 1)
 * seed that database with the demo organisation and start n servers on it;
 * the streams are spread over them (each stream-reading worker on one
 * instance) and so are the requests (round robin), as a load balancer
 * would. Events made through one instance reach the others' streams through
 * the database (LISTEN/NOTIFY). CPU and memory are summed over the instances.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startServe, stopChild, waitForListening } from './_server.mjs';

const STREAMS = Number(process.env.LIVE_MIX_STREAMS ?? 5_000);
const STREAM_WORKERS = 2;
const LOAD_S = Number(process.env.LIVE_MIX_SECONDS ?? 30);
const IDLE_S = 5;
/** Operations per second of the mixed load. */
const MIX = { read: 200, publish: 20, react: 60, comment: 10, ballot: 5 };
// Diagnosis: LIVE_MIX="read=0,publish=20" changes some rates (the figures in docs/benchmarks.md use none of this).
for (const entry of (process.env.LIVE_MIX ?? '').split(',').filter(Boolean)) {
  const [kind, rate] = entry.split('=');
  if (!(kind in MIX) || !(Number(rate) >= 0)) throw new Error(`LIVE_MIX: kind=rate, kinds ${Object.keys(MIX)}`);
  MIX[kind] = Number(rate);
}
/** How long the streams may take to receive the last posts after the load stops, in ms. */
const SETTLE_MS = 15_000;
/** Streams being opened at once by one worker. */
const OPENING_CONCURRENCY = 100;
const PEOPLE = ['amelie', 'thomas', 'camille', 'julien', 'lukas', 'anna', 'jonas', 'sophie', 'priya', 'oliver', 'hannah', 'marco'];
/** Everyone in `general` writes but marco, its reader (readers only read and react). */
const WRITERS = PEOPLE.filter((p) => p !== 'marco');
const REACTED_POSTS = Array.from({ length: 10 }, (_, i) => `demo-general-${String(i + 1).padStart(3, '0')}`);
/** What a publish's body carries: its sequence number and send time (ms, epoch, fractional). */
const MARKER = 'fanout-';
const MARKER_RE = /fanout-(\d+)-(\d+\.\d+)/;

const wallNow = () => performance.timeOrigin + performance.now();
const auth = (as) => ({ authorization: `Bearer dev:${as}` });

// ---------------------------------------------------------------- stream readers (worker threads)

/** A worker thread: opens its share of the streams, notes when each marked post reaches each of them. */
async function readStreams() {
  const { url, path, people, count, offset } = workerData;
  /** Per publish sequence number: streams that received it, and the latest arrival (ms). */
  const arrivals = new Map();
  const streams = [];
  let lost = 0;
  let refused = 0;
  let stopping = false;

  const onMarker = (text) => {
    const match = MARKER_RE.exec(text);
    if (!match) return;
    const at = wallNow();
    const seq = Number(match[1]);
    const latency = at - Number(match[2]);
    const entry = arrivals.get(seq);
    if (entry) {
      entry.count += 1;
      if (latency > entry.max) entry.max = latency;
    } else arrivals.set(seq, { count: 1, max: latency });
  };

  // Raw TCP, not `http.request`: the readers share the server's two cores, and
  // Node's HTTP client (response parser, chunked decoding, stream objects)
  // costs more per chunk than the bare server spends writing it. The marker
  // scan needs neither: chunk-size lines never contain a marker.
  const { hostname, port } = new URL(url);
  const head = (as) => `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer dev:${as}\r\nAccept: text/event-stream\r\n\r\n`;
  const open = (as) =>
    new Promise((resolve) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      let started = false;
      // A frame may be cut between two reads: the tail after the last blank line waits for the next chunk.
      let carry = null;
      socket.on('data', (chunk) => {
        if (!started) {
          started = true;
          if (!chunk.toString('latin1', 0, 16).startsWith('HTTP/1.1 200')) {
            refused += 1;
            socket.destroy();
            return resolve();
          }
          streams.push(socket);
          resolve();
        }
        const data = carry ? Buffer.concat([carry, chunk]) : chunk;
        carry = null;
        let from = data.indexOf(MARKER);
        const end = data.lastIndexOf('\n\n');
        if (end < 0) carry = data;
        else if (end + 2 < data.length) carry = data.subarray(end + 2);
        while (from >= 0 && from < end) {
          onMarker(data.toString('latin1', from, Math.min(from + 64, data.length)));
          from = data.indexOf(MARKER, from + MARKER.length);
        }
      });
      socket.on('close', () => {
        if (!stopping && started) lost += 1;
        if (!started) resolve();
      });
      socket.on('error', () => {
        if (!started) {
          lost += 1;
          resolve();
        }
      });
      socket.write(head(as));
    });

  let next = 0;
  const opener = async () => {
    while (next < count) {
      const i = next++;
      await open(people[(offset + i) % people.length]);
    }
  };
  await Promise.all(Array.from({ length: OPENING_CONCURRENCY }, opener));
  parentPort.postMessage({ type: 'open', streams: streams.length, refused });
  parentPort.on('message', (message) => {
    if (message.type === 'report') {
      parentPort.postMessage({ type: 'report', arrivals: [...arrivals], lost, refused });
    }
    if (message.type === 'stop') {
      stopping = true;
      for (const req of streams) req.destroy();
      parentPort.postMessage({ type: 'stopped' });
    }
  });
}

// ---------------------------------------------------------------- servers

const PG_URL = process.env.LIVE_MIX_PG;
const INSTANCES = Number(process.env.LIVE_MIX_INSTANCES ?? 1);
if (INSTANCES > 1 && !PG_URL) throw new Error('LIVE_MIX_INSTANCES > 1 needs LIVE_MIX_PG: instances share a PostgreSQL database');

/** Empties the PostgreSQL database named by LIVE_MIX_PG (the benchmark seeds it afresh). */
async function emptyPostgres(url) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/** The reference server: one process on SQLite, or INSTANCES processes on PostgreSQL. */
async function startEcotone() {
  const dir = mkdtempSync(join(tmpdir(), 'ecotone-live-mix-'));
  // Diagnosis: LIVE_MIX_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = (process.env.LIVE_MIX_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const common = ['--auth', 'dev', '--rate-limit', 'off', '--max-streams-per-person', '1000'];
  const servers = [];
  if (PG_URL) {
    await emptyPostgres(PG_URL);
    const secret = ['--ballot-secret-file', join(dir, 'ballot-secret')];
    // The first seeds (the others find the organisation there).
    servers.push(await startServe(['--db', PG_URL, ...secret, '--seed', 'demo', ...common], { nodeArgs }));
    for (let i = 1; i < INSTANCES; i++) servers.push(await startServe(['--db', PG_URL, ...secret, ...common], { nodeArgs }));
  } else {
    servers.push(await startServe(['--db', join(dir, 'bench.db'), '--seed', 'demo', ...common], { nodeArgs }));
  }
  return {
    url: servers[0].url,
    urls: servers.map((s) => s.url),
    pids: servers.map((s) => s.pid),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fastify and nothing else: the limit of this machine for the same load.
 * Every stream gets every frame, written in rounds as the reference server
 * does (at most one write per stream per 100 ms, at once when idle), since
 * one write per stream and event cannot keep up with this load at all.
 */
const BARE_SERVER = `
  import Fastify from 'fastify';
  import { readFileSync } from 'node:fs';
  const ROUND_MS = 100;
  const feed = readFileSync(process.env.FEED_FILE, 'utf8');
  const app = Fastify();
  const streams = new Set();
  let id = 0;
  let waiting = [];
  let scheduled = false;
  let lastRound = -Infinity;
  const round = () => {
    lastRound = performance.now();
    scheduled = false;
    const chunk = Buffer.concat(waiting);
    waiting = [];
    for (const res of streams) res.write(chunk);
  };
  app.get('/feed', async (_request, reply) => reply.type('application/json').send(feed));
  app.get('/events', (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    reply.raw.write(': connected\\n\\n');
    streams.add(reply.raw);
    reply.raw.on('close', () => streams.delete(reply.raw));
  });
  app.post('/write', async (request) => {
    waiting.push(Buffer.from('id: ' + ++id + '\\nevent: bench\\ndata: ' + JSON.stringify(request.body) + '\\n\\n'));
    if (!scheduled) {
      scheduled = true;
      setTimeout(round, Math.max(0, lastRound + ROUND_MS - performance.now()));
    }
    return { id };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log('listening on ' + url);
`;

async function startBare(feedJson) {
  const dir = mkdtempSync(join(tmpdir(), 'ecotone-live-mix-bare-'));
  const feedFile = join(dir, 'feed.json');
  writeFileSync(feedFile, feedJson);
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FEED_FILE: feedFile },
  });
  const url = await waitForListening(child);
  return {
    url,
    urls: [url],
    pids: [child.pid],
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


/** CPU seconds (user + system) these processes have used so far. */
function cpuSeconds(pids) {
  return pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
}

function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of these processes, summed. */
function rssMiB(pids) {
  return pids.reduce((sum, pid) => sum + rssMiBOf(pid), 0);
}

function rssMiBOf(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

// ---------------------------------------------------------------- load

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One request; resolves with its status (0: failed) and latency in ms. */
function request(url, { method = 'GET', path, as, body, idempotent = false }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const headers = { ...auth(as) };
    let payload;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (idempotent) headers['idempotency-key'] = `live-mix-${Math.random().toString(36).slice(2)}${Date.now()}`;
    const req = http.request(`${url}${path}`, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, text: String(error.code ?? error.message) }));
    req.end(payload);
  });
}

/** The operations of one second, spread evenly over it: [offset ms, kind]. */
function secondPlan() {
  const plan = [];
  for (const [kind, perSecond] of Object.entries(MIX)) {
    for (let i = 0; i < perSecond; i++) plan.push([((i + 0.5) / perSecond) * 1000, kind]);
  }
  return plan.sort((a, b) => a[0] - b[0]);
}

/** The requests each kind of operation makes against the reference server. */
function ecotoneTarget(poll) {
  let turn = 0;
  const pick = (list) => list[turn++ % list.length];
  const reacted = new Set();
  return {
    read: () => ({ path: '/api/v1/spaces/general/feed?limit=20', as: pick(PEOPLE) }),
    publish: (marker) => ({
      method: 'POST', path: '/api/v1/spaces/general/posts', as: pick(WRITERS), idempotent: true,
      body: { body: `Live mix: the shuttle to the Basel site leaves at 8:15 from gate B. ${marker}` },
    }),
    react: () => {
      const as = pick(PEOPLE);
      const post = REACTED_POSTS[Math.floor(Math.random() * REACTED_POSTS.length)];
      const key = `${as}/${post}`;
      const add = !reacted.has(key);
      if (add) reacted.add(key);
      else reacted.delete(key);
      return { method: add ? 'PUT' : 'DELETE', path: `/api/v1/objects/${post}/reactions/like`, as };
    },
    comment: () => ({
      method: 'POST', path: `/api/v1/posts/${pick(REACTED_POSTS)}/comments`, as: pick(WRITERS), idempotent: true,
      body: { body: 'Agreed, see you at the gate.' },
    }),
    ballot: () => ({
      method: 'PUT', path: `/api/v1/polls/${poll.id}/ballot`, as: pick(WRITERS), idempotent: true,
      body: { choices: [poll.options[turn % poll.options.length].id] },
    }),
  };
}

/** The same operations against the bare server: reads of a static page, every write a broadcast of its body. */
function bareTarget() {
  const write = (body) => ({ method: 'POST', path: '/write', as: 'x', body });
  return {
    read: () => ({ path: '/feed', as: 'x' }),
    publish: (marker) => write({ body: `Live mix: the shuttle to the Basel site leaves at 8:15 from gate B. ${marker}`.padEnd(900, '.') }),
    react: () => write({ objectId: 'demo-general-001', counts: { like: 3 } }),
    comment: () => write({ body: 'Agreed, see you at the gate.'.padEnd(600, '.') }),
    ballot: () => write({ pollId: 'poll', counts: { o1: 3, o2: 4 } }),
  };
}

const percentile = (sorted, p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

/** Opens the streams: each worker's share on one of `urls` (spread over the instances). */
async function openStreams(urls, path) {
  const workers = Array.from({ length: STREAM_WORKERS }, (_, w) => {
    const count = Math.floor(STREAMS / STREAM_WORKERS) + (w < STREAMS % STREAM_WORKERS ? 1 : 0);
    return new Worker(new URL(import.meta.url), { workerData: { url: urls[w % urls.length], path, people: PEOPLE, count, offset: w } });
  });
  const next = (worker, type) => new Promise((resolve) => {
    const listen = (message) => {
      if (message.type !== type) return;
      worker.off('message', listen);
      resolve(message);
    };
    worker.on('message', listen);
  });
  const opened = await Promise.all(workers.map((w) => next(w, 'open')));
  return {
    open: opened.reduce((n, m) => n + m.streams, 0),
    refused: opened.reduce((n, m) => n + m.refused, 0),
    report: async () => {
      const reports = await Promise.all(workers.map((w) => (w.postMessage({ type: 'report' }), next(w, 'report'))));
      const merged = new Map();
      for (const report of reports) {
        for (const [seq, { count, max }] of report.arrivals) {
          const entry = merged.get(seq) ?? { count: 0, max: 0 };
          entry.count += count;
          entry.max = Math.max(entry.max, max);
          merged.set(seq, entry);
        }
      }
      return { arrivals: merged, lost: reports.reduce((n, r) => n + r.lost, 0), refused: reports.reduce((n, r) => n + r.refused, 0) };
    },
    stop: async () => {
      await Promise.all(workers.map((w) => (w.postMessage({ type: 'stop' }), next(w, 'stopped'))));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

async function scenario(name, server, streamPath, target) {
  const opening = performance.now();
  const streams = await openStreams(server.urls, streamPath);
  console.error(`  ${streams.open} streams open in ${((performance.now() - opening) / 1000).toFixed(1)} s`);
  await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000));
  const idleRss = rssMiB(server.pids);

  const reads = [];
  const errors = {};
  const published = [];
  let peakRss = idleRss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(server.pids))), 1000);
  const plan = secondPlan();
  const pending = [];
  let seq = 0;
  let requestTurn = 0;
  const started = performance.now();
  const serverCpuBefore = cpuSeconds(server.pids);
  const clientCpuBefore = process.cpuUsage();
  for (let second = 0; second < LOAD_S; second++) {
    for (const [offset, kind] of plan) {
      const due = started + second * 1000 + offset;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      let spec;
      const n = kind === 'publish' ? seq++ : -1;
      if (kind === 'publish') spec = target.publish(`${MARKER}${n}-${wallNow().toFixed(3)}`);
      else spec = target[kind]();
      pending.push(
        request(server.urls[requestTurn++ % server.urls.length], spec).then(({ status, ms, text }) => {
          // A refused publish is counted once, as an error, not again as 5,000 missing deliveries.
          if (kind === 'publish' && status >= 200 && status < 300) published.push(n);
          if (status < 200 || status >= 300) {
            const key = `${kind} ${status}`;
            errors[key] = (errors[key] ?? 0) + 1;
            if (errors[key] === 1) console.error(`  first error: ${key} ${text.slice(0, 200)}`);
          }
          if (kind === 'read') reads.push(ms);
        }),
      );
    }
  }
  console.error(`  load sent in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await Promise.all(pending);
  clearInterval(rssTimer);
  const loadRss = Math.max(peakRss, rssMiB(server.pids));
  const elapsedS = (performance.now() - started) / 1000;
  const serverCpu = (cpuSeconds(server.pids) - serverCpuBefore) / elapsedS;
  const clientUsage = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientUsage.user + clientUsage.system) / 1e6 / elapsedS;

  // Wait until every stream has every post, or give up after SETTLE_MS.
  const deadline = performance.now() + SETTLE_MS;
  let report;
  for (;;) {
    report = await streams.report();
    const complete = published.every((n) => (report.arrivals.get(n)?.count ?? 0) >= streams.open);
    if (complete || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await streams.stop();

  const fanout = published.map((n) => report.arrivals.get(n)?.max ?? Infinity).sort((a, b) => a - b);
  const missing = published.reduce((n, s) => n + (streams.open - (report.arrivals.get(s)?.count ?? 0)), 0);
  reads.sort((a, b) => a - b);
  return {
    name, elapsedS, open: streams.open, refused: streams.refused + report.refused, lost: report.lost, missing, errors,
    fanout: { p50: percentile(fanout, 50), p99: percentile(fanout, 99), max: fanout.at(-1), n: fanout.length },
    read: { p50: percentile(reads, 50), p99: percentile(reads, 99), max: reads.at(-1), n: reads.length },
    idleRss, loadRss, serverCpu, clientCpu,
  };
}

function print(r) {
  const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : String(v));
  const errorCount = Object.values(r.errors).reduce((a, b) => a + b, 0) + r.refused + r.lost + (r.missing > 0 ? 1 : 0);
  console.log(`\n${r.name}`);
  console.log(`  streams open: ${r.open} (refused ${r.refused}, lost during the run ${r.lost})`);
  console.log(`  load: ${LOAD_S} s planned, ${r.elapsedS.toFixed(1)} s taken; per second ${JSON.stringify(MIX)}`);
  console.log(`  fan-out to the last stream (${r.fanout.n} publishes): p50 ${ms(r.fanout.p50)}, p99 ${ms(r.fanout.p99)}, max ${ms(r.fanout.max)}`);
  console.log(`  feed read (${r.read.n}): p50 ${ms(r.read.p50)}, p99 ${ms(r.read.p99)}, max ${ms(r.read.max)}`);
  console.log(`  errors: ${errorCount} (requests ${JSON.stringify(r.errors)}, stream deliveries missing ${r.missing})`);
  console.log(`  CPU under load: server ${r.serverCpu.toFixed(2)} cores, load generator and stream readers ${r.clientCpu.toFixed(2)} cores`);
  console.log(`  server RSS: ${r.idleRss.toFixed(0)} MiB with the streams idle, ${r.loadRss.toFixed(0)} MiB at most under load`);
}

async function main() {
  console.log(`Live mix benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
  console.log(`${STREAMS} streams (${STREAM_WORKERS} worker threads), ${LOAD_S} s of load after ${IDLE_S} s idle`);
  const only = process.argv[2];

  let feedJson = '';
  if (only !== 'bare') {
    const server = await startEcotone();
    try {
      const feed = await request(server.url, { path: '/api/v1/spaces/general/feed?limit=20', as: 'thomas' });
      feedJson = feed.text;
      const poll = JSON.parse(feedJson).items.flatMap((p) => p.polls ?? []).find((p) => p.closedAt === null && p.mode === 'single')
        ?? (await request(server.url, {
          method: 'POST', path: '/api/v1/spaces/general/polls', as: 'hannah',
          body: { question: 'Which shuttle time suits you?', mode: 'single', options: ['8:15', '8:45'] },
        }).then((r) => JSON.parse(r.text)));
      const where = PG_URL ? `PostgreSQL, ${INSTANCES} instance${INSTANCES > 1 ? 's' : ''}` : 'SQLite';
      print(await scenario(`Ecotone (built CLI, ${where}, demo organisation, --rate-limit off)`, server, '/api/v1/events', ecotoneTarget(poll)));
    } finally {
      await server.stop();
    }
  }
  if (only !== 'ecotone') {
    if (!feedJson) {
      const server = await startEcotone();
      feedJson = (await request(server.url, { path: '/api/v1/spaces/general/feed?limit=20', as: 'thomas' })).text;
      await server.stop();
    }
    const bare = await startBare(feedJson);
    try {
      print(await scenario('Limit: bare Fastify (static feed page; each write one frame to every stream, in 100 ms rounds)', bare, '/events', bareTarget()));
    } finally {
      await bare.stop();
    }
  }
  agent.destroy();
}

if (isMainThread) await main();
else await readStreams();
