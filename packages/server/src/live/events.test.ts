import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, PostCreatedEvent, ReactionChangedEvent } from '@ecotone/protocol';
import { openEvents, startTestServer, type TestServer } from '../_harness.js';

const publish = async (server: TestServer, space: string, as: string, body: string) =>
  (await server.json<Post>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body: { body } })).body;

describe('GET /events', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ heartbeatMs: 200 });
  });
  afterAll(() => server.close());

  it('streams post.created and reaction.changed live', async () => {
    const stream = await openEvents(server, { as: 'priya' });
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const post = await publish(server, 'general', 'lukas', 'Live hello');
    const created = await stream.next((m) => m.event === 'post.created');
    const data = JSON.parse(created.data) as PostCreatedEvent;
    expect(data).toMatchObject({ type: 'post.created', spaceId: 'general', post: { id: post.id, body: 'Live hello' } });
    expect(Number(created.id)).toBeGreaterThan(0);

    await server.api(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'amelie' });
    const changed = await stream.next((m) => m.event === 'reaction.changed');
    expect(JSON.parse(changed.data) as ReactionChangedEvent).toEqual({
      type: 'reaction.changed',
      spaceId: 'general',
      objectId: post.id,
      counts: { like: 1, celebrate: 0, insightful: 0, support: 0 },
      actorId: 'amelie',
      kind: 'like',
      active: true,
    });
    expect(Number(changed.id)).toBeGreaterThan(Number(created.id));

    // A repeated PUT changes nothing and announces nothing.
    await server.api(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'amelie' });
    await stream.expectNone(300, (m) => m.event === 'reaction.changed');
    stream.close();
  });

  it('never delivers events of a secret space to a non-member', async () => {
    const outsider = await openEvents(server, { as: 'amelie' });
    const member = await openEvents(server, { as: 'oliver' });
    await publish(server, 'security-watch', 'julien', 'Confidentiel');
    await publish(server, 'rnd-oncology', 'priya', 'Private study update');
    await member.next((m) => m.event === 'post.created' && m.data.includes('Confidentiel'));
    await member.next((m) => m.data.includes('Private study update'));
    await outsider.expectNone(300, (m) => m.event === 'post.created');
    outsider.close();
    member.close();
  });

  it('filters by ?spaces= and ignores spaces the caller cannot see', async () => {
    const stream = await openEvents(server, { as: 'amelie', query: '?spaces=lyon-site,security-watch' });
    await publish(server, 'general', 'lukas', 'Not for this filter');
    await publish(server, 'security-watch', 'julien', 'Still secret');
    await publish(server, 'lyon-site', 'thomas', 'Pour Lyon');
    const got = await stream.next((m) => m.event === 'post.created');
    expect(got.data).toContain('Pour Lyon');
    await stream.expectNone(200, (m) => m.event === 'post.created');
    stream.close();
  });

  it('replays what was missed after Last-Event-ID, only what the caller may see', async () => {
    const first = await openEvents(server, { as: 'amelie' });
    await publish(server, 'general', 'lukas', 'Before the gap');
    const last = await first.next((m) => m.data.includes('Before the gap'));
    first.close();

    await publish(server, 'general', 'lukas', 'Missed one');
    await publish(server, 'security-watch', 'julien', 'Missed secret');
    await publish(server, 'general', 'lukas', 'Missed two');

    const resumed = await openEvents(server, { as: 'amelie', headers: { 'last-event-id': last.id! } });
    const a = await resumed.next((m) => m.event === 'post.created');
    const b = await resumed.next((m) => m.event === 'post.created');
    expect(a.data).toContain('Missed one');
    expect(b.data).toContain('Missed two');
    await resumed.expectNone(200, (m) => m.event === 'post.created');
    // Live events keep flowing after the replay.
    await publish(server, 'general', 'lukas', 'After resume');
    expect((await resumed.next((m) => m.event === 'post.created')).data).toContain('After resume');
    resumed.close();

    const byQuery = await openEvents(server, { as: 'amelie', query: `?lastEventId=${last.id}` });
    expect((await byQuery.next((m) => m.event === 'post.created')).data).toContain('Missed one');
    byQuery.close();
  });

  it('sends heartbeats as comments', async () => {
    const controller = new AbortController();
    const res = await server.api('/api/v1/events', { as: 'amelie', signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': heartbeat')) text += (await reader.read()).value ?? '';
    controller.abort();
  });
});

describe('GET /events retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ eventRetention: { maxEvents: 3 } });
  });
  afterAll(() => server.close());

  it('sends stream.reset when Last-Event-ID is older than what is kept', async () => {
    const watch = await openEvents(server, { as: 'amelie' });
    await publish(server, 'general', 'lukas', 'e1');
    const firstId = (await watch.next()).id!;
    for (const n of [2, 3, 4, 5]) await publish(server, 'general', 'lukas', `e${n}`);
    watch.close();

    const stale = await openEvents(server, { as: 'amelie', headers: { 'last-event-id': firstId } });
    const reset = await stale.next();
    expect(reset.event).toBe('stream.reset');
    expect(JSON.parse(reset.data)).toEqual({ type: 'stream.reset' });
    await stale.expectNone(200, (m) => m.event === 'post.created');
    stale.close();

    const foreign = await openEvents(server, { as: 'amelie', headers: { 'last-event-id': '999999' } });
    expect((await foreign.next()).event).toBe('stream.reset');
    foreign.close();
  });

  it('lets app.close() end open streams promptly', async () => {
    const other = await startTestServer();
    const stream = await openEvents(other, { as: 'amelie' });
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2000);
    stream.close();
  });
});
