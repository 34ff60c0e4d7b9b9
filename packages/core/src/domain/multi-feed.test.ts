import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import type { Space } from '@ecotone/protocol';
import { createClient } from '../client.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import type { FeedState } from '../types.js';
import { ben, makePost, me, newsSpace, readOnlySpace } from '../_fixtures.js';

function until(state$: Observable<FeedState>, predicate: (s: FeedState) => boolean): Promise<FeedState> {
  return firstValueFrom(state$.pipe(filter(predicate), timeout(2_000)));
}

const ids = (s: FeedState) => s.items.map((p) => p.id);
const secret: Space = { ...newsSpace, id: 'secret', name: 'Secret', visibility: 'secret', role: null, canPublish: false };

function setup() {
  const posts = [
    makePost(1),
    makePost(2, { spaceId: 'board' }),
    makePost(3),
    makePost(4, { spaceId: 'board', kind: 'announcement', pinned: { until: null } }),
    makePost(5, { spaceId: 'secret' }),
  ];
  const transport = new MemoryTransport({ me, spaces: [newsSpace, readOnlySpace, secret], posts });
  return { transport, client: createClient({ transport, locale: 'en' }) };
}

describe('a feed over several spaces', () => {
  it('merges the spaces newest first, with the pinned posts of all of them, from GET /feed?spaces=', async () => {
    const { client, transport } = setup();
    const feed = client.feed('news,board');
    const sub = feed.state$.subscribe();
    const ready = await until(feed.state$, (s) => s.status === 'ready');
    expect(ids(ready)).toEqual(['p3', 'p2', 'p1']);
    expect(ready.pinned.map((p) => p.id)).toEqual(['p4']);
    expect(transport.requests.find((r) => r.path === '/api/v1/feed')).toMatchObject({ query: { spaces: 'news,board' } });
    sub.unsubscribe();
  });

  it("takes live posts of any of its spaces and the caller's own posts, and ignores other spaces", async () => {
    const { client, transport } = setup();
    const feed = client.feed('news,board');
    const sub = feed.state$.subscribe();
    await until(feed.state$, (s) => s.status === 'ready');
    transport.emit({ type: 'post.created', spaceId: 'board', post: makePost(10, { spaceId: 'board', author: ben }) });
    transport.emit({ type: 'post.created', spaceId: 'elsewhere', post: makePost(11, { spaceId: 'elsewhere', author: ben }) });
    const held = await until(feed.state$, (s) => s.newCount === 1);
    feed.showNew();
    expect(ids(await until(feed.state$, (s) => s.newCount === 0))).toEqual(['p10', 'p3', 'p2', 'p1']);
    expect(held.items.some((p) => p.id === 'p11')).toBe(false);
    const mine = await client.publish('news', { body: 'Mine, in one of the spaces' });
    expect(ids(await until(feed.state$, (s) => s.items[0]?.id === mine.id))[0]).toBe(mine.id);
    sub.unsubscribe();
  });

  it('fails as a whole when one space cannot be read (not_found), as the server does', async () => {
    const { client } = setup();
    const feed = client.feed('news,secret');
    const sub = feed.state$.subscribe();
    const failed = await until(feed.state$, (s) => s.status === 'error');
    expect(failed.error?.code).toBe('not_found');
    sub.unsubscribe();
  });
});
