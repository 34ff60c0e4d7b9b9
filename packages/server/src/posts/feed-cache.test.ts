/**
 * Feed pages kept for everyone: a second reader costs only their own part,
 * every write shows at once, and a kept page never carries a draft to
 * someone who may not see it, nor hides one from someone who may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import type { FeedPage, Post } from '@ecotone/protocol';
import { nowOrSoon, recordQueries, startTestServer, TEST_NOW, type QueryRecorder, type TestServer } from '../_harness.js';
import { FeedCache, type SharedFeedPage } from './feed-cache.js';
import { InProcessEventBus } from '../live/bus.js';
import type { PostWithAuthorRow } from './post-repository.js';
import { insertActor } from '../people/actor-repository.js';
import { OWN_ROWS_PER_POST_MAX } from './post-view.js';

describe('feed pages kept for everyone', () => {
  let server: TestServer;
  let recorder: QueryRecorder;
  let runs = 0;
  // Queries of rows; not the watch of other connections' commits (`pragma data_version`, once per turn of the loop).
  const watches = new Set<unknown>();
  const counting: KyselyPlugin = {
    transformQuery: (args) => {
      if (args.node.kind === 'RawNode' && args.node.sqlFragments.join('').startsWith('pragma data_version')) watches.add(args.queryId);
      return args.node;
    },
    transformResult: (args) => {
      if (!watches.delete(args.queryId)) runs++;
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

  it("serves a kept page with no query at all, the reader's own reactions, acknowledgement and ballot included", async () => {
    // Two newcomers to the open space: one reacts, acknowledges and votes, the other does not.
    for (const id of ['newcomer-a', 'newcomer-b']) {
      await insertActor(server.db, { id, display_name: id, avatar_url: null, site: null, locale: 'en', title: null, created_at: TEST_NOW.toISOString(), deactivated_at: null });
      expect((await server.api('/api/v1/spaces/general/join', { method: 'POST', as: id })).status).toBeLessThan(300);
    }
    const { body: post } = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Read this', kind: 'announcement', requireAcknowledgement: true, polls: [{ question: 'Which day?', mode: 'single', options: ['Monday', 'Tuesday'] }] },
    });
    const pollId = post.polls![0]!.id;
    const older = (await feed('thomas')).body.items[3]!;
    for (const [path, method, body] of [
      // Two kinds, in the order given (not the alphabet's): `mine` keeps it, as on a page not kept.
      [`/api/v1/objects/${older.id}/reactions/support`, 'PUT', undefined],
      [`/api/v1/objects/${older.id}/reactions/like`, 'PUT', undefined],
      [`/api/v1/posts/${post.id}/acks`, 'PUT', undefined],
      [`/api/v1/polls/${pollId}/ballot`, 'PUT', { choices: [post.polls![0]!.options[1]!.id] }],
    ] as const) {
      expect((await server.api(path, { method, as: 'newcomer-a', ...(body ? { body } : {}) })).status).toBeLessThan(300);
    }
    // Each reads the page once (it is kept again, with their rows), then again.
    for (const id of ['newcomer-a', 'newcomer-b']) await feed(id);
    // (On PostgreSQL, the notices of their new memberships may still be on their way.)
    await nowOrSoon(async () => (await queriesOf(() => feed('newcomer-a'))) === 0, 'a kept page read with no query');
    expect(await queriesOf(() => feed('newcomer-b'))).toBe(0);
    const mineOf = async (as: string) => {
      const items = (await feed(as)).body.items;
      const news = items.find((p) => p.id === post.id)!;
      return {
        reacted: items.find((p) => p.id === older.id)!.reactions.mine,
        acknowledged: news.acknowledgement?.mine,
        ballot: news.polls?.[0]?.myBallot,
      };
    };
    expect(await mineOf('newcomer-a')).toEqual({ reacted: ['support', 'like'], acknowledged: true, ballot: { choices: [post.polls![0]!.options[1]!.id] } });
    expect(await mineOf('newcomer-b')).toEqual({ reacted: [], acknowledged: false, ballot: null });
  });

  it('looks up per reader their own reactions to a post too many reacted to for the page to keep them', async () => {
    const { body: post } = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'hannah', body: { body: 'Everyone liked this' } });
    const crowd = Array.from({ length: OWN_ROWS_PER_POST_MAX + 1 }, (_, i) => `fan-${i}`);
    const at = TEST_NOW.toISOString();
    await server.db
      .insertInto('actors')
      .values(crowd.map((id) => ({ id, display_name: id, avatar_url: null, site: null, locale: 'en', title: null, created_at: at, deactivated_at: null })))
      .execute();
    await server.db.insertInto('reactions').values(crowd.map((id) => ({ object_id: post.id, actor_id: id, kind: 'like', created_at: at }))).execute();
    // A member of the crowd reacted, through the API (an event: the page is read again).
    expect((await server.api(`/api/v1/objects/${post.id}/reactions/celebrate`, { method: 'PUT', as: 'marco' })).status).toBeLessThan(300);
    await feed('thomas');
    const looksUp = 'select "object_id", "kind" from "reactions" where "actor_id" = ?';
    recorder.statements.clear();
    const marco = (await feed('marco')).body.items.find((p) => p.id === post.id)!;
    expect([...recorder.statements.keys()].some((statement) => statement.startsWith(looksUp))).toBe(true);
    expect(marco.reactions.mine).toEqual(['celebrate']);
    expect(marco.reactions.counts['like']).toBe(OWN_ROWS_PER_POST_MAX + 1);
    expect((await feed('camille')).body.items.find((p) => p.id === post.id)!.reactions.mine).toEqual([]);
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
    // A member who is no owner schedules one too: once others have read the page again, it shows to them alone.
    const scheduled = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'thomas', body: { body: 'Mine, later', publishAt } });
    expect(scheduled.status).toBe(201);
    expect((await feed('marco')).body.items.map((p) => p.id)).not.toContain(scheduled.body.id);
    expect((await feed('thomas')).body.items.map((p) => p.id)).toContain(scheduled.body.id);
    expect((await feed('camille')).body.items.map((p) => p.id)).not.toContain(scheduled.body.id);
  });
});

describe('the kept pages', () => {
  const longPage = (id: string): SharedFeedPage => ({
    rows: Array.from({ length: 20 }, (_, i) => ({ post: { id: `${id}-${i}`, body: 'x'.repeat(10_000) } }) as unknown as PostWithAuthorRow),
    pinned: null,
    shared: { counts: new Map(), polls: new Map(), tallies: new Map(), previews: new Map(), comments: new Map(), variants: new Map(), ackCounts: new Map(), mentions: new Map(), attachments: new Map(), talkShows: new Map(), watchItems: new Map() },
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

  it('reads a page once for the readers who come while it is read, and again for those after an event', async () => {
    const bus = new InProcessEventBus();
    const cache = new FeedCache(bus, () => TEST_NOW);
    let loads = 0;
    const gates: (() => void)[] = [];
    const load = async () => {
      const n = ++loads;
      await new Promise<void>((resolve) => gates.push(resolve));
      return { ...longPage(`v${n}`), rows: [] };
    };
    const first = Array.from({ length: 5 }, () => cache.page('general||20', ['general'], load));
    // Something happens in the space while the page is read: later readers do not share that read.
    bus.publish({ id: 1, spaceId: 'general', event: { type: 'stream.reset' } as never, audience: { kind: 'space' } as never });
    const later = Array.from({ length: 3 }, () => cache.page('general||20', ['general'], load));
    expect(loads).toBe(2);
    for (const open of gates) open();
    const [pagesBefore, pagesAfter] = [await Promise.all(first), await Promise.all(later)];
    expect(new Set(pagesBefore).size).toBe(1);
    expect(new Set(pagesAfter).size).toBe(1);
    expect(pagesAfter[0]).not.toBe(pagesBefore[0]);
    // A failed read fails those who waited for it, and the next reader reads again.
    const failing = Array.from({ length: 2 }, () => cache.page('lyon-site||20', ['lyon-site'], () => Promise.reject(new Error('database down'))));
    await expect(Promise.all(failing)).rejects.toThrow('database down');
    await cache.page('lyon-site||20', ['lyon-site'], async () => ({ ...longPage('after'), rows: [] }));
    cache.close();
  });
});
