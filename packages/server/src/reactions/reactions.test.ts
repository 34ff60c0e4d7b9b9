import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, Problem, ReactionSummary } from '@ecotone/protocol';
import { countRows, startTestServer, type TestServer } from '../_harness.js';

let server: TestServer;
let postId: string;
beforeAll(async () => {
  server = await startTestServer();
  const { body } = await server.json<Post>('/api/v1/spaces/general/posts', {
    method: 'POST',
    as: 'hannah',
    body: { body: 'React to me' },
  });
  postId = body.id;
});
afterAll(() => server.close());

const react = (method: 'PUT' | 'DELETE', kind: string, as: string, objectId = postId) =>
  server.json<ReactionSummary & Problem>(`/api/v1/objects/${objectId}/reactions/${kind}`, { method, as });

describe('reactions', () => {
  it('adds idempotently and counts per kind', async () => {
    const first = await react('PUT', 'like', 'amelie');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      objectId: postId,
      counts: { like: 1, celebrate: 0, insightful: 0, support: 0 },
      mine: ['like'],
    });
    const again = await react('PUT', 'like', 'amelie');
    expect(again.body).toEqual(first.body);
    await react('PUT', 'celebrate', 'amelie');
    const other = await react('PUT', 'like', 'marco'); // readers react
    expect(other.body).toEqual({
      objectId: postId,
      counts: { like: 2, celebrate: 1, insightful: 0, support: 0 },
      mine: ['like'],
    });
    const read = await server.json<ReactionSummary>(`/api/v1/objects/${postId}/reactions`, { as: 'amelie' });
    expect(read.body.mine).toEqual(['like', 'celebrate']);
  });

  it('removes idempotently', async () => {
    const removed = await react('DELETE', 'celebrate', 'amelie');
    expect(removed.body.counts.celebrate).toBe(0);
    expect(removed.body.mine).toEqual(['like']);
    const again = await react('DELETE', 'celebrate', 'amelie');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(removed.body);
  });

  it('refuses an unknown kind with 400 and writes nothing', async () => {
    const before = await countRows(server.db, 'reactions');
    const eventsBefore = await countRows(server.db, 'events');
    const { status, body } = await react('PUT', 'angry', 'amelie');
    expect(status).toBe(400);
    expect(body.code).toBe('unknown_reaction_kind');
    expect(await countRows(server.db, 'reactions')).toBe(before);
    expect(await countRows(server.db, 'events')).toBe(eventsBefore);
  });

  it('answers 404 on objects the caller cannot see, even with an unknown kind', async () => {
    const before = await countRows(server.db, 'reactions');
    expect((await react('PUT', 'like', 'amelie', 'demo-security-watch-001')).status).toBe(404);
    expect((await react('PUT', 'angry', 'amelie', 'demo-security-watch-001')).status).toBe(404);
    expect((await react('DELETE', 'like', 'amelie', 'demo-rnd-oncology-001')).status).toBe(404);
    expect((await react('PUT', 'like', 'amelie', 'no-such-post')).body.code).toBe('not_found');
    const get = await server.json<Problem>('/api/v1/objects/demo-security-watch-001/reactions', { as: 'amelie' });
    expect(get.status).toBe(404);
    expect(await countRows(server.db, 'reactions')).toBe(before);
    // Non-members react in open spaces.
    expect((await react('PUT', 'like', 'priya', 'demo-lyon-site-001')).status).toBe(200);
  });
});
