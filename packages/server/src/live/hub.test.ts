/**
 * The live hub: a cap on one person's streams, streams that end with their
 * token, streams of deactivated people closed, and fan-out whose cost does
 * not grow with the number of open streams.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { KyselyPlugin } from 'kysely';
import type { Comment, Post, PostUpdatedEvent, Problem } from '@ecotone/protocol';
import { nowOrSoon, openEvents, startTestServer, TEST_NOW, until, type TestServer } from '../_harness.js';
import { deactivateActor, insertActor } from '../people/actor-repository.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
/** Generous waits: the machine may be busy. */
const WAIT_MS = 15_000;

/** A Kysely plugin counting the queries made through it. */
function queryCounter(): { plugin: KyselyPlugin; count: () => number; reset: () => void } {
  let queries = 0;
  return {
    plugin: {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    },
    count: () => queries,
    reset: () => (queries = 0),
  };
}

/**
 * An announcement by hannah in `general` that asks for acknowledgement and
 * carries an anonymous after-vote poll: every part of a post that depends
 * on who looks at it (own reactions, acknowledgement, ballot, results,
 * canClose) is present.
 */
async function publishRichPost(s: TestServer): Promise<Post> {
  const published = await s.json<Post>('/api/v1/spaces/general/posts', {
    method: 'POST',
    as: 'hannah',
    body: {
      body: 'Before',
      kind: 'announcement',
      requireAcknowledgement: true,
      polls: [{ question: 'Which site?', mode: 'single', options: ['Lyon', 'Basel'], anonymous: true, resultsVisibility: 'after-vote' }],
    },
  });
  expect(published.status).toBe(201);
  return published.body;
}

/** Gives `as` some state of their own on the post: the i-th person reacts, votes or acknowledges. */
async function ownState(s: TestServer, post: Post, as: string, i: number): Promise<void> {
  if (i % 2 === 0) expect((await s.api(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as })).status).toBe(200);
  if (i % 3 === 0) {
    const poll = post.polls![0]!;
    const choice = poll.options[i % poll.options.length]!.id;
    expect((await s.api(`/api/v1/polls/${poll.id}/ballot`, { method: 'PUT', as, body: { choices: [choice] } })).status).toBe(200);
  }
  if (i % 5 === 0) expect((await s.api(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as })).status).toBe(200);
}

/** Reads a stream to its end; resolves with the event types it carried. */
async function readToEnd(res: Response): Promise<string[]> {
  const text = await res.text();
  return [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]!);
}

describe('live hub', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('holds one person to their number of streams (429 too_many_streams, Retry-After), not others', async () => {
    server = await startTestServer({ maxStreamsPerPerson: 2 });
    const a = await openEvents(server, { as: 'thomas' });
    const b = await openEvents(server, { as: 'thomas' });
    expect([a.res.status, b.res.status]).toEqual([200, 200]);
    const refused = await server.json<Problem>('/api/v1/events', { as: 'thomas' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_streams');
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await openEvents(server, { as: 'camille' });
    expect(other.res.status).toBe(200);
    // Closing one gives the place back.
    a.close();
    let c: Awaited<ReturnType<typeof openEvents>> | undefined;
    await until(async () => {
      const attempt = await openEvents(server!, { as: 'thomas' });
      if (attempt.res.status === 200) c = attempt;
      else attempt.close();
      return attempt.res.status === 200;
    }, 'a place after closing a stream');
    for (const stream of [b, c, other]) stream?.close();
  });

  it('counts concurrent openings: a burst never gets past the limit', async () => {
    server = await startTestServer({ maxStreamsPerPerson: 3, rateLimits: false });
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    const answers = await Promise.all(controllers.map((c) => server!.api('/api/v1/events', { as: 'thomas', signal: c.signal })));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(17);
    for (const c of controllers) c.abort();
  });

  it("ends a stream when its token expires, with stream.expired, and takes a fresh token with Last-Event-ID", async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET } });
    const nowS = Math.floor(TEST_NOW.getTime() / 1000);
    const token = (lifetimeS: number) =>
      new SignJWT({ sub: 'thomas' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(nowS)
        .setExpirationTime(nowS + lifetimeS)
        .sign(new TextEncoder().encode(SECRET));
    const short = await server.api('/api/v1/events', { token: await token(2) });
    expect(short.status).toBe(200);
    // The server ends it by itself: reading to the end terminates.
    const types = await Promise.race([
      readToEnd(short),
      new Promise<string[]>((_, reject) => setTimeout(() => reject(new Error('stream not ended at expiry')), WAIT_MS)),
    ]);
    expect(types.at(-1)).toBe('stream.expired');
    // A fresh token resumes.
    const fresh = await openEvents(server, { token: await token(3600), headers: { 'last-event-id': '0' } });
    expect(fresh.res.status).toBe(200);
    fresh.close();
  });

  it("closes a deactivated person's open streams", async () => {
    const started = (server = await startTestServer({ deactivationCheckMs: 100 }));
    const res = await started.api('/api/v1/events', { as: 'thomas' });
    expect(res.status).toBe(200);
    const ended = readToEnd(res);
    await deactivateActor(started.cli(), 'thomas', TEST_NOW);
    await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), WAIT_MS))]);
    await nowOrSoon(async () => (await started.json('/api/v1/events', { as: 'thomas' })).status === 401, 'a deactivation counted');
  });

  it('shapes an event once for all who receive it: the queries do not grow with the open streams', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    /** Queries made to edit a comment and deliver the edit to `people` × `perPerson` streams. */
    const measure = async (people: readonly string[], perPerson: number) => {
      const s = await startTestServer({ dbPlugins: [counting], rateLimits: false, deactivationCheckMs: 3_600_000 });
      try {
        const { body: comment } = await s.json<Comment>('/api/v1/posts/demo-general-001/comments', {
          method: 'POST',
          as: 'hannah',
          body: { body: 'Before' },
        });
        const streams = [];
        for (const as of people) for (let i = 0; i < perPerson; i++) streams.push(await openEvents(s, { as }));
        queries = 0;
        const edited = await s.json(`/api/v1/comments/${comment.id}`, { method: 'PATCH', as: 'hannah', body: { body: 'After' } });
        expect(edited.status).toBe(200);
        for (const stream of streams) await stream.next((m) => m.event === 'comment.updated', WAIT_MS);
        const made = queries;
        for (const stream of streams) stream.close();
        return made;
      } finally {
        await s.close();
      }
    };
    const one = await measure(['thomas'], 1);
    const many = await measure(['thomas', 'camille', 'oliver', 'priya', 'anna', 'marco', 'sophie', 'jonas'], 5);
    expect(many).toBe(one);
  });

  it('shapes post.updated with batched queries: their number does not grow with the people streaming', async () => {
    const counter = queryCounter();
    /** Queries made to edit a post and deliver the edit to one stream each of `people` readers with states of their own. */
    const measure = async (people: number) => {
      // No sweep for deactivated people during the count (it queries every 5 s, whatever the load).
      const s = await startTestServer({ dbPlugins: [counter.plugin], rateLimits: false, deactivationCheckMs: 3_600_000 });
      try {
        const post = await publishRichPost(s);
        const ids = Array.from({ length: people }, (_, i) => `reader-${i}`);
        for (const [i, id] of ids.entries()) {
          // Nobody's member: `general` is open, so they read it.
          await insertActor(s.db, { id, display_name: id, avatar_url: null, site: null, locale: 'en', title: null, created_at: TEST_NOW.toISOString(), deactivated_at: null });
          await ownState(s, post, id, i);
        }
        const streams = [];
        for (const as of ids) streams.push(await openEvents(s, { as }));
        counter.reset();
        const edited = await s.json(`/api/v1/posts/${post.id}`, { method: 'PATCH', as: 'hannah', body: { body: 'After' } });
        expect(edited.status).toBe(200);
        for (const stream of streams) await stream.next((m) => m.event === 'post.updated', WAIT_MS);
        const made = counter.count();
        for (const stream of streams) stream.close();
        return made;
      } finally {
        await s.close();
      }
    };
    const few = await measure(5);
    const many = await measure(50);
    expect(many).toBe(few);
  });

  it('gives each viewer post.updated as GET /posts/:id answers them, live and replayed', async () => {
    server = await startTestServer({ rateLimits: false });
    const post = await publishRichPost(server);
    // Author, space owner, correspondent, members with and without states of their own, a reader.
    const viewers = ['hannah', 'amelie', 'lukas', 'thomas', 'camille', 'oliver', 'priya', 'marco'];
    for (const [i, as] of viewers.entries()) await ownState(server, post, as, i);
    const from = await server.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    const live = await Promise.all(viewers.map((as) => openEvents(server!, { as })));
    const pinned = await server.json(`/api/v1/posts/${post.id}/pin`, { method: 'PUT', as: 'amelie' });
    expect(pinned.status).toBe(200);
    const replayed = await Promise.all(viewers.map((as) => openEvents(server!, { as, headers: { 'last-event-id': String(from.max) } })));
    for (const [i, as] of viewers.entries()) {
      const { body: expected } = await server.json<Post>(`/api/v1/posts/${post.id}`, { as });
      for (const stream of [live[i]!, replayed[i]!]) {
        const message = await stream.next((m) => m.event === 'post.updated', WAIT_MS);
        expect((JSON.parse(message.data) as PostUpdatedEvent).post, as).toEqual(expected);
      }
    }
    // The states differ: the viewers do not all get one shape.
    const shapes = new Set(await Promise.all(viewers.map(async (as) => JSON.stringify((await server!.json<Post>(`/api/v1/posts/${post.id}`, { as })).body))));
    expect(shapes.size).toBeGreaterThan(4);
    for (const stream of [...live, ...replayed]) stream.close();
  });
});
