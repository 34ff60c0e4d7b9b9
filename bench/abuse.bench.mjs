/**
 * One abusive person against everyone else (not a test: nothing here fails on time).
 *
 *   npm run build && node bench/abuse.bench.mjs
 *
 * Starts the reference server (the built CLI, in its own process, on a
 * temporary SQLite database with the demo organisation), then measures
 * another person's `GET /api/v1/me` (autocannon, 2 connections, 10 s):
 *
 * 1. alone (the limit: what the machine gives when nobody abuses it);
 * 2. while one person (thomas) makes 2,000 attempts to open a live stream,
 *    keeps every stream he gets, and runs a write loop at full speed
 *    (autocannon, 16 connections: comments on one post and ballots on one
 *    poll), with the victim and four colleagues holding open streams that
 *    receive every accepted write.
 *
 * Step 2 runs twice: with the server's defaults (rate limits, five streams
 * per person), then with the limits off (`--rate-limit off
 * --max-streams-per-person 100000`), the server as it was before them.
 * Prints the victim's p50 / p99 / max latency, and how many of the
 * attacker's requests and streams were accepted or refused.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startServe } from './_server.mjs';

const DURATION_S = 10;
const STREAM_ATTEMPTS = 2_000;
const WRITE_CONNECTIONS = 16;
const VICTIM_CONNECTIONS = 2;
const POST_ID = 'demo-general-001';
const COLLEAGUES = ['amelie', 'camille', 'oliver', 'priya', 'anna'];

async function startServer(extraArgs) {
  const dir = mkdtempSync(join(tmpdir(), 'ecotone-abuse-'));
  const server = await startServe(['--db', join(dir, 'bench.db'), '--auth', 'dev', '--seed', 'demo', ...extraArgs]);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const auth = (as) => ({ authorization: `Bearer dev:${as}` });

function measureVictim(url) {
  return autocannon({ url: `${url}/api/v1/me`, connections: VICTIM_CONNECTIONS, duration: DURATION_S, headers: auth('amelie') });
}

/** Opens a live stream and keeps reading it; resolves with its status. */
async function openStream(url, as, controllers) {
  const controller = new AbortController();
  controllers.push(controller);
  try {
    const res = await fetch(`${url}/api/v1/events`, { headers: auth(as), signal: controller.signal });
    if (res.status === 200) {
      // Read and drop, as a browser would, so the server's buffers drain.
      void res.body.pipeTo(new WritableStream()).catch(() => undefined);
    } else {
      await res.body?.cancel();
    }
    return res.status;
  } catch {
    return 0;
  }
}

async function pollOf(url) {
  const res = await fetch(`${url}/api/v1/spaces/general/feed?limit=100`, { headers: auth('thomas') });
  const page = await res.json();
  const poll = page.items.flatMap((p) => p.polls ?? []).find((p) => p.closedAt === null && p.mode === 'single');
  return poll;
}

/** The attacker's write loop (autocannon) in a child process; resolves with its result. */
function attackInChildProcess(url, poll) {
  const requests = [
    { method: 'POST', path: `/api/v1/posts/${POST_ID}/comments`, headers: { ...auth('thomas'), 'content-type': 'application/json' }, body: JSON.stringify({ body: 'spam' }) },
    {
      method: 'PUT',
      path: `/api/v1/polls/${poll.id}/ballot`,
      headers: { ...auth('thomas'), 'content-type': 'application/json' },
      body: JSON.stringify({ choices: [poll.options[0].id] }),
    },
  ];
  const script = `
    import autocannon from 'autocannon';
import { startServe } from './_server.mjs';
    const result = await autocannon(${JSON.stringify({ url, connections: WRITE_CONNECTIONS, duration: DURATION_S, requests })});
    process.stdout.write(JSON.stringify({ total: result.requests.total, codes: result.statusCodeStats }));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`attacker exited with ${code}`))));
  });
}

const tally = (statuses) => statuses.reduce((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

async function scenario(name, extraArgs) {
  const server = await startServer(extraArgs);
  const controllers = [];
  try {
    // Warm up, then the victim alone.
    await autocannon({ url: `${server.url}/api/v1/me`, connections: 2, duration: 2, headers: auth('amelie') });
    const alone = await measureVictim(server.url);

    for (const as of COLLEAGUES) await openStream(server.url, as, controllers);
    const poll = await pollOf(server.url);
    const streamStatuses = await Promise.all(
      Array.from({ length: STREAM_ATTEMPTS }, () => openStream(server.url, 'thomas', controllers)),
    );
    // The write loop runs in a process of its own, so the victim's client is not slowed by the attacker's.
    const writes = attackInChildProcess(server.url, poll);
    const underAttack = await measureVictim(server.url);
    const attack = await writes;
    return {
      name,
      alone,
      underAttack,
      streams: tally(streamStatuses),
      writes: { total: attack.total, ...Object.fromEntries(Object.entries(attack.codes ?? {}).map(([code, s]) => [code, s.count])) },
    };
  } finally {
    for (const controller of controllers) controller.abort();
    await server.stop();
  }
}

const row = (r) => `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ${Math.round(r.requests.average)} req/s, ${r.non2xx} non-2xx`;

console.log(`Abuse benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
for (const [name, args] of [
  ['defaults (rate limits, 5 streams per person)', []],
  ['no limits (--rate-limit off --max-streams-per-person 100000)', ['--rate-limit', 'off', '--max-streams-per-person', '100000']],
]) {
  const result = await scenario(name, args);
  console.log(`\n${result.name}`);
  console.log(`  victim GET /me alone:          ${row(result.alone)}`);
  console.log(`  victim GET /me under attack:   ${row(result.underAttack)}`);
  console.log(`  attacker's ${STREAM_ATTEMPTS} stream attempts: ${JSON.stringify(result.streams)}`);
  console.log(`  attacker's writes (${WRITE_CONNECTIONS} connections, ${DURATION_S} s): ${JSON.stringify(result.writes)}`);
}
