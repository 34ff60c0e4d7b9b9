import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTI_FEED_SPACES_MAX, type FeedPage, type Post, type Problem } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { SAFETY_WEEK_POST_ID, SCHEDULED_POST_ID } from '../seed/demo-announcements.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const multi = (as: string, query: string) => server.json<FeedPage & Problem>(`/api/v1/feed${query}`, { as });
const single = (as: string, space: string, query = '') =>
  server.json<FeedPage & Problem>(`/api/v1/spaces/${space}/feed${query}`, { as });

/** Every item id of a feed, following cursors. */
async function allIds(fetchPage: (cursor: string | null) => Promise<{ body: FeedPage }>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { body }: { body: FeedPage } = await fetchPage(cursor);
    ids.push(...body.items.map((p) => p.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

describe('GET /feed?spaces=', () => {
  it('merges the spaces newest first, every post once, with the single-space cursor format', async () => {
    const seen: Post[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: FeedPage } = await multi('camille', `?spaces=lyon-site,basel-site&limit=9${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(9);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const [i, post] of seen.entries()) {
      expect(['lyon-site', 'basel-site']).toContain(post.spaceId);
      const previous = seen[i - 1];
      if (previous) {
        const ordered = post.createdAt < previous.createdAt || (post.createdAt === previous.createdAt && post.id < previous.id);
        expect(ordered).toBe(true);
      }
    }
    const lyon = await allIds((c) => single('camille', 'lyon-site', c ? `?cursor=${c}` : ''));
    const basel = await allIds((c) => single('camille', 'basel-site', c ? `?cursor=${c}` : ''));
    expect(seen.map((p) => p.id).sort()).toEqual([...lyon, ...basel].sort());
    expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
  });

  it('ignores duplicates: one space named twice is that space\'s feed', async () => {
    const twice = await multi('amelie', '?spaces=lyon-site,lyon-site&limit=10');
    const once = await single('amelie', 'lyon-site', '?limit=10');
    expect(twice.status).toBe(200);
    expect(twice.body.items.map((p) => p.id)).toEqual(once.body.items.map((p) => p.id));
    expect(twice.body.nextCursor).toBe(once.body.nextCursor);
    const repeated = Array.from({ length: MULTI_FEED_SPACES_MAX + 5 }, () => 'general').join(',');
    expect((await multi('amelie', `?spaces=${repeated}`)).status).toBe(200);
  });

  it('is 404 when any space is unreadable or unknown, whichever it is', async () => {
    for (const spaces of ['general,rnd-oncology', 'security-watch,general', 'general,nope']) {
      const { status, body } = await multi('amelie', `?spaces=${spaces}`);
      expect(status, spaces).toBe(404);
      expect(body.code).toBe('not_found');
    }
    expect((await multi('jonas', '?spaces=general,rnd-oncology')).status).toBe(200);
    expect((await multi('lukas', '?spaces=security-watch,basel-site')).status).toBe(200);
  });

  it('refuses too many spaces and malformed lists naming /query/spaces, and forged cursors', async () => {
    const tooMany = Array.from({ length: MULTI_FEED_SPACES_MAX + 1 }, (_, i) => `space-${i}`).join(',');
    const refused = await multi('amelie', `?spaces=${tooMany}`);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(refused.body.errors?.map((e) => e.path)).toEqual(['/query/spaces']);
    for (const query of ['', '?spaces=', '?spaces=general,,lyon-site', '?spaces=,general']) {
      const bad = await multi('amelie', query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.errors?.[0]?.path).toBe('/query/spaces');
    }
    const forged = await multi('amelie', '?spaces=general&cursor=bm90LWEtY3Vyc29y');
    expect(forged.body.code).toBe('invalid_cursor');
    expect((await multi('amelie', '?spaces=general&limit=101')).body.errors?.[0]?.path).toBe('/query/limit');
  });

  it('shows a scheduled draft only to its author and to owners of its own space', async () => {
    const sees = async (as: string, spaces: string) =>
      (await allIds((c) => multi(as, `?spaces=${spaces}&limit=100${c ? `&cursor=${c}` : ''}`))).includes(SCHEDULED_POST_ID);
    // oliver wrote it; hannah owns cambridge-site.
    expect(await sees('oliver', 'general,cambridge-site')).toBe(true);
    expect(await sees('hannah', 'general,cambridge-site')).toBe(true);
    // priya is a member there; amelie owns general, not cambridge-site.
    expect(await sees('priya', 'general,cambridge-site')).toBe(false);
    expect(await sees('amelie', 'general,cambridge-site')).toBe(false);
  });

  it('heads the first page with the pinned posts of all the spaces, newest first, never in items', async () => {
    const { body: pinned } = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'amelie',
      body: { body: 'Pinned in general', kind: 'announcement', pin: true },
    });
    const first = await multi('marco', '?spaces=announcements,general&limit=5');
    expect(first.body.pinned?.map((p) => p.id)).toEqual([pinned.id, SAFETY_WEEK_POST_ID]);
    const items = await allIds((c) => multi('marco', `?spaces=announcements,general&limit=50${c ? `&cursor=${c}` : ''}`));
    expect(items).not.toContain(pinned.id);
    expect(items).not.toContain(SAFETY_WEEK_POST_ID);
    const second = await multi('marco', `?spaces=announcements,general&limit=5&cursor=${first.body.nextCursor}`);
    expect(second.body.pinned).toBeUndefined();
    // One space alone: only its own pinned posts.
    expect((await multi('marco', '?spaces=general')).body.pinned?.map((p) => p.id)).toEqual([pinned.id]);
  });
});
