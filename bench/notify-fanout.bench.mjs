/**
 * Fan-out of notifications: an announcement asking every member of a
 * 10,000-member space to confirm it records 10,000 notifications (one
 * INSERT … SELECT over the memberships, one live event for all) while other
 * people keep reading. Measured side by side with the same publication
 * without the confirmation request (the limit: what publishing costs anyway),
 * on the built `ecotone serve` (SQLite, its own process), with a probe
 * reading `GET /me` every 2 ms during each publication to catch any stall of
 * the event loop.
 *
 * NOTIFY_FANOUT_PEOPLE=<n> (default 10000) members; NOTIFY_FANOUT_ROUNDS (default 10).
 * Run: npm run build && node bench/notify-fanout.bench.mjs
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServe } from './_server.mjs';

const PEOPLE = Number(process.env.NOTIFY_FANOUT_PEOPLE ?? 10_000);
const ROUNDS = Number(process.env.NOTIFY_FANOUT_ROUNDS ?? 10);
const AUTHOR = { authorization: 'Bearer dev:hannah' };
const PROBE = { authorization: 'Bearer dev:thomas' };

const dir = await mkdtemp(join(tmpdir(), 'ecotone-fanout-'));
const db = join(dir, 'fanout.db');
const serveArgs = ['--db', db, '--auth', 'dev', '--rate-limit', 'off'];
await (await startServe([...serveArgs, '--seed', 'demo'])).stop();
// Bulk people join the bulk spaces: `general` gets PEOPLE more members.
const bulk = spawnSync(process.execPath, ['packages/server/dist/cli.js', 'bulk', '--db', db, '--posts', 'general=1000', '--people', String(PEOPLE)], { stdio: 'inherit' });
if (bulk.status !== 0) throw new Error('bulk generation failed');

const server = await startServe(serveArgs);
const api = (path, init = {}) => fetch(`${server.url}/api/v1${path}`, init);

async function members() {
  const res = await api('/spaces/general', { headers: AUTHOR });
  return (await res.json()).memberCount;
}

/** Resolves when a `notification.created` arrives on thomas's live stream (read with fetch). */
async function nextNotification() {
  const controller = new AbortController();
  const res = await api('/events', { headers: PROBE, signal: controller.signal });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const arrived = (async () => {
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      text += value;
      if (text.includes('event: notification.created')) return performance.now();
    }
  })();
  return { arrived, close: () => controller.abort() };
}

/**
 * Publishes once while a probe reads `GET /me` every 2 ms; returns how long
 * the publication took, how long until a member's stream got the
 * notification (the whole fan-out: it is sent after the last batch), and the
 * probe's worst wait over all of it.
 */
async function publishOnce(body, waitForNotification) {
  let probing = true;
  let worst = 0;
  let probes = 0;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      await (await api('/me', { headers: PROBE })).arrayBuffer();
      worst = Math.max(worst, performance.now() - started);
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const stream = waitForNotification ? await nextNotification() : null;
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const res = await api('/spaces/general/posts', {
    method: 'POST',
    headers: { ...AUTHOR, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  const took = performance.now() - started;
  if (res.status !== 201) throw new Error(`publish answered ${res.status}`);
  const notified = stream ? (await stream.arrived) - started : null;
  stream?.close();
  await new Promise((resolve) => setTimeout(resolve, 20));
  probing = false;
  await probe;
  return { took, notified, worst, probes };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values) => Math.max(...values);

try {
  const count = await members();
  const plain = [];
  const asked = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    plain.push(await publishOnce({ body: `Plain announcement ${i}`, kind: 'announcement' }, false));
    asked.push(await publishOnce({ body: `Please confirm ${i}`, kind: 'announcement', requireAcknowledgement: true }, true));
  }
  const unread = await (await api('/notifications/unread', { headers: PROBE })).json();
  console.log(`general: ${count} members; thomas has ${unread.unread}${unread.more ? '+' : ''} unread`);
  console.log('| publication | answer: median | answer: worst | all recorded, member notified live: median | worst | probe: worst GET /me | probes |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, runs] of [
    ['announcement (the limit)', plain],
    [`announcement asking ${count} members to confirm`, asked],
  ]) {
    const notified = runs.map((r) => r.notified).filter((n) => n !== null);
    console.log(
      `| ${name} | ${median(runs.map((r) => r.took)).toFixed(1)} ms | ${max(runs.map((r) => r.took)).toFixed(1)} ms | ` +
        `${notified.length ? `${median(notified).toFixed(0)} ms` : '—'} | ${notified.length ? `${max(notified).toFixed(0)} ms` : '—'} | ` +
        `${max(runs.map((r) => r.worst)).toFixed(1)} ms | ${runs.reduce((n, r) => n + r.probes, 0)} |`,
    );
  }
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
