/**
 * People search and person cards over HTTP, on the demo: accents and case
 * ignored, deactivated people left out, the space filter, and a secret-space
 * matrix (an outsider learns nothing of a secret space, its members or its
 * posts, nor of a draft before its publication).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE_LIMIT_MAX, PERSON_CARD_POSTS_MAX, type ActorList, type PersonCard, type Post, type Problem } from '@ecotone/protocol';
import { startTestServer, TEST_NOW, type TestServer } from '../_harness.js';
import { deactivateActor, reactivateActor } from './actor-repository.js';

const HOUR_MS = 60 * 60 * 1000;

describe('people search and person cards', () => {
  let server: TestServer;
  const search = (query: string, as = 'thomas') => server.json<ActorList & Problem>(`/api/v1/people?${query}`, { as });
  const card = (id: string, as = 'thomas') => server.json<PersonCard & Problem>(`/api/v1/people/${id}`, { as });
  const ids = (list: ActorList) => list.items.map((a) => a.id);
  const publish = async (space: string, as: string, body: Record<string, unknown>) => {
    const res = await server.json<Post>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds people by any part of their name, accents and case ignored, by name', async () => {
    expect(ids((await search('q=AMELIE')).body)).toEqual(['amelie']);
    expect(ids((await search('q=lef%C3%A8vre')).body)).toEqual(['julien']);
    expect(ids((await search('q=lefevre')).body)).toEqual(['julien']);
    expect(ids((await search('q=an')).body)).toEqual(['amelie', 'anna', 'hannah', 'priya']);
    expect(ids((await search('q=raman%20priya')).body)).toEqual(['priya']);
    expect(ids((await search('q=nobody-like-this')).body)).toEqual([]);
  });

  it('lists the first people by name for an empty query, at most the limit', async () => {
    const all = (await search('q=')).body.items;
    expect(all.map((a) => a.displayName)).toEqual([...all.map((a) => a.displayName)].sort());
    expect(all).toHaveLength(12);
    expect(ids((await search('q=&limit=2')).body)).toEqual(['amelie', 'anna']);
    expect((await search(`q=&limit=${PEOPLE_LIMIT_MAX + 1}`)).status).toBe(400);
  });

  it('leaves deactivated people out, and gives them a card as a former member', async () => {
    await deactivateActor(server.db, 'sophie', TEST_NOW);
    try {
      expect(ids((await search('q=sophie')).body)).toEqual([]);
      expect(ids((await search('q=sophie&spaceId=basel-site')).body)).toEqual([]);
      const res = await card('sophie');
      expect(res.status).toBe(200);
      expect(res.body.actor.deactivated).toBe(true);
    } finally {
      await reactivateActor(server.db, 'sophie');
    }
  });

  it('filters on who can read a space: everyone for an open space, members of a private one', async () => {
    // basel-site is open: Thomas (Lyon) reads it, so he is offered.
    expect(ids((await search('q=thomas&spaceId=basel-site')).body)).toEqual(['thomas']);
    // rnd-oncology is private: only its members, whoever asks (it is listed).
    expect(ids((await search('q=&spaceId=rnd-oncology', 'priya')).body)).toEqual(['anna', 'camille', 'jonas', 'oliver', 'priya']);
    expect(ids((await search('q=thomas&spaceId=rnd-oncology', 'priya')).body)).toEqual([]);
  });

  it('answers an unknown person with 404, and validates the query', async () => {
    expect((await card('no-such-person')).status).toBe(404);
    expect((await search('q=a&spaceId=no-such-space')).status).toBe(404);
    expect((await search('q=' + 'x'.repeat(81))).status).toBe(400);
    expect((await search('q=a&extra=1')).status).toBe(400);
  });

  it('gives the time zone, the spaces in common by name, and recent posts newest first as feed posts', async () => {
    const res = await card('lukas', 'julien');
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Europe/Zurich');
    const names = res.body.spacesInCommon.map((s) => s.name);
    expect(names).toEqual([...names].sort());
    expect(res.body.spacesInCommon.map((s) => s.id)).toContain('security-watch');
    expect(res.body.recentPosts.length).toBeGreaterThan(0);
    expect(res.body.recentPosts.length).toBeLessThanOrEqual(PERSON_CARD_POSTS_MAX);
    for (const post of res.body.recentPosts) expect(post.author.id).toBe('lukas');
    const times = res.body.recentPosts.map((p) => p.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    // Shaped as the feed shapes it for this reader.
    const first = res.body.recentPosts[0]!;
    const single = await server.json<Post>(`/api/v1/posts/${first.id}`, { as: 'julien' });
    expect(first).toEqual(single.body);
  });

  describe('secret-space matrix', () => {
    it('answers an outsider searching the members of a secret space as for a space that does not exist', async () => {
      const secret = await search('q=&spaceId=security-watch', 'thomas');
      const missing = await search('q=&spaceId=no-such-space', 'thomas');
      expect(secret.status).toBe(404);
      expect(secret.body).toEqual({ ...missing.body, ...(missing.body.instance ? { instance: secret.body.instance } : {}) });
      // Its members search it.
      expect(ids((await search('q=&spaceId=security-watch', 'oliver')).body)).toEqual(['julien', 'lukas', 'oliver']);
      // A private space the caller does not belong to is listed but not read: 404 as well.
      expect((await search('q=&spaceId=rnd-oncology', 'thomas')).status).toBe(404);
    });

    it('never shows an outsider a secret space in common, nor a post of it', async () => {
      const post = await publish('security-watch', 'julien', { body: 'Patch the VPN gateways tonight.' });
      const outsider = await card('julien', 'thomas');
      expect(outsider.status).toBe(200);
      expect(outsider.body.spacesInCommon.map((s) => s.id)).not.toContain('security-watch');
      expect(outsider.body.recentPosts.map((p) => p.spaceId)).not.toContain('security-watch');
      expect(JSON.stringify(outsider.body)).not.toContain('VPN');
      const member = await card('julien', 'lukas');
      expect(member.body.spacesInCommon.map((s) => s.id)).toContain('security-watch');
      expect(member.body.recentPosts[0]!.id).toBe(post.id);
    });

    it('never shows a draft before its publication but to whom the feed shows it', async () => {
      const publishAt = new Date(Date.now() + 24 * HOUR_MS).toISOString();
      const draft = await publish('general', 'hannah', { body: 'Scheduled: the new canteen opens.', publishAt });
      const others = await card('hannah', 'thomas');
      expect(others.body.recentPosts.map((p) => p.id)).not.toContain(draft.id);
      expect(JSON.stringify(others.body)).not.toContain('canteen opens');
      // Its author sees it (with its publishAt), as does the space's owner.
      const own = (await card('hannah', 'hannah')).body.recentPosts.find((p) => p.id === draft.id);
      expect(own?.publishAt).toBe(publishAt);
      expect((await card('hannah', 'amelie')).body.recentPosts.map((p) => p.id)).toContain(draft.id);
    });
  });
});
