import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { Post, ReactionSummary } from '@ecotone/protocol';
import { AccessError, EcotoneError, ValidationError } from './errors.js';
import { flush, makePost, makePosts, setup } from './_fixtures.js';

function values<T>(source: { subscribe(fn: (v: T) => void): { unsubscribe(): void } }) {
  const seen: T[] = [];
  const sub = source.subscribe((v) => seen.push(v));
  return { seen, last: () => seen.at(-1), stop: () => sub.unsubscribe() };
}

describe('store consistency', () => {
  it('two subscribers of the same post always see the same numbers', async () => {
    const { client } = setup();
    const a = values<Post | undefined>(client.post$('p1'));
    const b = values<ReactionSummary | undefined>(client.reactions$('p1'));
    await firstValueFrom(client.post$('p1').pipe(filter(Boolean), timeout(1_000)));
    expect(a.last()?.reactions.counts.like).toBe(2);
    const pending = client.react('p1', 'like');
    // Optimistic: both views move together before the server answers.
    expect(a.last()?.reactions.counts.like).toBe(3);
    expect(b.last()?.counts.like).toBe(3);
    await pending;
    expect(a.last()?.reactions).toEqual(b.last());
    a.stop();
    b.stop();
  });

  it('fetches a post absent from the store once, then follows live events', async () => {
    const { client, transport } = setup();
    const a = values<Post | undefined>(client.post$('p3'));
    const b = values<Post | undefined>(client.post$('p3'));
    await firstValueFrom(client.post$('p3').pipe(filter(Boolean), timeout(1_000)));
    expect(transport.requests.filter((r) => r.path === '/api/v1/posts/p3')).toHaveLength(1);
    transport.emit({
      type: 'reaction.changed', spaceId: 'news', objectId: 'p3', counts: { like: 9 }, actorId: 'ben', kind: 'like', active: true,
    });
    expect(a.last()?.reactions.counts.like).toBe(9);
    expect(b.last()?.reactions.counts.like).toBe(9);
    // Someone else's reaction is not mine.
    expect(a.last()?.reactions.mine).toEqual([]);
    a.stop();
    b.stop();
  });

  it('updates mine from a live event only when the actor is the caller', async () => {
    const { client, transport } = setup();
    await client.me();
    const r = values<ReactionSummary | undefined>(client.reactions$('p2'));
    await firstValueFrom(client.reactions$('p2').pipe(filter(Boolean), timeout(1_000)));
    transport.emit({ type: 'reaction.changed', spaceId: 'news', objectId: 'p2', counts: { like: 3 }, actorId: 'ana', kind: 'like', active: true });
    expect(r.last()).toEqual({ objectId: 'p2', counts: { like: 3 }, mine: ['like'] });
    transport.emit({ type: 'reaction.changed', spaceId: 'news', objectId: 'p2', counts: { like: 2 }, actorId: 'ben', kind: 'like', active: false });
    expect(r.last()).toEqual({ objectId: 'p2', counts: { like: 2 }, mine: ['like'] });
    r.stop();
  });

  it('errors post$ with a typed error when the post cannot be fetched', async () => {
    const { client } = setup();
    const err = await firstValueFrom(client.post$('nope').pipe(filter(Boolean))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessError);
    expect((err as EcotoneError).code).toBe('not_found');
  });
});

describe('reactions', () => {
  it('applies optimistically, shows the object as pending, then settles on the answer', async () => {
    const { client, transport } = setup();
    await client.fetchFeedPage('news'); // no store update: reactions$ must fetch
    const r = values<ReactionSummary | undefined>(client.reactions$('p1'));
    const pending = values<ReadonlySet<string>>(client.pendingReactions$);
    await firstValueFrom(client.reactions$('p1').pipe(filter(Boolean), timeout(1_000)));
    const release = transport.hold();
    const done = client.react('p1', 'like');
    expect(r.last()).toEqual({ objectId: 'p1', counts: { like: 3, celebrate: 0 }, mine: ['like'] });
    expect(pending.last()?.has('p1')).toBe(true);
    release();
    await done;
    expect(pending.last()?.has('p1')).toBe(false);
    expect(r.last()).toEqual({ objectId: 'p1', counts: { like: 3, celebrate: 0 }, mine: ['like'] });
    const put = transport.requests.find((q) => q.method === 'PUT');
    expect(put?.path).toBe('/api/v1/objects/p1/reactions/like');
    expect(put?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    r.stop();
    pending.stop();
  });

  it('rolls back and rejects with the typed error on refusal', async () => {
    const { client, transport } = setup();
    const r = values<ReactionSummary | undefined>(client.reactions$('p1'));
    await firstValueFrom(client.reactions$('p1').pipe(filter(Boolean), timeout(1_000)));
    transport.failNext('forbidden', 1, { match: (q) => q.method === 'PUT' });
    const release = transport.hold();
    const done = client.react('p1', 'like');
    expect(r.last()?.counts.like).toBe(3);
    release();
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessError);
    expect((err as EcotoneError).code).toBe('forbidden');
    expect(r.last()).toEqual({ objectId: 'p1', counts: { like: 2, celebrate: 0 }, mine: [] });
    expect(await firstValueFrom(client.pendingReactions$)).toEqual(new Set());
    r.stop();
  });

  it('rejects an unknown kind with a ValidationError and leaves counts as they were', async () => {
    const { client } = setup();
    const r = values<ReactionSummary | undefined>(client.reactions$('p1'));
    await firstValueFrom(client.reactions$('p1').pipe(filter(Boolean), timeout(1_000)));
    const err = await client.react('p1', 'shrug').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as EcotoneError).code).toBe('unknown_reaction_kind');
    expect(r.last()).toEqual({ objectId: 'p1', counts: { like: 2, celebrate: 0 }, mine: [] });
    r.stop();
  });

  it('ends consistent after fast toggles on the same object', async () => {
    const { client, transport } = setup();
    const r = values<ReactionSummary | undefined>(client.reactions$('p1'));
    await firstValueFrom(client.reactions$('p1').pipe(filter(Boolean), timeout(1_000)));
    transport.delay(5);
    const ops = [
      client.react('p1', 'like'),
      client.unreact('p1', 'like'),
      client.react('p1', 'like'),
      client.react('p1', 'celebrate'),
      client.unreact('p1', 'like'),
    ];
    await Promise.all(ops);
    const server = await transport.request<ReactionSummary>({ method: 'GET', path: '/api/v1/objects/p1/reactions' });
    expect(server).toEqual({ objectId: 'p1', counts: { like: 2, celebrate: 1 }, mine: ['celebrate'] });
    expect(r.last()).toEqual(server);
    // Sent in the order they were made.
    const writes = transport.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path.split('/').pop()}`);
    expect(writes).toEqual(['PUT like', 'DELETE like', 'PUT like', 'PUT celebrate', 'DELETE like']);
    r.stop();
  });

  it('keeps the other writes when one of several in-flight writes fails', async () => {
    const { client, transport } = setup();
    const r = values<ReactionSummary | undefined>(client.reactions$('p1'));
    await firstValueFrom(client.reactions$('p1').pipe(filter(Boolean), timeout(1_000)));
    transport.failNext('conflict', 1, { match: (q) => q.path.endsWith('/like') });
    const like = client.react('p1', 'like');
    const celebrate = client.react('p1', 'celebrate');
    await expect(like).rejects.toBeInstanceOf(EcotoneError);
    await celebrate;
    expect(r.last()).toEqual({ objectId: 'p1', counts: { like: 2, celebrate: 1 }, mine: ['celebrate'] });
    r.stop();
  });
});

describe('publish', () => {
  it('retries a retryable failure with the SAME idempotency key and creates one post', async () => {
    const { client, transport } = setup(makePosts(1));
    // The first attempt is applied but its answer is lost; the second is refused with 503.
    transport.failNext('network', 1, { afterApply: true, match: (q) => q.method === 'POST' });
    transport.failNext('unavailable', 1, { match: (q) => q.method === 'POST' });
    const post = await client.publish('news', { body: 'Lunch at noon' });
    const posts = transport.requests.filter((q) => q.method === 'POST');
    expect(posts).toHaveLength(3);
    const keys = new Set(posts.map((q) => q.idempotencyKey));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const page = await client.fetchFeedPage('news');
    expect(page.items.filter((p) => p.body === 'Lunch at noon')).toHaveLength(1);
    expect(page.items[0]?.id).toBe(post.id);
  });

  it('uses a fresh key per publish', async () => {
    const { client, transport } = setup();
    await client.publish('news', { body: 'one' });
    await client.publish('news', { body: 'two' });
    const keys = transport.requests.filter((q) => q.method === 'POST').map((q) => q.idempotencyKey);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('rejects a refusal without retrying and keeps nothing pending', async () => {
    const { client, transport } = setup();
    const err = await client.publish('board', { body: 'not allowed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessError);
    expect((err as EcotoneError).code).toBe('forbidden');
    expect(transport.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(await firstValueFrom(client.pendingWrites$)).toEqual([]);
  });

  it('puts the published post into the store', async () => {
    const { client } = setup();
    const post = await client.publish('news', { body: 'Stored' });
    const fromStore = await firstValueFrom(client.post$(post.id));
    expect(fromStore?.body).toBe('Stored');
  });

  it('gives up after the last attempt with the last error', async () => {
    const { client, transport } = setup();
    transport.failNext('internal', 10);
    const err = await client.publish('news', { body: 'x' }).catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('internal');
    expect(transport.requests.filter((q) => q.method === 'POST')).toHaveLength(4);
  });
});

describe('client', () => {
  it('translates error codes in the current locale and follows setLocale', async () => {
    const { client } = setup();
    const err = new EcotoneError('forbidden', 'Forbidden (server title)');
    // The first error of a page: its own text, while the sentences load.
    expect(client.errorMessage(err)).toBe('Forbidden (server title)');
    await client.loadErrorMessages();
    expect(client.errorMessage(err)).toBe('You are not allowed to do this.');
    const locales = values(client.locale$);
    await client.setLocale('de-AT');
    expect(locales.last()).toBe('de');
    expect(client.errorMessage(err)).toBe('Forbidden (server title)');
    await client.loadErrorMessages();
    expect(client.errorMessage(err)).toBe('Sie dürfen diese Aktion nicht ausführen.');
    expect(client.errorMessage(err, 'fr')).toBe('Forbidden (server title)');
    expect(client.errorMessage(new Error('boom'))).toBe('Ein Fehler ist aufgetreten.');
    expect(client.errorMessage(new EcotoneError('brand_new_code', 'x'))).toBe('Ein Fehler ist aufgetreten.');
    locales.stop();
  });

  it('caches me() and lists spaces', async () => {
    const { client, transport } = setup();
    const [a, b] = await Promise.all([client.me(), client.me()]);
    expect(a).toBe(b);
    expect(transport.requests.filter((q) => q.path === '/api/v1/me')).toHaveLength(1);
    expect((await client.spaces()).map((s) => s.id)).toEqual(['board', 'news']); // by name, as the server lists them
  });

  it('refetches watched posts on stream.reset', async () => {
    const { client, transport } = setup([makePost(1)]);
    const p = values<Post | undefined>(client.post$('p1'));
    await firstValueFrom(client.post$('p1').pipe(filter(Boolean), timeout(1_000)));
    transport.addPost(makePost(1, { body: 'edited while away' }));
    transport.emit({ type: 'stream.reset' });
    await flush(5);
    expect(p.last()?.body).toBe('edited while away');
    p.stop();
  });
});
