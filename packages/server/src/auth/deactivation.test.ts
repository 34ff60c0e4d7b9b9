import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { CommentPage, Me, MemberPage, Post, Problem } from '@ecotone/protocol';
import { deactivateActor, listDeactivated, reactivateActor } from '../people/actor-repository.js';
import { nowOrSoon, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const NOW_S = Math.floor(TEST_NOW.getTime() / 1000);

const signFor = (sub: string, claims: Record<string, unknown> = {}) =>
  new SignJWT({ sub, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(NOW_S - 60)
    .setExpirationTime(NOW_S + 3600)
    .sign(new TextEncoder().encode(SECRET));

describe('deactivated people (dev tokens)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('refuses their tokens at once, keeps their content and shows them as former members', async () => {
    const lukasPost = await server.db.selectFrom('posts').select('id').where('author_id', '=', 'lukas').executeTakeFirstOrThrow();
    expect((await server.json<Me>('/api/v1/me', { as: 'lukas' })).status).toBe(200);
    expect(await deactivateActor(server.cli(), 'lukas', TEST_NOW)).toBe(true);
    // From the next request on SQLite; on PostgreSQL once the change's notice arrived (milliseconds).
    await nowOrSoon(async () => (await server.api('/api/v1/me', { as: 'lukas' })).status === 401, 'a deactivation counted');

    const refused = await server.json<Problem>('/api/v1/me', { as: 'lukas' });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_token');
    expect(refused.body.title).toBe('This token is no longer accepted');
    // Nothing written in their name either.
    const publish = await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', as: 'lukas', body: { body: 'Still here?' } });
    expect(publish.status).toBe(401);

    // Their post, their comment and their membership stay, marked.
    const post = await server.json<Post>(`/api/v1/posts/${lukasPost.id}`, { as: 'amelie' });
    expect(post.status).toBe(200);
    expect(post.body.author).toMatchObject({ id: 'lukas', displayName: 'Lukas Meier', deactivated: true });
    const comments = await server.json<CommentPage>('/api/v1/posts/news-basel-lab/comments', { as: 'amelie' });
    const byLukas = comments.body.items.filter((c) => c.author.id === 'lukas');
    expect(byLukas.length).toBeGreaterThan(0);
    expect(byLukas.every((c) => c.author.deactivated === true)).toBe(true);
    expect(comments.body.items.filter((c) => c.author.id !== 'lukas').every((c) => !('deactivated' in c.author))).toBe(true);
    const members = await server.json<MemberPage>('/api/v1/spaces/basel-site/members', { as: 'anna' });
    expect(members.body.items.find((m) => m.actor.id === 'lukas')?.actor.deactivated).toBe(true);
    expect(members.body.items.find((m) => m.actor.id === 'anna')?.actor).not.toHaveProperty('deactivated');

    expect(await listDeactivated(server.db, ['lukas', 'anna', 'nobody'])).toEqual(new Set(['lukas']));

    // Deactivating again keeps the first date; reactivating gives access back.
    expect(await deactivateActor(server.cli(), 'lukas', new Date(TEST_NOW.getTime() + 1000))).toBe(true);
    const row = await server.db.selectFrom('actors').select('deactivated_at').where('id', '=', 'lukas').executeTakeFirstOrThrow();
    expect(row.deactivated_at).toBe(TEST_NOW.toISOString());
    expect(await reactivateActor(server.cli(), 'lukas')).toBe(true);
    await nowOrSoon(async () => (await server.api('/api/v1/me', { as: 'lukas' })).status === 200, 'a reactivation counted');
    const back = await server.json<Me>('/api/v1/me', { as: 'lukas' });
    expect(back.status).toBe(200);
    expect(back.body.actor).not.toHaveProperty('deactivated');
    expect(await listDeactivated(server.db, ['lukas'])).toEqual(new Set());
    expect(await deactivateActor(server.cli(), 'nobody', TEST_NOW)).toBe(false);
  });
});

describe('deactivated people (JWT)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET } });
  });
  afterAll(() => server.close());

  it('refuses their valid tokens, and signing in again does not reactivate or change them', async () => {
    expect((await server.json<Me>('/api/v1/me', { token: await signFor('priya') })).status).toBe(200);
    await deactivateActor(server.cli(), 'priya', TEST_NOW);
    await nowOrSoon(async () => (await server.api('/api/v1/me', { token: await signFor('priya') })).status === 401, 'a deactivation counted');
    const refused = await server.json<Problem>('/api/v1/me', { token: await signFor('priya', { name: 'Priya R.' }) });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_token');
    const row = await server.db.selectFrom('actors').selectAll().where('id', '=', 'priya').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'Priya Raman', deactivated_at: TEST_NOW.toISOString() });

    // A person provisioned from their claims, then deactivated, stays out too.
    expect((await server.json<Me>('/api/v1/me', { token: await signFor('newcomer', { name: 'New Comer' }) })).status).toBe(200);
    await deactivateActor(server.cli(), 'newcomer', TEST_NOW);
    await nowOrSoon(async () => (await server.api('/api/v1/me', { token: await signFor('newcomer') })).status === 401, 'a deactivation counted');
  });
});
