/**
 * What a person's first token provisions: the claims read as labels
 * (normalised) and, for the picture, under the avatar policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Actor, Comment, FeedPage, Me, MemberPage, Post, Problem } from '@ecotone/protocol';
import { buildApp } from '../app.js';
import { startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(TEST_NOW.getTime() / 1000) - 60)
    .setExpirationTime(new Date(TEST_NOW.getTime() + 3_600_000))
    .sign(new TextEncoder().encode(SECRET));

describe('claims as labels', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET } });
  });
  afterAll(() => server.close());

  const me = async (claims: Record<string, unknown>) => (await server.json<Me>('/api/v1/me', { token: await sign(claims) })).body.actor;

  it('normalises name, title and site: no bidi or invisible characters, NFC, one space', async () => {
    const actor = await me({
      sub: 'mallory',
      name: '\u202eMallory\u202c  Lee\u200b',
      title: 'Inge\u0301nieure\n\tQA',
      site: '\u2067Lyon\u2069',
    });
    expect(actor).toEqual({ id: 'mallory', displayName: 'Mallory Lee', title: 'Ingénieure QA', site: 'Lyon', locale: 'en' });
  });

  it('falls back to the subject for a name of invisible characters, and bounds long claims', async () => {
    const actor = await me({ sub: 'blank', name: '\u3164\u200b', title: `${'é'.repeat(250)}` });
    expect(actor.displayName).toBe('blank');
    expect(Array.from(actor.title!)).toHaveLength(200);
  });
});

describe('avatars: same-origin paths and allowed https origins only', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET }, avatarOrigins: ['https://id.example'] });
  });
  afterAll(() => server.close());

  const provision = async (sub: string, picture: unknown) => {
    const actor = (await server.json<Me>('/api/v1/me', { token: await sign({ sub, name: sub, picture }) })).body.actor;
    const row = await server.db.selectFrom('actors').select('avatar_url').where('id', '=', sub).executeTakeFirstOrThrow();
    return { avatarUrl: actor.avatarUrl, stored: row.avatar_url };
  };

  it('drops http, data, javascript and other hosts when a person is provisioned: nothing is stored', async () => {
    const refused = [
      'http://id.example/u/a.png',
      'http://tracker.example/pixel.gif',
      'https://tracker.example/pixel.gif',
      'https://id.example.tracker.example/a.png',
      'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
      'javascript:alert(1)',
      '//tracker.example/pixel.gif',
      'https://user@id.example/a.png',
      42,
    ];
    for (const [i, picture] of refused.entries()) {
      expect({ picture, ...(await provision(`refused-${i}`, picture)) }).toEqual({ picture, avatarUrl: undefined, stored: null });
    }
  });

  it('keeps an avatar of an allowed origin and a same-origin path', async () => {
    expect(await provision('allowed', 'https://id.example/u/allowed.png')).toEqual({
      avatarUrl: 'https://id.example/u/allowed.png',
      stored: 'https://id.example/u/allowed.png',
    });
    expect(await provision('local', '/avatars/local.png')).toEqual({ avatarUrl: '/avatars/local.png', stored: '/avatars/local.png' });
  });
});

describe('avatars already stored are dropped on every read', () => {
  let server: TestServer;
  const TRACKER = 'https://tracker.example/pixel.gif?who=thomas';
  beforeAll(async () => {
    server = await startTestServer({ avatarOrigins: ['https://id.example'] });
    // As a row written before the policy, or by another tool, would be.
    await server.db.updateTable('actors').set({ avatar_url: TRACKER }).where('id', '=', 'thomas').execute();
    await server.db.updateTable('actors').set({ avatar_url: 'https://id.example/u/amelie.png' }).where('id', '=', 'amelie').execute();
  });
  afterAll(() => server.close());

  it('as the caller, post author, comment author and member', async () => {
    const seen: Array<Actor | undefined> = [];
    seen.push((await server.json<Me>('/api/v1/me', { as: 'thomas' })).body.actor);
    const post = await server.json<Post>('/api/v1/spaces/lyon-site/posts', { method: 'POST', as: 'thomas', body: { body: 'Bonjour' } });
    seen.push(post.body.author);
    seen.push((await server.json<Post>(`/api/v1/posts/${post.body.id}`, { as: 'amelie' })).body.author);
    const feed = await server.json<FeedPage>('/api/v1/spaces/lyon-site/feed?limit=5', { as: 'amelie' });
    seen.push(feed.body.items.find((p) => p.id === post.body.id)?.author);
    const comment = await server.json<Comment>(`/api/v1/posts/${post.body.id}/comments`, { method: 'POST', as: 'thomas', body: { body: 'Oui' } });
    seen.push(comment.body.author);
    const members = await server.json<MemberPage>('/api/v1/spaces/lyon-site/members?limit=50', { as: 'amelie' });
    seen.push(members.body.items.find((m) => m.actor.id === 'thomas')?.actor);
    expect(seen.map((actor) => ({ id: actor?.id, avatarUrl: actor?.avatarUrl }))).toEqual(seen.map(() => ({ id: 'thomas', avatarUrl: undefined })));
    // An allowed origin still shows.
    const amelie = members.body.items.find((m) => m.actor.id === 'amelie')?.actor;
    expect(amelie?.avatarUrl).toBe('https://id.example/u/amelie.png');
  });
});

describe('avatar origins in the options', () => {
  it('refuses to start with an origin that is not https://host[:port]', async () => {
    for (const origin of ['http://id.example', 'https://id.example/avatars', 'id.example', 'https://u:p@id.example']) {
      await expect(buildApp({ db: ':memory:', auth: { mode: 'dev' }, avatarOrigins: [origin] })).rejects.toThrow(/avatar origin/);
    }
  });
});

describe('subjects of any identity provider, and the claims a company names', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET, claims: { site: 'office_location', title: 'job_title' } } });
  });
  afterAll(() => server.close());

  const me = async (claims: Record<string, unknown>) => server.json<Me>('/api/v1/me', { token: await sign(claims) });
  const stored = (id: string) => server.db.selectFrom('actors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('accepts subjects that are not plain ids (Auth0, e-mail addresses), mapped to stable ids, the original kept', async () => {
    const auth0 = await me({ sub: 'auth0|5f1c2a9e8b7d6c5e4f3a2b1c', iss: 'https://tenant.auth0.example/', name: 'Ana Silva' });
    expect(auth0.status).toBe(200);
    const id = auth0.body.actor.id;
    expect(id).toMatch(/^sub-[A-Za-z0-9_-]{32}$/);
    expect(auth0.body.actor.displayName).toBe('Ana Silva');
    // The same subject again is the same person; the row keeps what the provider said.
    expect((await me({ sub: 'auth0|5f1c2a9e8b7d6c5e4f3a2b1c', iss: 'https://tenant.auth0.example/' })).body.actor.id).toBe(id);
    expect(await stored(id)).toMatchObject({ subject: 'auth0|5f1c2a9e8b7d6c5e4f3a2b1c', issuer: 'https://tenant.auth0.example/' });
    // The same subject from another issuer is someone else.
    const elsewhere = await me({ sub: 'auth0|5f1c2a9e8b7d6c5e4f3a2b1c', iss: 'https://other.example/' });
    expect(elsewhere.body.actor.id).not.toBe(id);

    const byMail = await me({ sub: 'jörg.weber@example.com', email: 'jorg.weber@example.com' });
    expect(byMail.status).toBe(200);
    // No name claim: the e-mail, not the raw subject, names them; the e-mail is kept but never shown to others.
    expect(byMail.body.actor.displayName).toBe('jorg.weber@example.com');
    expect(await stored(byMail.body.actor.id)).toMatchObject({ subject: 'jörg.weber@example.com', email: 'jorg.weber@example.com', issuer: null });
    // A plain subject is still the id itself, as before.
    expect((await me({ sub: 'priya' })).body.actor.id).toBe('priya');
  });

  it('reads site and title from the claims the company names', async () => {
    const actor = (await me({ sub: 'kenji', name: 'Kenji Sato', office_location: 'Cambridge', job_title: 'Process engineer', site: 'ignored' })).body.actor;
    expect(actor).toMatchObject({ id: 'kenji', site: 'Cambridge', title: 'Process engineer' });
  });

  it('keeps a known time zone from zoneinfo for the person card, and nothing else', async () => {
    const zoneOf = async (sub: string, zoneinfo: unknown) => {
      await me({ sub, name: sub, zoneinfo });
      return (await server.db.selectFrom('actors').select('time_zone').where('id', '=', sub).executeTakeFirstOrThrow()).time_zone;
    };
    expect(await zoneOf('zoned', 'Europe/Zurich')).toBe('Europe/Zurich');
    expect(await zoneOf('unzoned', 'Mars/Olympus_Mons')).toBeNull();
    expect(await zoneOf('numbered', 42)).toBeNull();
  });

  it('refuses a missing, empty, padded or overlong subject', async () => {
    for (const sub of [undefined, '', ' padded ', 'x'.repeat(256)]) {
      const refused = await server.json<Problem>('/api/v1/me', { token: await sign(sub === undefined ? { name: 'No one' } : { sub }) });
      expect(refused.status).toBe(401);
      expect(refused.body.title).toBe('The token has no usable subject');
    }
  });

  it('keeps the subject and e-mail out of what others see', async () => {
    const token = await sign({ sub: 'someone|with-a-pipe', email: 'someone@example.com', name: 'Some One' });
    const { body } = await server.json<Me>('/api/v1/me', { token });
    expect((await server.api('/api/v1/spaces/general/join', { method: 'POST', token })).status).toBeLessThan(300);
    const members = await server.json<MemberPage>('/api/v1/spaces/general/members?limit=100', { token: await sign({ sub: 'amelie' }) });
    expect(members.body.items.some((m) => m.actor.id === body.actor.id)).toBe(true);
    const json = JSON.stringify(members.body) + JSON.stringify(body);
    expect(json).not.toContain('someone@example.com');
    expect(json).not.toContain('someone|with-a-pipe');
  });
});
