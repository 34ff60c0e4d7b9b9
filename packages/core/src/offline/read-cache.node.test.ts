import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Subscription } from 'rxjs';
import type { Me } from '@ecotone/protocol';
import { ben, makePost, makePosts, me, newsSpace, readOnlySpace } from '../_fixtures.js';
import { createClient } from '../client.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { MemoryWorld } from '../transport/memory-world.js';
import type { EcotoneClient, FeedState } from '../types.js';
import type { ClientCore } from '../client-core.js';
import { CACHE_DB_NAME, CACHE_SCHEMA_VERSION, IDB_OPEN_TIMEOUT_MS, openCacheBackend } from './cache-db.js';
import { ReadCache } from './read-cache.js';

const globals = globalThis as { indexedDB?: unknown };
let subscriptions: Subscription[] = [];
let clients: EcotoneClient[] = [];

beforeEach(() => {
  // A fresh, empty IndexedDB per test.
  globals.indexedDB = new IDBFactory();
});

afterEach(() => {
  for (const s of subscriptions) s.unsubscribe();
  for (const c of clients) c.close();
  subscriptions = [];
  clients = [];
  delete globals.indexedDB;
});

const benMe: Me = { actor: ben, memberships: [{ spaceId: 'news', actorId: 'ben', role: 'member' }], reactionKinds: ['like'] };

/** An offline-capable client over a memory transport (offline is off by default for a given transport). */
function offlineClient(transport: MemoryTransport): EcotoneClient {
  const client = createClient({ transport, offline: true, locale: 'en' });
  clients.push(client);
  return client;
}

function wiring(client: EcotoneClient) {
  return (client as unknown as ClientCore).offlineCache!();
}

/** Subscribes to a feed and resolves with the first state matching `test` (generous limit, no fixed sleep). */
function feedState(client: EcotoneClient, space: string, test: (s: FeedState) => boolean): Promise<FeedState> {
  const states = client.feed$(space);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('feed state not reached')), 10_000);
    subscriptions.push(
      states.subscribe((s) => {
        if (test(s)) {
          clearTimeout(timer);
          resolve(s);
        }
      }),
    );
  });
}

/** Loads the news feed fresh with one client, waits until it is written, closes the client. */
async function warm(world: MemoryWorld, person = me.actor): Promise<void> {
  const client = offlineClient(new MemoryTransport(world, person));
  await feedState(client, 'news', (s) => s.status === 'ready' && !s.fromCache);
  const w = await wiring(client);
  await client.me();
  await w.flush();
  await w.cache.flush();
}

function newWorld(): MemoryWorld {
  return new MemoryWorld({ me, spaces: [newsSpace, readOnlySpace], posts: makePosts(3) });
}

describe('read cache on a client', () => {
  it('paints a feed from the cache before the server answers, then replaces it with fresh data', async () => {
    const world = newWorld();
    await warm(world);
    world.addPost(makePost(9, { body: 'Fresh post' }));

    const transport = new MemoryTransport(world, me.actor);
    const release = transport.hold();
    const client = offlineClient(transport);
    const cached = await feedState(client, 'news', (s) => s.status === 'ready');
    expect(cached.fromCache).toBe('revalidating');
    expect(cached.items.map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);

    release();
    const fresh = await feedState(client, 'news', (s) => s.status === 'ready' && s.fromCache === undefined);
    expect(fresh.items.map((p) => p.id)).toEqual(['p9', 'p3', 'p2', 'p1']);
  });

  it('keeps the saved copy when the server cannot be reached, and says so', async () => {
    const world = newWorld();
    await warm(world);
    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('network', 1, { match: (req) => req.path.includes('/feed') });
    const client = offlineClient(transport);
    const state = await feedState(client, 'news', (s) => s.fromCache === 'offline');
    expect(state.status).toBe('ready');
    expect(state.items.map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);
  });

  it('purges a space whose feed is refused on revalidation and shows nothing of it', async () => {
    const world = newWorld();
    await warm(world);
    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('forbidden', 1, { match: (req) => req.path.includes('/feed') });
    const client = offlineClient(transport);
    const state = await feedState(client, 'news', (s) => s.status === 'error');
    expect(state.items).toEqual([]);
    const w = await wiring(client);
    await w.cache.flush();
    expect(await w.cache.feed('news')).toBeUndefined();
    expect(await w.cache.post('p1')).toBeUndefined();
  });

  it('purges a space when a live membership change removes the caller', async () => {
    const world = newWorld();
    await warm(world);
    const transport = new MemoryTransport(world, me.actor);
    const client = offlineClient(transport);
    await feedState(client, 'news', (s) => s.status === 'ready' && !s.fromCache);
    const w = await wiring(client);
    await w.cache.flush();
    expect(await w.cache.post('p1')).toBeDefined();
    // The server removed the caller: it refuses the space from now on, and says so live.
    transport.failNext('forbidden', 100, { match: (req) => req.path.includes('news') });
    transport.emit({ type: 'membership.changed', spaceId: 'news', actorId: 'ana', role: null, joinRequest: null });
    await w.cache.flush();
    // The purge is queued behind the event's handling: wait until it is through.
    await expect.poll(async () => (await w.cache.flush(), await w.cache.feed('news')), { timeout: 10_000 }).toBeUndefined();
    expect(await w.cache.post('p1')).toBeUndefined();
  });

  it('purges the previous person and never shows their copy to the next one', async () => {
    const world = newWorld();
    world.addMember('news', { actor: ben, role: 'member', since: '2026-11-01T00:00:00Z' });
    await warm(world);
    world.addPost(makePost(7, { body: 'For Ben now' }));

    const transport = new MemoryTransport(world, benMe.actor);
    const releaseAll = transport.hold();
    const client = offlineClient(transport);
    // Ana's copy may paint until the server says who this is...
    await feedState(client, 'news', (s) => s.fromCache === 'revalidating');
    releaseAll();
    // ...then it goes: the first state after is Ben's own, fresh.
    const fresh = await feedState(client, 'news', (s) => s.status === 'ready' && !s.fromCache);
    expect(fresh.items.map((p) => p.id)).toContain('p7');
    const w = await wiring(client);
    await w.flush();
    await w.cache.flush();
    expect(await w.cache.lastPerson()).toMatchObject({ actor: { id: 'ben' } });
    // Ana's partition is gone: a backend-level look finds only Ben's records.
    const backend = await openCacheBackend();
    const partitions = new Set((await backend.all()).map((r) => r.partition));
    backend.close();
    expect([...partitions].every((p) => p.endsWith('\nben'))).toBe(true);
  });

  it('keeps drafts per person: another person on the same server does not see them', async () => {
    const world = newWorld();
    const ana = offlineClient(new MemoryTransport(world, me.actor));
    await ana.saveDraft('composer:news', { body: 'Ana only' });
    const benClient = offlineClient(new MemoryTransport(world, ben));
    expect(await benClient.loadDraft('composer:news')).toBeUndefined();
    // Ana on a new client (a reload) finds hers.
    expect(await offlineClient(new MemoryTransport(world, me.actor)).loadDraft('composer:news')).toEqual({ body: 'Ana only' });
  });

  it('finds the last person\'s drafts when the server cannot be reached', async () => {
    const world = newWorld();
    await offlineClient(new MemoryTransport(world, me.actor)).saveDraft('composer:news', { body: 'Typed on the train' });
    const offline = new MemoryTransport(world, me.actor);
    offline.failNext('network', 100, { match: (req) => req.path.endsWith('/me') });
    expect(await offlineClient(offline).loadDraft('composer:news')).toEqual({ body: 'Typed on the train' });
  });

  it('post$ shows the saved post when the server cannot be reached', async () => {
    const world = newWorld();
    await warm(world);
    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('network', 1, { match: (req) => req.path.endsWith('/posts/p2') });
    const client = offlineClient(transport);
    const post = await new Promise((resolve, reject) => {
      subscriptions.push(client.post$('p2').subscribe({ next: (p) => p && resolve(p), error: reject }));
    });
    expect(post).toMatchObject({ id: 'p2', body: 'Post 2' });
  });

  it('post$ refused with 403 forgets the post and its space', async () => {
    const world = newWorld();
    await warm(world);
    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('forbidden', 1, { match: (req) => req.path.endsWith('/posts/p2') });
    const client = offlineClient(transport);
    const error = await new Promise((resolve) => {
      subscriptions.push(client.post$('p2').subscribe({ error: resolve }));
    });
    expect(error).toMatchObject({ status: 403 });
    const w = await wiring(client);
    await w.cache.flush();
    expect(await w.cache.post('p2')).toBeUndefined();
    expect(await w.cache.feed('news')).toBeUndefined();
  });

  it('paints the first page of a thread from the cache and says when it could not be updated', async () => {
    const world = newWorld();
    world.commentAsOther('p1', ben, 'A saved comment');
    const first = offlineClient(new MemoryTransport(world, me.actor));
    await first.me();
    await feedState(first, 'news', (s) => s.status === 'ready' && !s.fromCache);
    await new Promise<void>((resolve) => subscriptions.push(first.comments$('p1').subscribe((s) => s.status === 'ready' && resolve())));
    const w1 = await wiring(first);
    await w1.cache.flush();
    await expect.poll(async () => (await w1.cache.flush(), (await w1.cache.comments('p1'))?.items.length), { timeout: 10_000 }).toBe(1);

    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('network', 1, { match: (req) => req.path.includes('/comments') });
    const client = offlineClient(transport);
    const state = await new Promise<import('../types.js').CommentsState>((resolve) =>
      subscriptions.push(client.comments$('p1').subscribe((s) => s.fromCache === 'offline' && resolve(s))),
    );
    expect(state.items.map((c) => c.body)).toEqual(['A saved comment']);
    await client.comments('p1').refresh();
    const fresh = await new Promise<import('../types.js').CommentsState>((resolve) =>
      subscriptions.push(client.comments$('p1').subscribe((s) => s.status === 'ready' && !s.fromCache && resolve(s))),
    );
    expect(fresh.items).toHaveLength(1);
  });

  it('note$ shows the saved note when the server cannot be reached, and forgets it on 404', async () => {
    const world = newWorld();
    world.addNote({
      id: 'n1', spaceId: 'news', owner: ben, title: 'How we deploy', body: 'Steps', language: 'en', sources: [], tags: [],
      maturity: 'draft', reviewBy: null, promotedFrom: null, revision: 1, createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z', updatedBy: ben, canEdit: false,
    });
    const first = offlineClient(new MemoryTransport(world, me.actor));
    await first.me();
    await new Promise((resolve, reject) => subscriptions.push(first.note$('n1').subscribe({ next: (n) => n && resolve(n), error: reject })));
    const w1 = await wiring(first);
    await expect.poll(async () => (await w1.cache.flush(), (await w1.cache.note('n1'))?.title), { timeout: 10_000 }).toBe('How we deploy');

    const offline = new MemoryTransport(world, me.actor);
    offline.failNext('network', 1, { match: (req) => req.path.endsWith('/notes/n1') });
    const second = offlineClient(offline);
    const note = await new Promise((resolve, reject) =>
      subscriptions.push(second.note$('n1').subscribe({ next: (n) => n && resolve(n), error: reject })),
    );
    expect(note).toMatchObject({ id: 'n1', title: 'How we deploy' });

    const gone = new MemoryTransport(world, me.actor);
    gone.failNext('not_found', 1, { match: (req) => req.path.endsWith('/notes/n1') });
    const third = offlineClient(gone);
    await new Promise((resolve) => subscriptions.push(third.note$('n1').subscribe({ error: resolve })));
    const w3 = await wiring(third);
    await w3.cache.flush();
    expect(await w3.cache.note('n1')).toBeUndefined();
  });

  it('clearOfflineData() forgets the person and what they saw', async () => {
    const world = newWorld();
    await warm(world);
    const client = offlineClient(new MemoryTransport(world, me.actor));
    await client.saveDraft('composer:news', { body: 'Unsent' });
    expect(await client.loadDraft('composer:news')).toEqual({ body: 'Unsent' });
    await client.clearOfflineData();
    expect(await client.loadDraft('composer:news')).toBeUndefined();
    const w = await wiring(client);
    expect(await w.cache.lastPerson()).toBeUndefined();
    const backend = await openCacheBackend();
    expect(await backend.all()).toEqual([]);
    backend.close();
  });

  it('a client made during a sign-out opens its cache only once the previous person is gone', async () => {
    const world = newWorld();
    await warm(world);
    const leaving = offlineClient(new MemoryTransport(world, me.actor));
    const signOut = leaving.clearOfflineData();
    leaving.close();
    // The next client, made at once, whose server has not answered yet.
    const transport = new MemoryTransport(world, me.actor);
    const release = transport.hold();
    const next = offlineClient(transport);
    const seen: FeedState[] = [];
    subscriptions.push(next.feed$('news').subscribe((s) => seen.push(s)));
    await wiring(next);
    await signOut;
    release();
    await feedState(next, 'news', (s) => s.status === 'ready' && !s.fromCache);
    // Nothing of the signed-out person was painted.
    expect(seen.filter((s) => s.fromCache)).toEqual([]);
  });

  it('keeps reactions changed after the page was saved', async () => {
    const world = newWorld();
    const client = offlineClient(new MemoryTransport(world, me.actor));
    await feedState(client, 'news', (s) => s.status === 'ready' && !s.fromCache);
    await client.me();
    await client.react('p1', 'like');
    const w = await wiring(client);
    await w.flush();
    expect((await w.cache.post('p1'))?.reactions.mine).toEqual(['like']);
  });

  it('stays off for a given transport unless asked, so tests behave as before', async () => {
    const client = createClient({ transport: new MemoryTransport({ me, spaces: [newsSpace], posts: [] }) });
    clients.push(client);
    expect((client as unknown as ClientCore).offlineCache).toBeUndefined();
  });

  it('falls back to memory without an error when IndexedDB throws', async () => {
    globals.indexedDB = {
      open() {
        throw new DOMException('refused', 'SecurityError');
      },
    };
    const client = offlineClient(new MemoryTransport({ me, spaces: [newsSpace], posts: makePosts(2) }));
    const state = await feedState(client, 'news', (s) => s.status === 'ready' && !s.fromCache);
    expect(state.items).toHaveLength(2);
    const w = await wiring(client);
    expect(w.cache.storage).toBe('memory');
    await client.me();
    await w.flush();
    expect(await w.cache.feed('news')).toBeDefined();
    await client.saveDraft('composer:news', { body: 'kept' });
    expect(await client.loadDraft('composer:news')).toEqual({ body: 'kept' });
  });
});

describe('ReadCache bounds', () => {
  const page = (ids: number[]) => ({ items: ids.map((n) => makePost(n)), nextCursor: null });

  it('drops records past their age', async () => {
    let now = 1_000_000;
    const cache = await ReadCache.open('https://a.example', { now: () => now, limits: { maxAgeMs: 1_000 } });
    await cache.confirmPerson(me);
    await cache.saveFeed('news', page([1, 2]));
    expect(await cache.feed('news')).toBeDefined();
    now += 2_000;
    expect(await cache.feed('news')).toBeUndefined();
    await cache.evict();
    const backend = await openCacheBackend();
    expect(await backend.all()).toEqual([]);
    backend.close();
  });

  it('evicts the least recently used first when over the record count', async () => {
    let now = 1;
    const cache = await ReadCache.open('https://a.example', { now: () => now++, limits: { maxRecords: 4 } });
    await cache.confirmPerson(me);
    await cache.savePosts([makePost(1)]);
    await cache.savePosts([makePost(2)]);
    await cache.savePosts([makePost(3)]);
    await cache.savePosts([makePost(4)]);
    // Reading p1 makes it recent: p2 is now the least recently used.
    expect(await cache.post('p1')).toBeDefined();
    await cache.savePosts([makePost(5)]);
    await cache.evict();
    expect(await cache.post('p2')).toBeUndefined();
    for (const id of ['p1', 'p3', 'p4', 'p5']) expect(await cache.post(id)).toBeDefined();
  });

  it('evicts by size', async () => {
    let now = 1;
    const size = JSON.stringify(makePost(1)).length;
    const cache = await ReadCache.open('https://a.example', { now: () => now++, limits: { maxBytes: size * 2 + 10 } });
    await cache.confirmPerson(me);
    await cache.savePosts([makePost(1)]);
    await cache.savePosts([makePost(2)]);
    await cache.savePosts([makePost(3)]);
    await cache.evict();
    expect(await cache.post('p1')).toBeUndefined();
    expect(await cache.post('p3')).toBeDefined();
  });

  it('writes nothing before the person is confirmed', async () => {
    const cache = await ReadCache.open('https://a.example');
    await cache.savePosts([makePost(1)]);
    await cache.confirmPerson(me);
    expect(await cache.post('p1')).toBeUndefined();
  });

  it('drops every record when the schema version changes', async () => {
    const older = await openDB(CACHE_DB_NAME, CACHE_SCHEMA_VERSION, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('meta', { keyPath: 'name' });
      },
    });
    await older.put('records', { key: 'old', partition: 'x', kind: 'post', id: 'p', value: {}, bytes: 2, savedAt: 1, usedAt: 1 });
    older.close();
    const backend = await openCacheBackend(CACHE_SCHEMA_VERSION + 1);
    expect(backend.kind).toBe('idb');
    expect(await backend.all()).toEqual([]);
    backend.close();
  });

  it('falls back to memory when IndexedDB never answers the open (blocked for good)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // An open request that never succeeds nor fails (its listeners are never called).
      const never = Object.assign(Object.create(IDBOpenDBRequest.prototype) as IDBOpenDBRequest, {
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      });
      let opened = 0;
      globals.indexedDB = { open: () => (opened++, never) };
      const opening = openCacheBackend();
      await vi.advanceTimersByTimeAsync(IDB_OPEN_TIMEOUT_MS);
      expect((await opening).kind).toBe('memory');
      expect(opened).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps servers apart', async () => {
    const a = await ReadCache.open('https://a.example');
    await a.confirmPerson(me);
    await a.savePosts([makePost(1)]);
    await a.flush();
    const b = await ReadCache.open('https://b.example');
    expect(await b.lastPerson()).toBeUndefined();
    await b.confirmPerson(me);
    expect(await b.post('p1')).toBeUndefined();
  });
});
