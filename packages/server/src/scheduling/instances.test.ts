/**
 * The publishing and poll-closing schedulers run on every instance; each
 * due item is claimed by exactly one (a conditional update inside the
 * event-recording transaction, live/event-transaction.ts). Two instances on
 * one PostgreSQL database, 100 scheduled posts and 100 polls due at the
 * same second, both schedulers run at once on both instances.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@ecotone/protocol';
import { startTestServer, TEST_ENGINE, TEST_NOW, type TestServer } from '../_harness.js';

const DUE = 100;
/** When everything falls due: an hour after the test clock starts. */
const DUE_AT = new Date(TEST_NOW.getTime() + 3_600_000).toISOString();

describe.skipIf(TEST_ENGINE !== 'postgres')('schedulers on several instances (PostgreSQL)', () => {
  let clock = TEST_NOW.getTime();
  const now = () => new Date((clock += 1));
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ now, rateLimits: false });
    b = await startTestServer({ now, rateLimits: false, sharing: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('publishes each scheduled post and closes each poll exactly once, whichever instance gets there', async () => {
    const posts: Post[] = [];
    for (let i = 0; i < DUE; i++) {
      const server = i % 2 === 0 ? a : b;
      const scheduled = await server.json<Post>('/api/v1/spaces/general/posts', {
        method: 'POST',
        as: 'lukas',
        body: { body: `Scheduled ${i}`, publishAt: DUE_AT, polls: [{ question: `Closing ${i}?`, mode: 'single', options: ['Yes', 'No'], closesAt: DUE_AT }] },
      });
      expect(scheduled.status).toBe(201);
      posts.push(scheduled.body);
    }
    clock = Date.parse(DUE_AT) + 1_000;
    const [publishedA, publishedB, closedA, closedB] = await Promise.all([
      a.app.ecotone.publishing.publishDue(),
      b.app.ecotone.publishing.publishDue(),
      a.app.ecotone.polls.closeDue(),
      b.app.ecotone.polls.closeDue(),
    ]);
    expect(publishedA + publishedB).toBe(DUE);
    expect(closedA + closedB).toBe(DUE);

    // What readers were told: one post.created per post once published, one closing per poll.
    const created = await sql<{ post_id: string; n: number }>`
      SELECT post_id, count(*)::int AS n FROM events WHERE type = 'post.created' AND audience = 'space' GROUP BY post_id`.execute(a.db);
    expect(created.rows).toHaveLength(DUE);
    expect(created.rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(created.rows.map((r) => r.post_id))).toEqual(new Set(posts.map((p) => p.id)));
    const closings = await sql<{ payload: string }>`SELECT payload FROM events WHERE type = 'poll.changed'`.execute(a.db);
    const closedPolls = closings.rows.map((r) => JSON.parse(r.payload) as { pollId: string; closedAt: string | null }).filter((e) => e.closedAt !== null);
    expect(closedPolls).toHaveLength(DUE);
    expect(new Set(closedPolls.map((e) => e.pollId)).size).toBe(DUE);

    // Run again on both: nothing is left to do.
    const again = await Promise.all([a.app.ecotone.publishing.publishDue(), b.app.ecotone.polls.closeDue()]);
    expect(again).toEqual([0, 0]);
  });
});
