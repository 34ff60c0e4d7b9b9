import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcknowledgementChangedEvent, AcknowledgementSummary, FeedPage, Post, Problem } from '@ecotone/protocol';
import { openEvents, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const HOUR = 60 * 60 * 1000;

function helpers(server: TestServer) {
  const publish = (space: string, as: string, body: Record<string, unknown>) =>
    server.json<Post & Problem>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body });
  const feed = (space: string, as: string, query = '') => server.json<FeedPage>(`/api/v1/spaces/${space}/feed${query}`, { as });
  return { publish, feed };
}

describe('read acknowledgements', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('are accepted from readers, idempotently, and counted in the post', async () => {
    const { publish } = helpers(server);
    const { status, body: post } = await publish('general', 'hannah', {
      body: 'Please read the new travel policy.',
      kind: 'announcement',
      requireAcknowledgement: true,
    });
    expect(status).toBe(201);
    expect(post.acknowledgement).toEqual({ mine: false, count: 0 });
    // marco is a reader of general: reading is enough to acknowledge.
    const first = await server.json<Post>(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'marco' });
    expect(first.status).toBe(200);
    expect(first.body.acknowledgement).toEqual({ mine: true, count: 1 });
    const again = await server.json<Post>(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'marco' });
    expect(again.body.acknowledgement).toEqual({ mine: true, count: 1 });
    const other = await server.json<Post>(`/api/v1/posts/${post.id}`, { as: 'thomas' });
    expect(other.body.acknowledgement).toEqual({ mine: false, count: 1 });
    // Feed items carry it too.
    const feed = await helpers(server).feed('general', 'marco');
    expect(feed.body.items.find((p) => p.id === post.id)?.acknowledgement).toEqual({ mine: true, count: 1 });
  });

  it('are refused on posts that do not ask for them (409) and at publish on non-announcements', async () => {
    const { publish } = helpers(server);
    const note = await publish('general', 'thomas', { body: 'Just a note' });
    const refused = await server.json<Problem>(`/api/v1/posts/${note.body.id}/acks`, { method: 'PUT', as: 'marco' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('acknowledgement_not_requested');
    expect(refused.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Its author would see who acknowledged it, if it asked: it does not.
    const summary = await server.json<Problem>(`/api/v1/posts/${note.body.id}/acks`, { as: 'thomas' });
    expect(summary.status).toBe(409);
    expect(summary.body.code).toBe('acknowledgement_not_requested');
    expect(await server.db.selectFrom('post_acks').select('actor_id').where('post_id', '=', note.body.id).execute()).toEqual([]);
    expect(note.body.acknowledgement).toBeUndefined();
    const bad = await publish('general', 'hannah', { body: 'x', requireAcknowledgement: true, pin: true, pinUntil: '2027-01-01T00:00:00.000Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/body/requireAcknowledgement', '/body/pin', '/body/pinUntil']),
    );
  });

  it('shows the per-site summary to the author and owners only (403 for other readers)', async () => {
    const { publish } = helpers(server);
    const { body: post } = await publish('general', 'hannah', { body: 'Fire drill', kind: 'announcement', requireAcknowledgement: true });
    for (const as of ['marco', 'thomas', 'camille', 'oliver']) {
      expect((await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as })).status).toBe(200);
    }
    const expected: AcknowledgementSummary = {
      postId: post.id,
      count: 4,
      bySite: [
        { site: 'Lyon', count: 2 },
        { site: 'Basel', count: 1 },
        { site: 'Cambridge', count: 1 },
      ],
    };
    expect((await server.json(`/api/v1/posts/${post.id}/acks`, { as: 'hannah' })).body).toEqual(expected);
    expect((await server.json(`/api/v1/posts/${post.id}/acks`, { as: 'amelie' })).body).toEqual(expected);
    const reader = await server.json<Problem>(`/api/v1/posts/${post.id}/acks`, { as: 'marco' });
    expect(reader.status).toBe(403);
    expect(reader.body.code).toBe('forbidden');
    expect((await server.json(`/api/v1/posts/${post.id}/acks`, { as: 'lukas' })).status).toBe(403);
  });

  it('answers 404 to non-members of a secret space', async () => {
    const { publish } = helpers(server);
    const { body: post } = await publish('security-watch', 'julien', {
      body: 'Rotate your keys',
      kind: 'announcement',
      requireAcknowledgement: true,
    });
    expect((await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'amelie' })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${post.id}/acks`, { as: 'amelie' })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${post.id}/pin`, { method: 'PUT', as: 'amelie', body: {} })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${post.id}/pin`, { method: 'DELETE', as: 'amelie' })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'lukas' })).status).toBe(200);
  });

  it('counts exactly per site under many concurrent acknowledgements', async () => {
    const sites = ['Springfield', 'Shelbyville', null] as const;
    const ids = Array.from({ length: 30 }, (_, i) => `ack-person-${i}`);
    await server.db
      .insertInto('actors')
      .values(
        ids.map((id, i) => ({
          id,
          display_name: `Person ${i}`,
          avatar_url: null,
          site: sites[i % 3] ?? null,
          locale: 'en',
          title: null,
          created_at: TEST_NOW.toISOString(),
        })),
      )
      .execute();
    const { body: post } = await helpers(server).publish('general', 'amelie', {
      body: 'Everyone: acknowledge',
      kind: 'announcement',
      requireAcknowledgement: true,
    });
    // Each person acknowledges twice, all at once.
    const results = await Promise.all(
      [...ids, ...ids].map((as) => server.json<Post>(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as })),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(results.every((r) => r.body.acknowledgement?.mine === true)).toBe(true);
    const summary = await server.json<AcknowledgementSummary>(`/api/v1/posts/${post.id}/acks`, { as: 'amelie' });
    expect(summary.body.count).toBe(30);
    expect(summary.body.bySite).toEqual([
      { site: 'Shelbyville', count: 10 },
      { site: 'Springfield', count: 10 },
      { site: null, count: 10 },
    ]);
    const rows = await server.db.selectFrom('post_acks').select('actor_id').where('post_id', '=', post.id).execute();
    expect(rows).toHaveLength(30);
  });
});

describe('acknowledgement.changed', () => {
  let server: TestServer;
  let clock = TEST_NOW.getTime();
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(++clock) });
  });
  afterAll(() => server.close());

  const isAck = (postId: string) => (m: { event: string; data: string }) =>
    m.event === 'acknowledgement.changed' && m.data.includes(postId);

  it('goes to everyone who reads the post on a new acknowledgement, not on a repeated one', async () => {
    const { publish } = helpers(server);
    const reader = await openEvents(server, { as: 'marco' });
    const owner = await openEvents(server, { as: 'amelie' });
    const { body: post } = await publish('general', 'hannah', { body: 'Read the visitor rules', kind: 'announcement', requireAcknowledgement: true });
    await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'thomas' });
    const expected: AcknowledgementChangedEvent = { type: 'acknowledgement.changed', spaceId: 'general', postId: post.id, count: 1, actorId: 'thomas' };
    expect(JSON.parse((await reader.next(isAck(post.id))).data)).toEqual(expected);
    expect(JSON.parse((await owner.next(isAck(post.id))).data)).toEqual(expected);
    await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'thomas' });
    await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'marco' });
    expect(JSON.parse((await reader.next(isAck(post.id))).data)).toMatchObject({ count: 2, actorId: 'marco' });
    await reader.expectNone(200, isAck(post.id));
    reader.close();
    owner.close();
  });

  it('never reaches people who may not read the post, nor goes out for a draft', async () => {
    const { publish } = helpers(server);
    const outsider = await openEvents(server, { as: 'amelie' });
    const member = await openEvents(server, { as: 'oliver' });
    const { body: secret } = await publish('security-watch', 'julien', { body: 'Patch tonight', kind: 'announcement', requireAcknowledgement: true });
    await server.json(`/api/v1/posts/${secret.id}/acks`, { method: 'PUT', as: 'lukas' });
    await member.next(isAck(secret.id));
    await outsider.expectNone(200, isAck(secret.id));

    // A draft is read by its author and the space's owners only: their acknowledgements stay quiet.
    const { body: draft } = await publish('general', 'hannah', {
      body: 'Next week: new badge readers',
      kind: 'announcement',
      requireAcknowledgement: true,
      publishAt: new Date(clock + HOUR).toISOString(),
    });
    const acked = await server.json<Post>(`/api/v1/posts/${draft.id}/acks`, { method: 'PUT', as: 'amelie' });
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledgement).toEqual({ mine: true, count: 1 });
    await outsider.expectNone(200, isAck(draft.id));
    outsider.close();
    member.close();
  });
});

describe('scheduled publishing (injected clock)', () => {
  let server: TestServer;
  let clock = TEST_NOW.getTime();
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(++clock) });
  });
  afterAll(() => server.close());

  it('keeps a draft to its author and owners until its time, then shows it to readers live', async () => {
    const { publish, feed } = helpers(server);
    const publishAt = new Date(clock + 2 * HOUR).toISOString();
    const readerStream = await openEvents(server, { as: 'marco' });
    const ownerStream = await openEvents(server, { as: 'amelie' });
    const { status, body: draft } = await publish('general', 'hannah', { body: 'Canteen closed on Friday', publishAt });
    expect(status).toBe(201);
    expect(draft.publishAt).toBe(publishAt);

    // Before its time: readers see nothing, not even by id, and get no live event.
    expect((await feed('general', 'marco')).body.items.map((p) => p.id)).not.toContain(draft.id);
    expect((await server.json(`/api/v1/posts/${draft.id}`, { as: 'marco' })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${draft.id}/comments`, { as: 'thomas' })).status).toBe(404);
    // Its author and the space's owner see it, with publishAt; a correspondent who did not write it does not.
    for (const as of ['hannah', 'amelie']) {
      const byId = await server.json<Post>(`/api/v1/posts/${draft.id}`, { as });
      expect(byId.status).toBe(200);
      expect(byId.body.publishAt).toBe(publishAt);
      expect((await feed('general', as)).body.items.find((p) => p.id === draft.id)?.publishAt).toBe(publishAt);
    }
    expect((await server.json(`/api/v1/posts/${draft.id}`, { as: 'lukas' })).status).toBe(404);
    const ownerEvent = await ownerStream.next((m) => m.event === 'post.created' && m.data.includes(draft.id));
    expect((JSON.parse(ownerEvent.data) as { post: Post }).post.publishAt).toBe(publishAt);
    expect(await server.app.ecotone.publishing.publishDue()).toBe(0);
    await readerStream.expectNone(200, (m) => m.data.includes(draft.id));

    // After its time: in readers' feeds by its publication time, and announced once to everyone.
    clock = Date.parse(publishAt) + 1000;
    const later = await publish('general', 'thomas', { body: 'Written after the scheduled time' });
    expect(await server.app.ecotone.publishing.publishDue()).toBe(1);
    expect(await server.app.ecotone.publishing.publishDue()).toBe(0);
    const live = await readerStream.next((m) => m.event === 'post.created' && m.data.includes(draft.id));
    const livePost = (JSON.parse(live.data) as { post: Post }).post;
    expect(livePost.publishAt).toBeUndefined();
    expect(livePost.createdAt).toBe(publishAt);
    const items = (await feed('general', 'marco')).body.items.map((p) => p.id);
    expect(items.slice(0, 2)).toEqual([later.body.id, draft.id]);
    const read = await server.json<Post>(`/api/v1/posts/${draft.id}`, { as: 'marco' });
    expect(read.status).toBe(200);
    expect(read.body.publishAt).toBeUndefined();
    expect(read.body.createdAt).toBe(publishAt);
    expect((await server.json<Post>(`/api/v1/posts/${draft.id}`, { as: 'hannah' })).body.publishAt).toBeUndefined();
    readerStream.close();
    ownerStream.close();
  });

  it('hides what hangs on a draft (its poll, its reactions) from readers until its time', async () => {
    const { publish } = helpers(server);
    const { body: draft } = await publish('general', 'hannah', {
      body: 'Which day for the canteen tasting?',
      publishAt: new Date(clock + HOUR).toISOString(),
      polls: [{ question: 'Which day?', mode: 'single', options: ['Monday', 'Tuesday'] }],
    });
    const pollId = draft.polls![0]!.id;
    const reaction = `/api/v1/objects/${draft.id}/reactions/like`;
    const ballot = `/api/v1/polls/${pollId}/ballot`;
    // A reader of the space: 404 everywhere, and nothing is written.
    expect((await server.json(`/api/v1/polls/${pollId}`, { as: 'thomas' })).status).toBe(404);
    expect((await server.json(ballot, { method: 'PUT', as: 'thomas', body: { choices: ['o1'] } })).status).toBe(404);
    expect((await server.json(reaction, { method: 'PUT', as: 'thomas' })).status).toBe(404);
    expect((await server.json(`/api/v1/objects/${draft.id}/reactions`, { as: 'thomas' })).status).toBe(404);
    // Its author may already react and vote on it.
    expect((await server.json(reaction, { method: 'PUT', as: 'hannah' })).status).toBe(200);
    expect((await server.json(ballot, { method: 'PUT', as: 'hannah', body: { choices: ['o1'] } })).status).toBe(200);
    clock += 2 * HOUR;
    await server.app.ecotone.publishing.publishDue();
    expect((await server.json(`/api/v1/polls/${pollId}`, { as: 'thomas' })).status).toBe(200);
    expect((await server.json(reaction, { method: 'PUT', as: 'thomas' })).status).toBe(200);
  });

  it('pages through a feed with scheduled posts by publication time without gaps or repeats', async () => {
    const { publish, feed } = helpers(server);
    const soon = await publish('lyon-site', 'thomas', { body: 'Scheduled', publishAt: new Date(clock + HOUR).toISOString() });
    await publish('lyon-site', 'thomas', { body: 'Now' });
    clock += 2 * HOUR;
    await server.app.ecotone.publishing.publishDue();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: FeedPage } = await feed('lyon-site', 'camille', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen[0]).toBe(soon.body.id);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('pinned announcements', () => {
  let server: TestServer;
  let clock = TEST_NOW.getTime();
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(++clock) });
  });
  afterAll(() => server.close());

  it('head the first page only, newest first, never repeated in items, until expired', async () => {
    const { publish, feed } = helpers(server);
    const until = new Date(clock + HOUR).toISOString();
    const older = await publish('cambridge-site', 'oliver', { body: 'Pinned for an hour', kind: 'announcement', pinUntil: until });
    expect(older.status).toBe(201);
    expect(older.body.pinned).toEqual({ until });
    const newer = await publish('cambridge-site', 'hannah', { body: 'Pinned for good', kind: 'announcement', pin: true });
    expect(newer.body.pinned).toEqual({ until: null });
    await publish('cambridge-site', 'priya', { body: 'A plain note' });

    const first = await feed('cambridge-site', 'priya', '?limit=1');
    expect(first.body.pinned?.map((p) => p.id)).toEqual([newer.body.id, older.body.id]);
    const seen: string[] = [];
    let page: FeedPage = first.body;
    for (;;) {
      seen.push(...page.items.map((p) => p.id));
      if (!page.nextCursor) break;
      const next = await feed('cambridge-site', 'priya', `?limit=1&cursor=${page.nextCursor}`);
      expect(next.body.pinned).toBeUndefined();
      page = next.body;
    }
    expect(seen).not.toContain(newer.body.id);
    expect(seen).not.toContain(older.body.id);

    // Expired: a normal post again, in its place.
    clock = Date.parse(until) + 1;
    const after = await feed('cambridge-site', 'priya');
    expect(after.body.pinned?.map((p) => p.id)).toEqual([newer.body.id]);
    const expired = after.body.items.find((p) => p.id === older.body.id);
    expect(expired).toBeDefined();
    expect(expired?.pinned).toBeUndefined();
  });

  it('are pinned and unpinned by owners and correspondents, with post.updated; 403 for others, 400 for notes', async () => {
    const { publish, feed } = helpers(server);
    const { body: post } = await publish('general', 'lukas', { body: 'Town hall on Monday', kind: 'announcement' });
    expect(post.pinned).toBeUndefined();
    const stream = await openEvents(server, { as: 'marco' });
    const member = await server.json<Problem>(`/api/v1/posts/${post.id}/pin`, { method: 'PUT', as: 'thomas', body: {} });
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('forbidden');
    expect((await server.json(`/api/v1/posts/${post.id}/pin`, { method: 'PUT', as: 'marco', body: {} })).status).toBe(403);
    expect((await server.json(`/api/v1/posts/${post.id}/pin`, { method: 'DELETE', as: 'thomas' })).status).toBe(403);

    const until = new Date(clock + 3 * HOUR).toISOString();
    const pinned = await server.json<Post>(`/api/v1/posts/${post.id}/pin`, { method: 'PUT', as: 'hannah', body: { until } });
    expect(pinned.status).toBe(200);
    expect(pinned.body.pinned).toEqual({ until });
    const event = await stream.next((m) => m.event === 'post.updated' && m.data.includes(post.id));
    expect((JSON.parse(event.data) as { post: Post }).post.pinned).toEqual({ until });
    expect((await feed('general', 'marco')).body.pinned?.map((p) => p.id)).toContain(post.id);
    // A PUT without a body pins until unpinned.
    const forever = await server.json<Post>(`/api/v1/posts/${post.id}/pin`, { method: 'PUT', as: 'amelie' });
    expect(forever.status, JSON.stringify(forever.body)).toBe(200);
    expect(forever.body.pinned).toEqual({ until: null });

    const unpinned = await server.json<Post>(`/api/v1/posts/${post.id}/pin`, { method: 'DELETE', as: 'lukas' });
    expect(unpinned.status).toBe(200);
    expect(unpinned.body.pinned).toBeUndefined();
    await stream.next((m) => m.event === 'post.updated' && m.data.includes(post.id) && !m.data.includes('"pinned"'));
    const afterFeed = await feed('general', 'marco');
    expect(afterFeed.body.pinned?.map((p) => p.id)).not.toContain(post.id);
    expect(afterFeed.body.items.map((p) => p.id)).toContain(post.id);
    stream.close();

    const note = await publish('general', 'thomas', { body: 'Not an announcement' });
    const refused = await server.json<Problem>(`/api/v1/posts/${note.body.id}/pin`, { method: 'PUT', as: 'amelie', body: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    const past = await server.json<Problem>(`/api/v1/posts/${post.id}/pin`, {
      method: 'PUT',
      as: 'amelie',
      body: { until: new Date(clock - HOUR).toISOString() },
    });
    expect(past.status).toBe(400);
  });

  it('keeps a scheduled pinned announcement out of readers\' pinned list until its time', async () => {
    const { publish, feed } = helpers(server);
    const publishAt = new Date(clock + HOUR).toISOString();
    const { body: post } = await publish('announcements', 'lukas', { body: 'Coming soon', kind: 'announcement', pin: true, publishAt });
    expect((await feed('announcements', 'marco')).body.pinned?.map((p) => p.id)).not.toContain(post.id);
    expect((await feed('announcements', 'amelie')).body.pinned?.map((p) => p.id)).toContain(post.id);
    clock = Date.parse(publishAt) + 1;
    expect((await feed('announcements', 'marco')).body.pinned?.map((p) => p.id)).toContain(post.id);
  });
});
