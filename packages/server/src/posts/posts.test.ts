import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPage, Post, Problem } from '@ecotone/protocol';
import { countRows, startTestServer, type TestServer } from '../_harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const publish = (space: string, body: unknown, init: Parameters<TestServer['json']>[1] = {}) =>
  server.json<Post & Problem>(`/api/v1/spaces/${space}/posts`, { method: 'POST', body, ...init });

describe('POST /spaces/:space/posts', () => {
  it('publishes a post that heads the feed and can be read by id', async () => {
    const { status, body } = await publish('lyon-site', { body: 'Bonjour **Lyon** !' }, { as: 'thomas' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      spaceId: 'lyon-site',
      author: { id: 'thomas' },
      kind: 'note',
      body: 'Bonjour **Lyon** !',
      locale: 'fr',
      commentCount: 0,
      reactions: { objectId: body.id, counts: { like: 0, celebrate: 0, insightful: 0, support: 0 }, mine: [] },
    });
    const feed = await server.json<FeedPage>('/api/v1/spaces/lyon-site/feed?limit=1', { as: 'priya' });
    expect(feed.body.items[0]?.id).toBe(body.id);
    const one = await server.json<Post>(`/api/v1/posts/${body.id}`, { as: 'priya' });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(body);
  });

  it('lets correspondents publish announcements and refuses members and readers (403)', async () => {
    expect((await publish('general', { body: 'Big news', kind: 'announcement' }, { as: 'hannah' })).status).toBe(201);
    const before = await countRows(server.db, 'posts');
    const member = await publish('general', { body: 'Big news', kind: 'announcement' }, { as: 'thomas' });
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('forbidden');
    const reader = await publish('general', { body: 'Hello' }, { as: 'marco' });
    expect(reader.status).toBe(403);
    expect(reader.body.code).toBe('forbidden');
    // A non-member of an open space reads and reacts but does not publish.
    expect((await publish('lyon-site', { body: 'Hi' }, { as: 'priya' })).status).toBe(403);
    expect(await countRows(server.db, 'posts')).toBe(before);
  });

  it('answers 404 for spaces the caller cannot see, and for their posts', async () => {
    const before = await countRows(server.db, 'posts');
    expect((await publish('security-watch', { body: 'x' }, { as: 'amelie' })).status).toBe(404);
    expect((await publish('rnd-oncology', { body: 'x' }, { as: 'amelie' })).status).toBe(404);
    expect((await publish('nope', { body: 'x' }, { as: 'amelie' })).status).toBe(404);
    expect(await countRows(server.db, 'posts')).toBe(before);
    const secretPost = await server.json<Problem>('/api/v1/posts/demo-security-watch-001', { as: 'amelie' });
    expect(secretPost.status).toBe(404);
    expect(secretPost.body.code).toBe('not_found');
    expect((await server.json('/api/v1/posts/demo-rnd-oncology-001', { as: 'amelie' })).status).toBe(404);
    expect((await server.json('/api/v1/posts/demo-security-watch-001', { as: 'julien' })).status).toBe(200);
    expect((await server.json('/api/v1/posts/nope', { as: 'julien' })).status).toBe(404);
  });

  it('rejects invalid bodies naming the fields, and writes nothing', async () => {
    const before = await countRows(server.db, 'posts');
    const { status, body } = await publish('general', { body: '', kind: 'rant', extra: 1 });
    expect(status).toBe(400);
    expect(body.code).toBe('validation_failed');
    const paths = body.errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/body', '/body/kind', '/body/extra']));
    const missing = await publish('general', { locale: 'fr' });
    expect(missing.body.errors?.map((e) => e.path)).toContain('/body/body');
    expect(await countRows(server.db, 'posts')).toBe(before);
  });
});

describe('Idempotency-Key', () => {
  it('creates exactly one post for 20 concurrent requests with the same key', async () => {
    const before = await countRows(server.db, 'posts');
    const headers = { 'idempotency-key': 'concurrent-1' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => publish('general', { body: 'Only once, please.' }, { as: 'lukas', headers })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await countRows(server.db, 'posts')).toBe(before + 1);
    expect(results.filter((r) => r.res.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const headers = { 'idempotency-key': 'reuse-1' };
    const first = await publish('general', { body: 'First' }, { as: 'lukas', headers });
    expect(first.status).toBe(201);
    const before = await countRows(server.db, 'posts');
    const second = await publish('general', { body: 'Second' }, { as: 'lukas', headers });
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('idempotency_key_reused');
    expect(await countRows(server.db, 'posts')).toBe(before);
  });

  it('scopes keys per actor and bounds their length', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await publish('general', { body: 'Same text' }, { as: 'lukas', headers });
    const b = await publish('general', { body: 'Same text' }, { as: 'hannah', headers });
    expect(a.body.id).not.toBe(b.body.id);
    const long = await publish('general', { body: 'x' }, { headers: { 'idempotency-key': 'k'.repeat(201) } });
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.path).toBe('/headers/idempotency-key');
  });
});
