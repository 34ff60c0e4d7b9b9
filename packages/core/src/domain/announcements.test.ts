import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import type { Actor, Post, Space } from '@ecotone/protocol';
import { createClient } from '../client.js';
import { ConflictError } from '../errors.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import type { FeedState } from '../types.js';
import { flush, makePost, me, newsSpace } from '../_fixtures.js';

const HOUR_MS = 60 * 60 * 1000;
/** The caller (ana) owns `hq` and is a member of `news`. */
const hq: Space = { ...newsSpace, id: 'hq', name: 'HQ', role: 'owner' };
const lyon: Actor = { id: 'lea', displayName: 'Léa', site: 'Lyon', locale: 'fr' };

function setup(posts: Post[]) {
  const transport = new MemoryTransport({ me, spaces: [newsSpace, hq], posts });
  const outbox = new MemoryOutbox(transport, { retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
  const client = createClient({ transport, outbox, locale: 'en' });
  return { transport, client };
}

function watch<T>(source: Observable<T>) {
  const seen: T[] = [];
  const sub = source.subscribe((v) => seen.push(v));
  return { seen, last: () => seen.at(-1), stop: () => sub.unsubscribe() };
}

/** The first value matching, waited for generously: a loaded machine may be slow, the test never waits longer than it must. */
function until<T>(source: Observable<T>, predicate: (v: T) => boolean): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), timeout(15_000)));
}

const ids = (posts: readonly Post[]) => posts.map((p) => p.id);
const asking = (n: number, overrides: Partial<Post> = {}) =>
  makePost(n, { kind: 'announcement', acknowledgement: { mine: false, count: 4 }, ...overrides });

describe('read acknowledgements', () => {
  it('are optimistic, pending meanwhile, then settled by the answer', async () => {
    const { client, transport } = setup([asking(1)]);
    const post = watch(client.post$('p1'));
    const pending = watch(client.pendingAcknowledgements$);
    await until(client.post$('p1'), Boolean);
    const release = transport.hold();
    const done = client.acknowledge('p1');
    // Before the server answers.
    await until(client.post$('p1'), (p) => !!p?.acknowledgement?.mine);
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 5 });
    expect([...pending.last()!]).toEqual(['p1']);
    // A second call while the first is in flight shares its request.
    const again = client.acknowledge('p1');
    release();
    await Promise.all([done, again]);
    expect([...pending.last()!]).toEqual([]);
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 5 });
    expect(transport.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    // Already acknowledged: nothing is sent.
    await client.acknowledge('p1');
    expect(transport.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    post.stop();
    pending.stop();
  });

  it('roll back exactly on refusal, and reject with the typed error', async () => {
    const { client, transport } = setup([asking(1), makePost(2)]);
    const post = watch(client.post$('p1'));
    const before = await until(client.post$('p1'), Boolean);
    expect(before?.acknowledgement).toEqual({ mine: false, count: 4 });
    const release = transport.hold();
    transport.failNext('forbidden', 1, { match: (req) => req.method === 'PUT' });
    const refused = client.acknowledge('p1');
    await until(client.post$('p1'), (p) => !!p?.acknowledgement?.mine);
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 5 });
    release();
    await expect(refused).rejects.toMatchObject({ code: 'forbidden' });
    expect(post.last()?.acknowledgement).toBe(before?.acknowledgement);
    expect([...(await firstValueFrom(client.pendingAcknowledgements$))]).toEqual([]);
    // A post that does not ask for it.
    await until(client.post$('p2'), Boolean);
    const error = await client.acknowledge('p2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('acknowledgement_not_requested');
    expect((await firstValueFrom(client.post$('p2')))?.acknowledgement).toBeUndefined();
    post.stop();
  });

  it('keep the optimistic state over a refetch while in flight', async () => {
    const { client, transport } = setup([asking(1)]);
    const post = watch(client.post$('p1'));
    await until(client.post$('p1'), Boolean);
    const feed = watch(client.feed$('news'));
    await until(client.feed$('news'), (s) => s.status === 'ready');
    const release = transport.hold();
    const done = client.acknowledge('p1');
    const refreshed = client.feed('news').refresh();
    release();
    await Promise.all([done, refreshed]);
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 5 });
    post.stop();
    feed.stop();
  });

  it('follow acknowledgement.changed: the count always, mine only for the caller', async () => {
    const { client, transport } = setup([asking(1)]);
    await client.me();
    const post = watch(client.post$('p1'));
    await until(client.post$('p1'), Boolean);
    transport.acknowledgeAsOther('p1', lyon);
    await until(client.post$('p1'), (p) => p?.acknowledgement?.count === 5);
    expect(post.last()?.acknowledgement).toEqual({ mine: false, count: 5 });
    // The caller, from another tab.
    transport.emit({ type: 'acknowledgement.changed', spaceId: 'news', postId: 'p1', count: 6, actorId: 'ana' });
    await until(client.post$('p1'), (p) => p?.acknowledgement?.count === 6);
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 6 });
    post.stop();
  });

  it('count others who acknowledge meanwhile, and roll back to the server count after a refusal', async () => {
    const { client, transport } = setup([asking(1)]);
    await client.me();
    const post = watch(client.post$('p1'));
    await until(client.post$('p1'), Boolean);
    const release = transport.hold();
    transport.failNext('internal', 5);
    const refused = client.acknowledge('p1');
    await until(client.post$('p1'), (p) => !!p?.acknowledgement?.mine);
    transport.emit({ type: 'acknowledgement.changed', spaceId: 'news', postId: 'p1', count: 7, actorId: 'lea' });
    await until(client.post$('p1'), (p) => p?.acknowledgement?.count === 8);
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 8 });
    release();
    await expect(refused).rejects.toMatchObject({ code: 'internal' });
    expect(post.last()?.acknowledgement).toEqual({ mine: false, count: 7 });
    post.stop();
  });

  it('stand when the caller’s own event arrived though the answer was lost', async () => {
    const { client, transport } = setup([asking(1)]);
    await client.me();
    const post = watch(client.post$('p1'));
    await until(client.post$('p1'), Boolean);
    // Applied on the server (its event goes out), then the answer fails every time.
    transport.failNext('internal', 5, { afterApply: true });
    await client.acknowledge('p1');
    await flush();
    expect(post.last()?.acknowledgement).toEqual({ mine: true, count: 5 });
    post.stop();
  });

  it('are summed per site for the author and owners', async () => {
    const { client, transport } = setup([asking(1, { spaceId: 'hq', acknowledgement: { mine: false, count: 0 } })]);
    transport.acknowledgeAsOther('p1', lyon);
    transport.acknowledgeAsOther('p1', { ...lyon, id: 'zoe' });
    expect(await client.acknowledgements('p1')).toEqual({ postId: 'p1', count: 2, bySite: [{ site: 'Lyon', count: 2 }] });
    await expect(client.acknowledgements('nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('pinned posts in a feed', () => {
  const hqPost = (n: number, overrides: Partial<Post> = {}) => makePost(n, { spaceId: 'hq', ...overrides });
  const announcement = (n: number, until: string | null) => hqPost(n, { kind: 'announcement', pinned: { until } });

  it('come from the first page, apart from the items', async () => {
    const { client } = setup([hqPost(1), announcement(2, null), hqPost(3), announcement(4, null)]);
    const ready = await until(client.feed$('hq'), (s) => s.status === 'ready');
    expect(ids(ready.pinned)).toEqual(['p4', 'p2']);
    expect(ids(ready.items)).toEqual(['p3', 'p1']);
  });

  it('follow pin and unpin: a pinned post leaves the items, an unpinned one goes back to its place', async () => {
    const { client } = setup([hqPost(1), hqPost(2, { kind: 'announcement' }), hqPost(3)]);
    const feed = watch(client.feed$('hq'));
    await until(client.feed$('hq'), (s) => s.status === 'ready');
    const until_ = new Date(Date.now() + HOUR_MS).toISOString();
    const pinned = await client.pin('p2', until_);
    expect(pinned.pinned).toEqual({ until: until_ });
    let state = feed.last()!;
    expect(ids(state.pinned)).toEqual(['p2']);
    expect(ids(state.items)).toEqual(['p3', 'p1']);
    await client.unpin('p2');
    state = feed.last()!;
    expect(state.pinned).toEqual([]);
    expect(ids(state.items)).toEqual(['p3', 'p2', 'p1']);
    feed.stop();
  });

  it('follow pins made elsewhere (post.updated), and leave when their time is over', async () => {
    const { client, transport } = setup([hqPost(1), hqPost(2, { kind: 'announcement' }), hqPost(3)]);
    const feed = watch(client.feed$('hq'));
    await until(client.feed$('hq'), (s) => s.status === 'ready');
    transport.pinAsOther('p2', { until: new Date(Date.now() + 500).toISOString() });
    // Watched from the start: the pinned state is seen even if it ends before a new subscriber would come.
    await until(client.feed$('hq'), () => feed.seen.some((s) => s.pinned.length === 1));
    const pinned = feed.seen.find((s) => s.pinned.length === 1)!;
    expect(ids(pinned.items)).toEqual(['p3', 'p1']);
    // No event says so: the feed's own timer does.
    const expired = await until(client.feed$('hq'), (s: FeedState) => s.pinned.length === 0);
    expect(ids(expired.items)).toEqual(['p3', 'p2', 'p1']);
    transport.pinAsOther('p2', { until: null });
    await until(client.feed$('hq'), (s) => s.pinned.length === 1);
    transport.pinAsOther('p2', null);
    const back = await until(client.feed$('hq'), (s) => s.pinned.length === 0);
    expect(ids(back.items)).toEqual(['p3', 'p2', 'p1']);
    feed.stop();
  });

  it('leaves an unpinned post older than every loaded item to the page that brings it, once', async () => {
    const posts = [announcement(1, null), ...Array.from({ length: 24 }, (_, i) => hqPost(i + 2))];
    const { client } = setup(posts);
    const feed = client.feed('hq');
    const sub = feed.state$.subscribe();
    const first = await until(feed.state$, (s) => s.status === 'ready');
    expect(first.items).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    await client.unpin('p1');
    const unpinned = await firstValueFrom(feed.state$);
    expect(unpinned.pinned).toEqual([]);
    expect(ids(unpinned.items)).not.toContain('p1');
    await feed.loadMore();
    const all = await until(feed.state$, (s) => !s.hasMore);
    expect(all.items).toHaveLength(25);
    expect(ids(all.items).filter((id) => id === 'p1')).toEqual(['p1']);
    expect(all.items.at(-1)?.id).toBe('p1');
    sub.unsubscribe();
  });

  it('take a pinned announcement the caller publishes, and a scheduled draft at the top', async () => {
    const { client } = setup([hqPost(1)]);
    const feed = watch(client.feed$('hq'));
    await until(client.feed$('hq'), (s) => s.status === 'ready');
    const pinned = await client.publish('hq', { body: 'Safety week', kind: 'announcement', pin: true, requireAcknowledgement: true });
    expect(pinned.acknowledgement).toEqual({ mine: false, count: 0 });
    const publishAt = new Date(Date.now() + HOUR_MS).toISOString();
    const draft = await client.publish('hq', { body: 'Later', publishAt });
    expect(draft.publishAt).toBe(publishAt);
    await flush();
    const state = feed.last()!;
    expect(ids(state.pinned)).toEqual([pinned.id]);
    expect(ids(state.items)).toEqual([draft.id, 'p1']);
    feed.stop();
  });

  it('show someone else’s new pinned post at once, not held back', async () => {
    const { client, transport } = setup([hqPost(1)]);
    await client.me();
    const feed = watch(client.feed$('hq'));
    await until(client.feed$('hq'), (s) => s.status === 'ready');
    transport.emit({ type: 'post.created', spaceId: 'hq', post: announcement(9, null) });
    const state = await until(client.feed$('hq'), (s) => s.pinned.length === 1);
    expect(state.newCount).toBe(0);
    expect(ids(state.items)).toEqual(['p1']);
    feed.stop();
  });
});
