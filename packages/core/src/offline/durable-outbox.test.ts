import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../errors.js';
import type { OutboxEntry } from '../types.js';
import { OutboxTestServer } from './_outbox-server.js';
import { newLocalId } from '../outbox/local-id.js';
import { DurableOutbox, withServerIds, type DurableOutboxOptions } from './durable-outbox.js';
import { MemoryOutboxStorage, openOutboxStorage, type OutboxStorage } from './outbox-storage.js';

const SERVER = 'https://intranet.test/social';
const open: DurableOutbox[] = [];

function outbox(server: OutboxTestServer, storage: OutboxStorage, extra: Partial<DurableOutboxOptions> = {}): DurableOutbox {
  let known: string | undefined;
  const created = new DurableOutbox({
    transport: { request: server.request },
    storage,
    server: SERVER,
    confirmedPerson: () => (server.online ? Promise.resolve((known = server.person)) : Promise.reject(new NetworkError('network', 'offline'))),
    knownPerson: () => known,
    isOffline: () => !server.online,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    ...extra,
  });
  open.push(created);
  return created;
}

/** Waits until `condition` holds, yielding to timers between checks. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const entries = (o: DurableOutbox, test: (e: readonly OutboxEntry[]) => boolean) => firstValueFrom(o.pending$.pipe(filter(test)));

afterEach(() => {
  open.splice(0).forEach((o) => o.close());
});

describe('DurableOutbox', () => {
  it('keeps writes in IndexedDB across a reload, and sends them once when the server is back', async () => {
    const indexedDB = new IDBFactory();
    const server = new OutboxTestServer();
    const storage = await openOutboxStorage(indexedDB);
    expect(storage.durable).toBe(true);
    const first = outbox(server, storage);
    // This browser knows who is signed in once the server said so.
    let person: string | undefined;
    await until(() => {
      void storage.lastPerson(SERVER).then((p) => (person = p));
      return person === 'alice';
    });
    server.online = false;
    let queued: OutboxEntry | undefined;
    void first.send({ method: 'POST', path: '/spaces/news/posts', body: { text: 'from the train' } }, { action: 'publish', target: 'news', onQueued: (e) => (queued = e) }).catch(() => undefined);
    await entries(first, (e) => e.length === 1);
    expect(queued?.action).toBe('publish');
    first.close();

    // The page is reloaded, still offline: the write is there, with its key.
    const reloaded = outbox(server, await openOutboxStorage(indexedDB));
    const [kept] = await entries(reloaded, (e) => e.length === 1);
    expect(kept).toMatchObject({ action: 'publish', target: 'news', status: 'queued', request: { body: { text: 'from the train' } } });
    server.online = true;
    server.fault('lost_answer');
    await entries(reloaded, (e) => e.length === 0);
    expect(server.applied.map((a) => a.body)).toEqual([{ text: 'from the train' }]);
    expect(server.applied[0]!.key).toBe(kept!.idempotencyKey);
  });

  it('never sends a person’s writes as someone else; sends them when that person is back', async () => {
    const server = new OutboxTestServer();
    const storage = new MemoryOutboxStorage();
    const alices = outbox(server, storage);
    server.online = false;
    void alices.send({ method: 'PUT', path: '/objects/p1/reactions/like', body: { by: 'alice' } }, { action: 'react' }).catch(() => undefined);
    await entries(alices, (e) => e.length === 1);
    alices.close();

    // Bob signs in on the same browser and server.
    server.person = 'bob';
    server.online = true;
    const bobs = outbox(server, storage);
    await bobs.send({ method: 'PUT', path: '/objects/p2/reactions/like', body: { by: 'bob' } });
    expect(server.applied).toEqual([expect.objectContaining({ person: 'bob', body: { by: 'bob' } })]);
    expect(await storage.list(SERVER, 'alice')).toHaveLength(1);
    bobs.close();

    server.person = 'alice';
    outbox(server, storage);
    await until(() => server.applied.length === 2);
    expect(server.applied.map((a) => [a.person, a.body])).toEqual([
      ['bob', { by: 'bob' }],
      ['alice', { by: 'alice' }],
    ]);
  });

  it('keeps a refused write that was queued as failed, with its content, until retried or discarded', async () => {
    const server = new OutboxTestServer();
    const storage = new MemoryOutboxStorage();
    const o = outbox(server, storage);
    await entries(o, () => true);
    server.online = false;
    const post = newLocalId();
    // Callers that let go of their content once it is stored (a composer does).
    const letGo = () => undefined;
    const publish = o.send({ method: 'POST', path: '/spaces/closed/posts', body: { text: 'secret' } }, { action: 'publish', localId: post, onQueued: letGo });
    const comment = o.send({ method: 'POST', path: `/posts/${post}/comments`, body: { text: 'first!' } }, { action: 'comment', onQueued: letGo });
    await entries(o, (e) => e.length === 2);
    server.online = true;
    const wake = o.retry('nothing'); // any change wakes the queue
    await wake;
    await expect(publish).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(comment).rejects.toMatchObject({ code: 'not_found' });
    const failed = await entries(o, (e) => e.length === 2 && e.every((x) => x.status === 'failed'));
    expect(failed.map((e) => e.error?.code)).toEqual(['forbidden', 'not_found']);
    expect(failed[0]!.request.body).toEqual({ text: 'secret' });

    // The space opens: retrying the post, then the comment, sends both, the comment to the post's real id.
    server.closedSpaces.delete('closed');
    await o.retry(failed[0]!.id);
    await entries(o, (e) => e.length === 1);
    await o.retry(failed[1]!.id);
    await entries(o, (e) => e.length === 0);
    expect(server.applied.map((a) => a.path)).toEqual(['/spaces/closed/posts', `/posts/${server.applied[0]!.created}/comments`]);
  });

  it('gives a refused write back to a caller that kept its content (an optimistic like), even after it waited, and stores nothing', async () => {
    const server = new OutboxTestServer();
    const o = outbox(server, new MemoryOutboxStorage());
    await entries(o, () => true);
    server.online = false;
    const like = o.send({ method: 'POST', path: '/spaces/closed/posts', body: {} }, { action: 'react' });
    await entries(o, (e) => e.length === 1);
    server.online = true;
    void o.retry('wake');
    await expect(like).rejects.toMatchObject({ code: 'forbidden' });
    await entries(o, (e) => e.length === 0);
  });

  it('gives a refused write back to a caller still waiting for it, and stores nothing', async () => {
    const server = new OutboxTestServer();
    const o = outbox(server, new MemoryOutboxStorage());
    await expect(o.send({ method: 'POST', path: '/spaces/closed/posts', body: {} })).rejects.toMatchObject({ code: 'forbidden' });
    await entries(o, (e) => e.length === 0);
  });

  it('discards a queued write', async () => {
    const server = new OutboxTestServer();
    const o = outbox(server, new MemoryOutboxStorage());
    await entries(o, () => true);
    server.online = false;
    const write = o.send({ method: 'PUT', path: '/objects/p/reactions/like' });
    const [entry] = await entries(o, (e) => e.length === 1);
    await o.discard(entry!.id);
    await expect(write).rejects.toMatchObject({ code: 'aborted' });
    server.online = true;
    expect(await firstValueFrom(o.pending$)).toEqual([]);
    expect(server.applied).toEqual([]);
  });

  it('lets one tab send the queue while another stores writes and learns their outcome', async () => {
    const indexedDB = new IDBFactory();
    const server = new OutboxTestServer();
    const lock = new TestLocks();
    const channel = (name: string) => new BroadcastChannel(name) as unknown as import('./durable-outbox.js').OutboxChannel;
    outbox(server, await openOutboxStorage(indexedDB), { locks: lock as unknown as Pick<LockManager, 'request'>, openChannel: channel });
    const tab2 = outbox(server, await openOutboxStorage(indexedDB), { locks: lock as unknown as Pick<LockManager, 'request'>, openChannel: channel });
    await lock.held('ecotone-outbox:https://intranet.test/social:alice');
    const post = await tab2.send<{ id: string }>({ method: 'POST', path: '/spaces/news/posts', body: { text: 'hello' } });
    expect(post.id).toMatch(/^post-/);
    expect(lock.holders).toBe(1);
    expect(server.applied).toHaveLength(1);
  });
});

describe('withServerIds', () => {
  it('replaces provisional ids in the path and the body, and says when one has no server id', () => {
    const local = newLocalId();
    expect(withServerIds({ method: 'POST', path: `/posts/${local}/comments`, body: { quote: local } }, { [local]: 'p9' })).toEqual({
      method: 'POST',
      path: '/posts/p9/comments',
      body: { quote: 'p9' },
    });
    expect(withServerIds({ method: 'POST', path: `/posts/${local}/comments` }, {})).toBeUndefined();
  });
});

/** Test double of the Web Locks API: exclusive locks, granted in request order. */
class TestLocks {
  holders = 0;
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly granted = new Map<string, () => void>();

  request(name: string, callback: () => Promise<unknown>): Promise<unknown> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const result = previous.then(async () => {
      this.holders += 1;
      this.granted.get(name)?.();
      try {
        return await callback();
      } finally {
        this.holders -= 1;
      }
    });
    this.tails.set(name, result.catch(() => undefined));
    return result;
  }

  held(name: string): Promise<void> {
    return this.holders > 0 ? Promise.resolve() : new Promise((resolve) => this.granted.set(name, resolve));
  }
}
