import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPage, Me, Problem, Space, SpaceList } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GET /me', () => {
  it('returns the caller, memberships and reaction kinds', async () => {
    const { status, body } = await server.json<Me>('/api/v1/me', { as: 'julien' });
    expect(status).toBe(200);
    expect(body.actor).toMatchObject({ id: 'julien', displayName: 'Julien Lefèvre', locale: 'fr', site: 'Lyon' });
    expect(body.memberships).toContainEqual(expect.objectContaining({ spaceId: 'security-watch', actorId: 'julien', role: 'owner' }));
    expect(body.reactionKinds).toEqual(['like', 'celebrate', 'insightful', 'support']);
  });
});

describe('GET /spaces', () => {
  it('lists open and private spaces but hides secret ones from non-members', async () => {
    const { body } = await server.json<SpaceList>('/api/v1/spaces', { as: 'amelie' });
    const ids = body.items.map((s) => s.id).sort();
    expect(ids).toEqual(['announcements', 'basel-site', 'cambridge-site', 'general', 'lyon-site', 'rnd-oncology', 'tech-watch']);
    const oncology = body.items.find((s) => s.id === 'rnd-oncology');
    expect(oncology).toMatchObject({ visibility: 'private', role: null, canPublish: false });
    expect(body.items.find((s) => s.id === 'general')).toMatchObject({ role: 'owner', canPublish: true });
  });

  it('shows a secret space to its members', async () => {
    const { body } = await server.json<SpaceList>('/api/v1/spaces', { as: 'oliver' });
    expect(body.items.find((s) => s.id === 'security-watch')).toMatchObject({ visibility: 'secret', role: 'member' });
  });

  it('gives readers canPublish false', async () => {
    const { body } = await server.json<Space>('/api/v1/spaces/general', { as: 'marco' });
    expect(body).toMatchObject({ role: 'reader', canPublish: false });
  });

  it('answers a private space to a non-member but 404 for a secret one or an unknown one', async () => {
    expect((await server.json<Space>('/api/v1/spaces/rnd-oncology', { as: 'amelie' })).status).toBe(200);
    const secret = await server.json<Problem>('/api/v1/spaces/security-watch', { as: 'amelie' });
    expect(secret.status).toBe(404);
    expect(secret.body.code).toBe('not_found');
    expect(secret.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await server.json('/api/v1/spaces/nope', { as: 'amelie' })).status).toBe(404);
  });
});

describe('GET /spaces/:space/feed', () => {
  it('pages newest first with a stable cursor and covers every post once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous: { createdAt: string; id: string } | undefined;
    do {
      const query: string = `?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await server.json<FeedPage>(`/api/v1/spaces/general/feed${query}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(7);
      for (const post of body.items) {
        if (previous) {
          const ordered =
            post.createdAt < previous.createdAt || (post.createdAt === previous.createdAt && post.id < previous.id);
          expect(ordered).toBe(true);
        }
        previous = post;
        seen.push(post.id);
        expect(Object.keys(post.reactions.counts)).toEqual(['like', 'celebrate', 'insightful', 'support']);
        // Seeded threads: 4 live comments on the welcome post, 2 on lunch & learn.
        expect(post.commentCount).toBe({ 'demo-general-014': 4, 'demo-general-017': 2 }[post.id] ?? 0);
      }
      cursor = body.nextCursor;
    } while (cursor);
    // 34 generated posts, the summer-party poll post and the talk-show.
    expect(seen).toHaveLength(36);
    expect(new Set(seen).size).toBe(36);
  });

  it('defaults to 20 items and shows the caller’s own reactions', async () => {
    const { body } = await server.json<FeedPage>('/api/v1/spaces/general/feed', { as: 'hannah' });
    expect(body.items).toHaveLength(20);
    expect(body.nextCursor).not.toBeNull();
    expect(body.items.some((p) => p.reactions.mine.length > 0)).toBe(true);
  });

  it('refuses limit over 100 and a forged cursor', async () => {
    const tooMany = await server.json<Problem>('/api/v1/spaces/general/feed?limit=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('validation_failed');
    expect(tooMany.body.errors?.[0]?.path).toBe('/query/limit');
    const forged = await server.json<Problem>('/api/v1/spaces/general/feed?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_cursor');
  });

  it('is 404 for a private space to a non-member, a secret space, and an unknown space', async () => {
    expect((await server.json<Problem>('/api/v1/spaces/rnd-oncology/feed', { as: 'amelie' })).status).toBe(404);
    expect((await server.json<Problem>('/api/v1/spaces/security-watch/feed', { as: 'amelie' })).status).toBe(404);
    expect((await server.json<Problem>('/api/v1/spaces/nope/feed')).body.code).toBe('not_found');
    expect((await server.json<FeedPage>('/api/v1/spaces/rnd-oncology/feed', { as: 'jonas' })).status).toBe(200);
  });
});
