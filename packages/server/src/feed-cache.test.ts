/**
 * Feed pages kept for everyone: a second reader costs only their own part,
 * every write shows at once, and a kept page never carries a draft to
 * someone who may not see it, nor hides one from someone who may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import type { FeedPage, Post } from '@ecotone/protocol';
import { recordQueries, startTestServer, TEST_NOW, type QueryRecorder, type TestServer } from './_harness.js';
import { FeedCache, type SharedFeedPage } from './feed-cache.js';
import { InProcessEventBus } from './live/bus.js';
import type { PostWithAuthorRow } from './repositories/posts.js';
import { insertActor } from './repositories/actors.js';

describe('feed pages kept for everyone', () => {
  let server: TestServer;
  let recorder: QueryRecorder;
  let runs = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      runs++;
      return Promise.resolve(args.result);
    },
  };

  beforeAll(async () => {
    recorder = recordQueries();
    server = await startTestServer({ rateLimits: false, dbPlugins: [recorder.plugin, counting] });
  });
  afterAll(() => server.close());

  const feed = (as: string) => server.json<FeedPage>('/api/v1/spaces/general/feed?limit=20', { as });
  const queriesOf = async (read: () => Promise<unknown>) => {
    const before = runs;
    await read();
    return runs - before;
  };

  it('serves a second reader the same page with only their own queries', async () => {
    // The first reader of the page reads it all; the next one only their part.
    const miss = await queriesOf(() => feed('thomas'));
    const hit = await queriesOf(() => feed('marco'));
    const other = await feed('camille');
    expect(hit).toBeLessThan(miss - 5);
    // Shared facts, authors and counts are the same for everyone; only `mine` and ballots may differ.
    const strip = (page: FeedPage) => page.items.map((p) => ({ ...p, reactions: { ...p.reactions, mine: [] }, polls: undefined }));
    expect(strip(other.body)).toEqual(strip((await feed('marco')).body));
  });

  it('looks up the own reactions only of readers who reacted to a post of the page', async () => {
    // Two newcomers to the open space: one reacts, the other does not.
    for (const id of ['newcomer-a', 'newcomer-b']) {
      await insertActor(server.db, { id, display_name: id, avatar_url: null, site: null, locale: 'en', title: null, created_at: TEST_NOW.toISOString(), deactivated_at: null });
      expect((await server.api('/api/v1/spaces/general/join', { method: 'POST', as: id })).status).toBeLessThan(300);
    }
    const { body: page } = await feed('thomas');
    const post = page.items[3]!;
    expect((await server.api(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'newcomer-a' })).status).toBeLessThan(300);
    await feed('thomas');
    const reacted = await queriesOf(() => feed('newcomer-a'));
    const didNot = await queriesOf(() => feed('newcomer-b'));
    expect(didNot).toBeLessThan(reacted);
    expect((await feed('newcomer-a')).body.items.find((p) => p.id === post.id)?.reactions.mine).toEqual(['like']);
    expect((await feed('newcomer-b')).body.items.every((p) => p.reactions.mine.length === 0)).toBe(true);
  });

  it('shows every write at once, to the writer and to the others', async () => {
    await feed('thomas');
    const { body: post } = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'hannah', body: { body: 'Fresh news' } });
    expect((await feed('thomas')).body.items[0]?.id).toBe(post.id);
    await server.api(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'thomas' });
    const seen = (await feed('marco')).body.items.find((p) => p.id === post.id);
    expect(seen?.reactions.counts['like']).toBe(1);
    expect(seen?.reactions.mine).toEqual([]);
    expect((await feed('thomas')).body.items.find((p) => p.id === post.id)?.reactions.mine).toEqual(['like']);
  });

  it('never shares a page with a draft, nor a page without one with those who see it', async () => {
    const publishAt = new Date(TEST_NOW.getTime() + 24 * 3_600_000).toISOString();
    // A member reads first: a draft-less page is kept.
    await feed('thomas');
    const { body: draft } = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Not yet', publishAt },
    });
    // The author and the owner see it; readers after them do not, in any order.
    expect((await feed('hannah')).body.items.map((p) => p.id)).toContain(draft.id);
    expect((await feed('thomas')).body.items.map((p) => p.id)).not.toContain(draft.id);
    expect((await feed('amelie')).body.items.map((p) => p.id)).toContain(draft.id);
    expect((await feed('marco')).body.items.map((p) => p.id)).not.toContain(draft.id);
    expect((await feed('hannah')).body.items.map((p) => p.id)).toContain(draft.id);
  });
});

describe('the kept pages', () => {
  const longPage = (id: string): SharedFeedPage => ({
    rows: Array.from({ length: 20 }, (_, i) => ({ post: { id: `${id}-${i}`, body: 'x'.repeat(10_000) } }) as unknown as PostWithAuthorRow),
    pinned: null,
    shared: { counts: new Map(), polls: new Map(), tallies: new Map(), previews: new Map(), comments: new Map(), variants: new Map(), ackCounts: new Map() },
    changesAt: null,
  });

  it('hold a bounded amount of text, however many cursors are asked for', async () => {
    const cache = new FeedCache(new InProcessEventBus(), () => TEST_NOW);
    for (let i = 0; i < 200; i++) await cache.page(`general|cursor-${i}|20`, ['general'], () => Promise.resolve(longPage(`p${i}`)));
    expect(cache.size.chars).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(cache.size.pages).toBeLessThan(200);
    expect(cache.size.pages).toBeGreaterThan(0);
    cache.close();
  });

  it('drop a page when its space has an event, and keep it otherwise', async () => {
    const bus = new InProcessEventBus();
    const cache = new FeedCache(bus, () => TEST_NOW);
    let loads = 0;
    const load = () => Promise.resolve({ ...longPage(`v${++loads}`), rows: [] });
    await cache.page('general||20', ['general'], load);
    await cache.page('general||20', ['general'], load);
    expect(loads).toBe(1);
    bus.publish({ id: 1, spaceId: 'lyon-site', event: { type: 'stream.reset' } as never, audience: { kind: 'space' } as never });
    await cache.page('general||20', ['general'], load);
    expect(loads).toBe(1);
    bus.publish({ id: 2, spaceId: 'general', event: { type: 'stream.reset' } as never, audience: { kind: 'space' } as never });
    await cache.page('general||20', ['general'], load);
    expect(loads).toBe(2);
    cache.close();
  });
});
