import { describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { routes } from '@ecotone/protocol';
import { MemoryTransport } from '../transport/memory-transport.js';
import { me, newsSpace, makePosts } from '../_fixtures.js';
import { EcotoneError } from '../errors.js';
import type { OutboxEntry, Transport, TransportRequest } from '../types.js';
import { MemoryOutbox } from './memory-outbox.js';

function fixture() {
  const transport = new MemoryTransport({ me, spaces: [newsSpace], posts: makePosts(2) });
  const outbox = new MemoryOutbox(transport, { retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
  return { transport, outbox };
}

describe('MemoryOutbox', () => {
  it('retries a refused write (429) with the same key, never sooner than Retry-After', async () => {
    const attempts: { at: number; key: string | undefined }[] = [];
    const transport = {
      request: async <T,>(req: TransportRequest): Promise<T> => {
        attempts.push({ at: Date.now(), key: req.idempotencyKey });
        if (attempts.length === 1) throw new EcotoneError('rate_limited', 'Slow down', { status: 429, retryAfterMs: 300 });
        return { ok: true } as T;
      },
    } as unknown as Transport;
    // Its own backoff would retry within 2 ms: the server's wait wins.
    const outbox = new MemoryOutbox(transport, { retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
    await expect(outbox.send({ method: 'POST', path: '/api/v1/spaces/news/posts', body: {} })).resolves.toEqual({ ok: true });
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(290);
    expect(attempts[1]!.key).toBe(attempts[0]!.key);
  });

  it('adds an idempotency key and lists the entry as pending until answered', async () => {
    const { transport, outbox } = fixture();
    const seen: (readonly OutboxEntry[])[] = [];
    outbox.pending$.subscribe((p) => seen.push(p));
    const release = transport.hold();
    const sent = outbox.send({ method: 'PUT', path: routes.reaction('p1', 'like') });
    const pending = await firstValueFrom(outbox.pending$);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(pending[0]?.request.idempotencyKey).toBe(pending[0]?.idempotencyKey);
    release();
    await sent;
    expect(await firstValueFrom(outbox.pending$)).toEqual([]);
    expect(transport.requests[0]?.idempotencyKey).toBe(pending[0]?.idempotencyKey);
  });

  it('keeps a given key and sends writes on one path in order, even when the first retries', async () => {
    const { transport, outbox } = fixture();
    transport.failNext('unavailable', 2, { match: (r) => r.method === 'PUT' });
    const path = routes.reaction('p1', 'like');
    const a = outbox.send({ method: 'PUT', path, idempotencyKey: 'k-a' });
    const b = outbox.send({ method: 'DELETE', path, idempotencyKey: 'k-b' });
    await Promise.all([a, b]);
    expect(transport.requests.map((r) => `${r.method}:${r.idempotencyKey}`)).toEqual(['PUT:k-a', 'PUT:k-a', 'PUT:k-a', 'DELETE:k-b']);
  });

  it('does not let a failed write block the next one on the same path', async () => {
    const { transport, outbox } = fixture();
    transport.failNext('forbidden');
    const path = routes.reaction('p1', 'like');
    const a = outbox.send({ method: 'PUT', path });
    const b = outbox.send({ method: 'PUT', path });
    await expect(a).rejects.toMatchObject({ code: 'forbidden' });
    await expect(b).resolves.toMatchObject({ mine: ['like'] });
  });

  it('does not retry a refusal', async () => {
    const { transport, outbox } = fixture();
    transport.failNext('validation_failed');
    await expect(outbox.send({ method: 'POST', path: routes.publish('news'), body: { body: 'x' } })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(transport.requests).toHaveLength(1);
  });
});
