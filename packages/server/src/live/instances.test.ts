/**
 * Live events across server instances on one PostgreSQL database: what one
 * instance commits reaches the streams of the other, in id order, once;
 * a stream resumed on another instance with Last-Event-ID gets exactly what
 * it missed; a listening connection that is cut catches up when it is back.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, Problem } from '@ecotone/protocol';
import { openEvents, startTestServer, TEST_ENGINE, until, type TestServer } from '../_harness.js';

/** Generous: the machine may be busy; events normally arrive in milliseconds. */
const LIVE_WAIT_MS = 15_000;

const publish = async (server: TestServer, space: string, as: string, body: string) => {
  const answer = await server.json<Post>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body: { body } });
  expect(answer.status).toBe(201);
  return answer.body;
};

const postIdOf = (data: string) => (JSON.parse(data) as { post?: { id: string } }).post?.id;

describe.skipIf(TEST_ENGINE !== 'postgres')('live events across instances (PostgreSQL)', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ heartbeatMs: 1_000 });
    b = await startTestServer({ heartbeatMs: 1_000, sharing: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("delivers to a reader on one instance a post, a like and a vote made through the other, each once", async () => {
    const reader = await openEvents(a, { as: 'priya' });
    const post = await publish(b, 'general', 'lukas', 'Made on instance B');
    const created = await reader.next((m) => m.event === 'post.created' && postIdOf(m.data) === post.id, LIVE_WAIT_MS);
    expect(JSON.parse(created.data)).toMatchObject({ post: { body: 'Made on instance B' } });
    await b.api(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'amelie' });
    const liked = await reader.next((m) => m.event === 'reaction.changed', LIVE_WAIT_MS);
    expect(JSON.parse(liked.data)).toMatchObject({ objectId: post.id, counts: { like: 1 }, actorId: 'amelie' });
    expect(Number(liked.id)).toBeGreaterThan(Number(created.id));
    // A stream on B sees the same ids: they are the database's, not an instance's.
    const onB = await openEvents(b, { as: 'priya', headers: { 'last-event-id': String(Number(created.id) - 1) } });
    const replayed = await onB.next((m) => m.event === 'post.created', LIVE_WAIT_MS);
    expect(replayed.id).toBe(created.id);
    onB.close();
    // Nothing twice.
    await publish(a, 'general', 'lukas', 'A marker after the rest');
    await reader.next((m) => m.event === 'post.created' && m.data.includes('A marker after the rest'), LIVE_WAIT_MS);
    expect(reader.received().filter((m) => m.id === created.id)).toHaveLength(1);
    reader.close();
  });

  it('gives a stream resumed on the other instance exactly the events it missed, in order', async () => {
    const first = await openEvents(a, { as: 'priya' });
    const seen = await publish(a, 'general', 'lukas', 'Seen before the switch');
    const seenFrame = await first.next((m) => m.event === 'post.created' && postIdOf(m.data) === seen.id, LIVE_WAIT_MS);
    first.close();
    const missed = [await publish(a, 'general', 'lukas', 'Missed one'), await publish(b, 'general', 'lukas', 'Missed two'), await publish(a, 'general', 'lukas', 'Missed three')];
    const resumed = await openEvents(b, { as: 'priya', headers: { 'last-event-id': seenFrame.id! } });
    const frames = [];
    for (const post of missed) frames.push(await resumed.next((m) => m.event === 'post.created' && postIdOf(m.data) === post.id, LIVE_WAIT_MS));
    const ids = frames.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[0]).toBeGreaterThan(Number(seenFrame.id));
    expect(resumed.received().some((m) => postIdOf(m.data) === seen.id)).toBe(false);
    resumed.close();
  });

  it('delivers events committed concurrently on both instances in id order, none missing', async () => {
    const reader = await openEvents(a, { as: 'priya' });
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publish(i % 2 === 0 ? a : b, 'general', 'lukas', `Concurrent ${i}`)),
    );
    for (const post of made) await reader.next((m) => m.event === 'post.created' && postIdOf(m.data) === post.id, LIVE_WAIT_MS);
    const ids = reader.received().filter((m) => m.event === 'post.created').map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    reader.close();
  });

  it('catches up when its listening connection is cut, and delivers what was committed meanwhile once', async () => {
    const reader = await openEvents(a, { as: 'priya' });
    // Every connection listening on this database, A's and B's: each reconnects on its own.
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE query LIKE 'LISTEN %' AND datname = current_database() AND pid <> pg_backend_pid()`.execute(a.db);
    const during = await publish(b, 'general', 'lukas', 'Made while nobody listened');
    const frame = await reader.next((m) => m.event === 'post.created' && postIdOf(m.data) === during.id, LIVE_WAIT_MS);
    const after = await publish(b, 'general', 'lukas', 'Made once listening again');
    await reader.next((m) => m.event === 'post.created' && postIdOf(m.data) === after.id, LIVE_WAIT_MS);
    expect(reader.received().filter((m) => m.id === frame.id)).toHaveLength(1);
    reader.close();
  });

  it("holds a person to one number of streams across instances, and gives a place back when one closes", async () => {
    const c = await startTestServer({ maxStreamsPerPerson: 2, rateLimits: false });
    const d = await startTestServer({ maxStreamsPerPerson: 2, rateLimits: false, sharing: c });
    try {
      const first = await openEvents(c, { as: 'thomas' });
      const second = await openEvents(d, { as: 'thomas' });
      expect([first.res.status, second.res.status]).toEqual([200, 200]);
      const refusedHere = await c.json<Problem>('/api/v1/events', { as: 'thomas' });
      const refusedThere = await d.json<Problem>('/api/v1/events', { as: 'thomas' });
      expect([refusedHere.status, refusedThere.status]).toEqual([429, 429]);
      expect(refusedHere.body.code).toBe('too_many_streams');
      // Someone else has their own.
      const other = await openEvents(d, { as: 'camille' });
      expect(other.res.status).toBe(200);
      // Closing one on the first instance gives a place on the second.
      first.close();
      let again: Awaited<ReturnType<typeof openEvents>> | undefined;
      await until(async () => {
        const attempt = await openEvents(d, { as: 'thomas' });
        if (attempt.res.status === 200) again = attempt;
        else attempt.close();
        return attempt.res.status === 200;
      }, 'a place after closing a stream on the other instance');
      for (const stream of [second, again, other]) stream?.close();
    } finally {
      await d.close();
      await c.close();
    }
  });
});
