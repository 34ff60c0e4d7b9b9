import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout, type Observable, type Subscription } from 'rxjs';
import type { LiveEvent } from '@ecotone/protocol';
import { HttpTransport } from '../transport/http-transport.js';
import type { ConnectionStatus } from '../types.js';
import { TabsTransport, type TabMessage } from './tabs.js';
import { TestLocks } from './_test-locks.js';
import { TestLiveServer } from './_test-live-server.js';

const WAIT_MS = 10_000;

let server: TestLiveServer;
let locks: TestLocks;
/** Each test's own key, so that channels of different tests never meet. */
let key: string;
let keyCount = 0;
const tabs: TabsTransport[] = [];
const subscriptions: Subscription[] = [];

beforeEach(async () => {
  server = await new TestLiveServer().start();
  locks = new TestLocks();
  key = `${server.baseUrl} ana ${++keyCount}`;
});

afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  for (const t of tabs.splice(0)) t.close();
  await server.stop();
});

/** One tab: a TabsTransport over its own HttpTransport, as each tab of a browser has. */
function openTab(tabKey = key): TabsTransport {
  const tab = new TabsTransport(
    new HttpTransport({ baseUrl: server.baseUrl, token: 'dev:ana', reconnectBaseDelayMs: 20, reconnectMaxDelayMs: 50 }),
    { key: tabKey, locks },
  );
  tabs.push(tab);
  return tab;
}

/** What a tab's subscriber receives, as reaction object ids in order. */
function listen(tab: TabsTransport): string[] {
  const seen: string[] = [];
  subscriptions.push(tab.events$.subscribe((e) => seen.push(e.type === 'reaction.changed' ? e.objectId : e.type)));
  return seen;
}

const reaction = (objectId: string): LiveEvent => ({
  type: 'reaction.changed', spaceId: 's', objectId, counts: { like: 1 }, actorId: 'ben', kind: 'like', active: true,
});

function statusOf(tab: TabsTransport, wanted: ConnectionStatus): Promise<ConnectionStatus> {
  return firstValueFrom(tab.status$.pipe(filter((s) => s === wanted), timeout(WAIT_MS)));
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function first<T>(source: Observable<T>): Promise<T> {
  return firstValueFrom(source.pipe(timeout(WAIT_MS)));
}

describe('TabsTransport', () => {
  it('opens one stream for two tabs of one person; both get every event and the connected status', async () => {
    const a = openTab();
    const b = openTab();
    const seenA = listen(a);
    const seenB = listen(b);
    await statusOf(a, 'connected');
    await statusOf(b, 'connected');
    expect(server.openStreams).toBe(1);
    expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);

    server.publish(reaction('o1'));
    server.publish(reaction('o2'));
    await until(() => seenA.length === 2 && seenB.length === 2);
    expect(seenA).toEqual(['o1', 'o2']);
    expect(seenB).toEqual(['o1', 'o2']);
    expect(server.streamRequests).toHaveLength(1);
  });

  it('hands the stream over when the holding tab closes, resuming after its last event: nothing lost, nothing twice', async () => {
    const a = openTab();
    listen(a);
    await statusOf(a, 'connected');
    const b = openTab();
    const seenB = listen(b);
    await statusOf(b, 'connected');
    expect(a.leading).toBe(true);
    server.publish(reaction('o1'));
    await until(() => seenB.length === 1);

    // The next stream waits at the server while events keep coming: the handover is in progress.
    let open!: () => void;
    server.hold = new Promise((resolve) => (open = resolve));
    a.close();
    await server.until(() => server.streamRequests.length === 2);
    server.publish(reaction('o2'));
    server.publish(reaction('o3'));
    open();
    await until(() => seenB.length === 3);
    server.publish(reaction('o4'));
    await until(() => seenB.length === 4);

    expect(seenB).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect(b.leading).toBe(true);
    expect(server.streamRequests).toEqual([undefined, '1']);
    await server.until(() => server.openStreams === 1);
  });

  it('a tab that has received no event yet resumes from the position of the tab it takes over from', async () => {
    const a = openTab();
    const seenA = listen(a);
    await statusOf(a, 'connected');
    server.publish(reaction('before'));
    await until(() => seenA.length === 1);
    // B joins after the event: the holding tab answers its hello with its status and position.
    const b = openTab();
    const seenB = listen(b);
    await statusOf(b, 'connected');
    await until(() => (b as unknown as { lastId?: string }).lastId === '1');

    a.close();
    await server.until(() => server.streamRequests.length === 2);
    server.publish(reaction('after'));
    await until(() => seenB.length === 1);
    expect(seenB).toEqual(['after']);
    expect(server.streamRequests).toEqual([undefined, '1']);
  });

  it('the last unsubscribe in the holding tab hands over too (the lock is released with the stream)', async () => {
    const a = openTab();
    const sub = a.events$.subscribe();
    await statusOf(a, 'connected');
    const b = openTab();
    const seenB = listen(b);
    await statusOf(b, 'connected');
    sub.unsubscribe();
    expect(await first(a.status$)).toBe('idle');
    await until(() => b.leading);
    await server.until(() => server.openStreams === 1 && server.streamRequests.length === 2);
    server.publish(reaction('o1'));
    await until(() => seenB.length === 1);
  });

  it('a waiting tab that leaves never takes the stream', async () => {
    const a = openTab();
    listen(a);
    await statusOf(a, 'connected');
    const b = openTab();
    const sub = b.events$.subscribe();
    await statusOf(b, 'connected');
    sub.unsubscribe();
    a.close();
    const c = openTab();
    listen(c);
    await until(() => c.leading);
    await server.until(() => server.openStreams === 1 && server.streamRequests.length === 2);
    expect(b.leading).toBe(false);
  });

  it('shows the holding tab’s reconnections in every tab', async () => {
    const a = openTab();
    listen(a);
    await statusOf(a, 'connected');
    const b = openTab();
    const statusesB: ConnectionStatus[] = [];
    subscriptions.push(b.status$.subscribe((s) => statusesB.push(s)));
    const seenB = listen(b);
    await statusOf(b, 'connected');
    server.publish(reaction('o1'));
    await until(() => seenB.length === 1);
    // The server drops the stream: the holding tab reconnects with Last-Event-ID, the other tab sees it.
    server.hold = new Promise(() => undefined);
    await server.until(() => server.openStreams === 1);
    server.dropStreams();
    await statusOf(b, 'reconnecting');
    await server.until(() => server.streamRequests.length === 2);
    expect(statusesB).toEqual(['idle', 'connecting', 'connected', 'reconnecting']);
    expect(server.streamRequests).toEqual([undefined, '1']);
  });

  it('gives two people two streams', async () => {
    const ana = openTab(`${server.baseUrl} ana`);
    const ben = openTab(`${server.baseUrl} ben`);
    listen(ana);
    listen(ben);
    await statusOf(ana, 'connected');
    await statusOf(ben, 'connected');
    expect(ana.leading && ben.leading).toBe(true);
    expect(server.openStreams).toBe(2);
  });

  it('broadcasts messages to the other tabs of the key only', async () => {
    const a = openTab();
    const b = openTab();
    const other = openTab(`${key} other`);
    const toA: TabMessage[] = [];
    const toOther: TabMessage[] = [];
    subscriptions.push(a.messages$.subscribe((m) => toA.push(m)));
    subscriptions.push(other.messages$.subscribe((m) => toOther.push(m)));
    const received = first(b.messages$);
    a.broadcast({ type: 'outbox.changed', count: 2 });
    expect(await received).toEqual({ type: 'outbox.changed', count: 2 });
    // The sender does not hear itself; another key hears nothing (checked after b got it: same channel order).
    b.broadcast({ type: 'ping' });
    await until(() => toA.length === 1);
    expect(toA).toEqual([{ type: 'ping' }]);
    expect(toOther).toEqual([]);
  });

  it('sends requests straight through the inner transport', async () => {
    server.routes = (req, res) => {
      if (req.url !== '/api/v1/me') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: req.headers.authorization }));
    };
    const a = openTab();
    expect(await a.request({ method: 'GET', path: '/api/v1/me' })).toEqual({ ok: 'Bearer dev:ana' });
    expect(server.streamRequests).toHaveLength(0);
  });
});
