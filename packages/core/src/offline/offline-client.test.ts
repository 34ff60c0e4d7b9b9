/**
 * The client with `offline: true`: writes go through the durable outbox in
 * IndexedDB (fake-indexeddb here), survive a new client on the same
 * database (a reload), and reach the backend once.
 */
import 'fake-indexeddb/auto';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { me, newsSpace } from '../_fixtures.js';
import type { EcotoneClient, OutboxEntry } from '../types.js';
import { OUTBOX_DB_NAME } from './outbox-storage.js';

const clients: EcotoneClient[] = [];

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(OUTBOX_DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
});

function offlineClient(transport: MemoryTransport): EcotoneClient {
  const client = createClient({ transport, offline: true });
  clients.push(client);
  return client;
}

const writes = (client: EcotoneClient, test: (e: readonly OutboxEntry[]) => boolean) => firstValueFrom(client.pendingWrites$.pipe(filter(test)));

describe('offline client', () => {
  it('keeps a post written while the server is unreachable, shows it waiting, and publishes it once after a reload', async () => {
    const transport = new MemoryTransport({ me, spaces: [newsSpace], posts: [] });
    const first = offlineClient(transport);
    await first.me();
    // The server cannot be reached for a long while: every attempt fails.
    let unreachable = true;
    transport.failNext('network', Number.MAX_SAFE_INTEGER, { match: () => unreachable });
    let queued: OutboxEntry | undefined;
    void first.publish('news', { body: 'Written on the train' }, { onQueued: (entry) => (queued = entry) }).catch(() => undefined);
    const [entry] = await writes(first, (e) => e.length === 1 && e[0]!.status === 'queued' && e[0]!.attempts > 0);
    expect(queued?.id).toBe(entry!.id);
    expect(entry).toMatchObject({ action: 'publish', target: 'news', request: { body: { body: 'Written on the train' } } });
    first.close();

    // Reloaded, the server is back: the post is sent, once.
    unreachable = false;
    const reloaded = offlineClient(transport);
    await writes(reloaded, (e) => e.length === 1);
    await writes(reloaded, (e) => e.length === 0);
    const page = await reloaded.fetchFeedPage('news');
    expect(page.items.map((p) => p.body)).toEqual(['Written on the train']);
  });

  it('keeps a write the server refused after it waited, until the person discards it', async () => {
    const transport = new MemoryTransport({ me, spaces: [newsSpace], posts: [] });
    const client = offlineClient(transport);
    await client.me();
    transport.failNext('network', 2);
    const published = client.publish('news', { body: 'x'.repeat(10) }, { onQueued: () => transport.failNext('forbidden') });
    await expect(published).rejects.toMatchObject({ code: 'forbidden' });
    const [failed] = await writes(client, (e) => e.length === 1 && e[0]!.status === 'failed');
    expect(failed!.error?.code).toBe('forbidden');
    await client.discardWrite(failed!.id);
    await writes(client, (e) => e.length === 0);
  });
});
