/**
 * The live hub: a cap on one person's streams, streams that end with their
 * token, streams of deactivated people closed, and fan-out whose cost does
 * not grow with the number of open streams.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { KyselyPlugin } from 'kysely';
import type { Comment, Problem } from '@ecotone/protocol';
import { openEvents, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';
import { deactivateActor } from '../repositories/actors.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
/** Generous waits: the machine may be busy. */
const WAIT_MS = 15_000;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
    server = await startTestServer({ deactivationCheckMs: 100 });
    const res = await server.api('/api/v1/events', { as: 'thomas' });
    expect(res.status).toBe(200);
    const ended = readToEnd(res);
    await deactivateActor(server.db, 'thomas', TEST_NOW);
    await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), WAIT_MS))]);
    expect((await server.json('/api/v1/events', { as: 'thomas' })).status).toBe(401);
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
      const s = await startTestServer({ dbPlugins: [counting], rateLimits: false });
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
});
