import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom, timeout, type Subscription } from 'rxjs';
import type { ReactionSummary } from '@ecotone/protocol';
import { createClient } from '../client.js';
import type { EcotoneClient } from '../types.js';
import { TestLocks } from './_test-locks.js';
import { TestLiveServer } from './_test-live-server.js';

const WAIT_MS = 10_000;

let server: TestLiveServer;
let summary: ReactionSummary;
/** Answers of reaction writes wait for this while it is set. */
let writeGate: Promise<void> | undefined;
let refuseWrites = false;
const clients: EcotoneClient[] = [];
const subscriptions: Subscription[] = [];

beforeEach(async () => {
  // The "tabs" of this test share one lock manager, as a browser's tabs of one origin do.
  vi.stubGlobal('navigator', { locks: new TestLocks(), onLine: true });
  summary = { objectId: 'o1', counts: { like: 3 }, mine: [] };
  writeGate = undefined;
  refuseWrites = false;
  server = await new TestLiveServer().start();
  server.routes = (req, res) => {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' });
      res.end(JSON.stringify(value));
    };
    if (req.url === '/api/v1/me') {
      json(200, { actor: { id: String(req.headers.authorization).replace('Bearer dev:', '') } });
    } else if (req.url === '/api/v1/objects/o1/reactions') {
      json(200, summary);
    } else if (req.url === '/api/v1/objects/o1/reactions/like') {
      void Promise.resolve(writeGate).then(() => {
        if (refuseWrites) return json(403, { code: 'forbidden', title: 'No', status: 403 });
        const active = req.method === 'PUT';
        summary = { objectId: 'o1', counts: { like: (summary.counts.like ?? 0) + (active ? 1 : -1) }, mine: active ? ['like'] : [] };
        json(200, summary);
      });
    } else return false;
  };
});

afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  for (const c of clients.splice(0)) c.close();
  await server.stop();
  vi.unstubAllGlobals();
});

/** A tab's client, showing the reactions of o1 (which opens the live stream). */
function openTab(person = 'ana', offline = true): { client: EcotoneClient; shown: () => ReactionSummary | undefined } {
  const client = createClient({ baseUrl: server.baseUrl, token: `dev:${person}`, offline });
  clients.push(client);
  let shown: ReactionSummary | undefined;
  subscriptions.push(client.reactions$('o1').subscribe((s) => (shown = s)));
  return { client, shown: () => shown };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const connected = (client: EcotoneClient) => firstValueFrom(client.status$.pipe(filter((s) => s === 'connected'), timeout(WAIT_MS)));

describe('clients of one person in several tabs', () => {
  it('share one live stream; each client’s status$ is the shared stream’s', async () => {
    const one = openTab();
    const two = openTab();
    await connected(one.client);
    await connected(two.client);
    expect(server.openStreams).toBe(1);
    expect(server.streamRequests).toHaveLength(1);
  });

  it('show a like made in one tab in the other at once, before the server answers, then its settled state', async () => {
    const one = openTab();
    const two = openTab();
    await connected(one.client);
    await connected(two.client);
    await until(() => two.shown() !== undefined);
    let answer!: () => void;
    writeGate = new Promise((resolve) => (answer = resolve));

    const liked = one.client.react('o1', 'like');
    await until(() => two.shown()?.mine.includes('like') === true);
    expect(two.shown()).toEqual({ objectId: 'o1', counts: { like: 4 }, mine: ['like'] });
    answer();
    await liked;
    expect(two.shown()).toEqual({ objectId: 'o1', counts: { like: 4 }, mine: ['like'] });
  });

  it('undo a refused like in the other tab too', async () => {
    const one = openTab();
    const two = openTab();
    await connected(two.client);
    await until(() => two.shown() !== undefined);
    let answer!: () => void;
    writeGate = new Promise((resolve) => (answer = resolve));
    refuseWrites = true;

    const liked = one.client.react('o1', 'like').catch((err: unknown) => err);
    await until(() => two.shown()?.mine.includes('like') === true);
    answer();
    expect(await liked).toMatchObject({ code: 'forbidden' });
    await until(() => two.shown()?.mine.includes('like') === false);
    expect(two.shown()).toEqual({ objectId: 'o1', counts: { like: 3 }, mine: [] });
  });

  it('hand the stream over when the tab holding it closes, without losing an event published meanwhile', async () => {
    const likes = (n: number) => ({ type: 'reaction.changed' as const, spaceId: 's', objectId: 'o1', counts: { like: n }, actorId: 'ben', kind: 'like', active: true });
    const one = openTab();
    await connected(one.client);
    const two = openTab();
    await connected(two.client);
    await until(() => two.shown() !== undefined);
    server.publish(likes(5));
    await until(() => two.shown()?.counts.like === 5);

    let open!: () => void;
    server.hold = new Promise((resolve) => (open = resolve));
    one.client.close();
    await server.until(() => server.streamRequests.length === 2);
    server.publish(likes(6));
    open();
    await until(() => two.shown()?.counts.like === 6);
    expect(server.streamRequests).toEqual([undefined, '1']);
    await server.until(() => server.openStreams === 1);
  });

  it('of two people never share a stream; nor do clients with offline off', async () => {
    const ana = openTab('ana');
    const ben = openTab('ben');
    await connected(ana.client);
    await connected(ben.client);
    expect(server.openStreams).toBe(2);
    const own = openTab('ana', false);
    await connected(own.client);
    expect(server.openStreams).toBe(3);
  });
});
