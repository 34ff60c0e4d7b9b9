import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import type { FeedState } from '../types.js';
import { AccessError, NetworkError } from '../errors.js';
import { ana, flush, makePost, makePosts, setup } from '../_fixtures.js';

function until(state$: Observable<FeedState>, predicate: (s: FeedState) => boolean): Promise<FeedState> {
  return firstValueFrom(state$.pipe(filter(predicate), timeout(2_000)));
}

const ids = (s: FeedState) => s.items.map((p) => p.id);

describe('feed', () => {
  it('loads the first page on first subscribe: loading, then ready newest first', async () => {
    const { client } = setup(makePosts(3));
    const seen: FeedState['status'][] = [];
    const sub = client.feed$('news').subscribe((s) => seen.push(s.status));
    const ready = await until(client.feed$('news'), (s) => s.status === 'ready');
    expect(ids(ready)).toEqual(['p3', 'p2', 'p1']);
    expect(ready.hasMore).toBe(false);
    expect(seen[0]).toBe('loading');
    sub.unsubscribe();
  });

  it('returns the same Feed instance per space while in use', () => {
    const { client } = setup();
    expect(client.feed('news')).toBe(client.feed('news'));
    expect(client.feed('news')).not.toBe(client.feed('board'));
  });

  it('paginates with the cursor, without duplicates, and ignores loadMore while one is in flight', async () => {
    const { client, transport } = setup(makePosts(45));
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    const first = await until(feed.state$, (s) => s.status === 'ready');
    expect(first.items).toHaveLength(20);
    expect(first.hasMore).toBe(true);

    const before = transport.requests.length;
    const a = feed.loadMore();
    const b = feed.loadMore();
    expect(b).toBe(a);
    const loading = await until(feed.state$, (s) => s.loadingMore);
    expect(loading.items).toHaveLength(20);
    await a;
    expect(transport.requests.length - before).toBe(1);
    await feed.loadMore();
    const all = await until(feed.state$, (s) => !s.hasMore);
    expect(all.items).toHaveLength(45);
    expect(new Set(ids(all)).size).toBe(45);
    expect(ids(all)[0]).toBe('p45');
    expect(ids(all)[44]).toBe('p1');
    const requestsAtEnd = transport.requests.length;
    await feed.loadMore(); // nothing left: no request
    expect(transport.requests.length).toBe(requestsAtEnd);
    sub.unsubscribe();
  });

  it('puts a first-page failure in the state, and refresh() recovers', async () => {
    const { client, transport } = setup(makePosts(3));
    transport.failNext('not_found');
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    const failed = await until(feed.state$, (s) => s.status === 'error');
    expect(failed.error).toBeInstanceOf(AccessError);
    expect(failed.error?.code).toBe('not_found');
    expect(failed.items).toEqual([]);
    await feed.refresh();
    const ready = await until(feed.state$, (s) => s.status === 'ready');
    expect(ready.error).toBeNull();
    expect(ids(ready)).toEqual(['p3', 'p2', 'p1']);
    sub.unsubscribe();
  });

  it('keeps items intact when loadMore fails, and a later loadMore succeeds', async () => {
    const { client, transport } = setup(makePosts(25));
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    transport.failNext('network');
    await feed.loadMore();
    const failed = await until(feed.state$, (s) => s.error !== null);
    expect(failed.error).toBeInstanceOf(NetworkError);
    expect(failed.items).toHaveLength(20);
    expect(failed.status).toBe('ready');
    expect(failed.loadingMore).toBe(false);
    await feed.loadMore();
    const recovered = await until(feed.state$, (s) => !s.hasMore);
    expect(recovered.error).toBeNull();
    expect(recovered.items).toHaveLength(25);
    sub.unsubscribe();
  });

  it("holds back other people's live posts until showNew()", async () => {
    const { client, transport } = setup(makePosts(2));
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(10) });
    transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(11) });
    transport.emit({ type: 'post.created', spaceId: 'other', post: makePost(12, { spaceId: 'other' }) });
    const held = await until(feed.state$, (s) => s.newCount === 2);
    expect(ids(held)).toEqual(['p2', 'p1']);
    // The same event twice is counted once.
    transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(11) });
    await flush();
    feed.showNew();
    const shown = await until(feed.state$, (s) => s.newCount === 0);
    expect(ids(shown)).toEqual(['p11', 'p10', 'p2', 'p1']);
    sub.unsubscribe();
  });

  it("inserts the caller's own live post at the top at once", async () => {
    const { client, transport } = setup(makePosts(2));
    await client.me();
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    // Published from another tab: only the live event tells us.
    transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(9, { author: ana }) });
    const state = await until(feed.state$, (s) => s.items.length === 3);
    expect(ids(state)[0]).toBe('p9');
    expect(state.newCount).toBe(0);
    sub.unsubscribe();
  });

  it('puts a post published through the client at the top, once', async () => {
    const { client } = setup(makePosts(2));
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    const post = await client.publish('news', { body: 'Hello' });
    const state = await until(feed.state$, (s) => s.items[0]?.id === post.id);
    await flush();
    const latest = await firstValueFrom(feed.state$);
    expect(ids(latest)).toEqual([post.id, 'p2', 'p1']);
    expect(latest.newCount).toBe(0);
    expect(state.items[0]?.author.id).toBe('ana');
    sub.unsubscribe();
  });

  it('refetches the first page on stream.reset', async () => {
    const { client, transport } = setup(makePosts(2));
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    // A post the client missed while disconnected.
    transport.addPost(makePost(7));
    transport.emit({ type: 'stream.reset' });
    const state = await until(feed.state$, (s) => s.items.length === 3);
    expect(ids(state)).toEqual(['p7', 'p2', 'p1']);
    sub.unsubscribe();
  });

  it('shows the store version of each item: a reaction changes the feed item', async () => {
    const { client } = setup(makePosts(2));
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    await client.react('p1', 'like');
    const state = await firstValueFrom(feed.state$);
    const p1 = state.items.find((p) => p.id === 'p1');
    expect(p1?.reactions.counts.like).toBe(3);
    expect(p1?.reactions.mine).toEqual(['like']);
    // Unchanged items keep their identity (cheap re-renders).
    const p2Before = state.items.find((p) => p.id === 'p2');
    await client.react('p1', 'celebrate');
    const after = await firstValueFrom(feed.state$);
    expect(after.items.find((p) => p.id === 'p2')).toBe(p2Before);
    sub.unsubscribe();
  });
});
