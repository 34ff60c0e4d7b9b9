/**
 * What two instances decide together on one PostgreSQL database, each
 * request racing its twin on the other instance: they rely on the
 * database (constraints, row locks, counter upserts), not on an instance's
 * memory: requests on two processes, each with its own pool.
 */
import { describe, expect, it } from 'vitest';
import type { Post, Problem, SpaceMember } from '@ecotone/protocol';
import { TEST_ENGINE, twoInstances, type TestServer } from '../_harness.js';

const PEOPLE = ['amelie', 'thomas', 'camille', 'julien', 'lukas', 'anna', 'jonas', 'sophie', 'priya', 'oliver', 'hannah', 'marco'];

describe.skipIf(TEST_ENGINE !== 'postgres')('decisions shared by two instances (PostgreSQL)', () => {
  const instances = twoInstances({ rateLimits: false });
  /** Instance A for even turns, B for odd ones. */
  const on = (turn: number) => (turn % 2 === 0 ? instances.a : instances.b);

  it('makes one post of 20 concurrent publishes with one key over both instances', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        on(i).json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'lukas', headers: { 'idempotency-key': 'two-instances-1' }, body: { body: 'Once' } }),
      ),
    );
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const rows = await instances.a.db.selectFrom('posts').select('id').where('body', '=', 'Once').execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps one ballot per person and true counts when everyone votes at once, twice, on both', async () => {
    const { body: post } = await instances.a.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Vote', polls: [{ question: 'Which day?', mode: 'single', options: ['Monday', 'Tuesday'], resultsVisibility: 'always' }] },
    });
    const poll = post.polls![0]!;
    const [monday, tuesday] = poll.options.map((o) => o.id);
    // Each person twice at once, one vote on each instance, for different days.
    const votes = PEOPLE.flatMap((as, i) => [
      on(i).api(`/api/v1/polls/${poll.id}/ballot`, { method: 'PUT', as, body: { choices: [monday] } }),
      on(i + 1).api(`/api/v1/polls/${poll.id}/ballot`, { method: 'PUT', as, body: { choices: [tuesday] } }),
    ]);
    const answered = await Promise.all(votes);
    expect(answered.map((r) => r.status).filter((status) => status !== 200)).toEqual([]);
    expect(await instances.a.db.selectFrom('ballots').select('voter_key').where('poll_id', '=', poll.id).execute()).toHaveLength(PEOPLE.length);
    const { body: seen } = await instances.b.json<Post>(`/api/v1/posts/${post.id}`, { as: 'hannah' });
    const results = seen.polls![0]!.results!;
    expect(results.voters).toBe(PEOPLE.length);
    expect(results.counts[monday!]! + results.counts[tuesday!]!).toBe(PEOPLE.length);
  });

  it('counts each acknowledgement once when everyone confirms at once on both instances', async () => {
    const { body: post } = await instances.a.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Please confirm', kind: 'announcement', requireAcknowledgement: true },
    });
    const acks = PEOPLE.flatMap((as, i) => [0, 1].map((twice) => on(i + twice).api(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as })));
    expect((await Promise.all(acks)).every((r) => r.status === 200)).toBe(true);
    const { body: seen } = await instances.b.json<Post>(`/api/v1/posts/${post.id}`, { as: 'marco' });
    expect(seen.acknowledgement).toEqual({ mine: true, count: PEOPLE.length });
  });

  it('never leaves a space without an owner when its owners step down at once on both instances', async () => {
    const setRole = (server: TestServer, actor: string, as: string, role: string) =>
      server.json<SpaceMember & Problem>(`/api/v1/spaces/general/members/${actor}`, { method: 'PUT', as, body: { role } });
    for (const person of PEOPLE.slice(1)) expect((await setRole(instances.a, person, 'amelie', 'owner')).status).toBe(200);
    const results = await Promise.all(PEOPLE.map((as, i) => setRole(on(i), as, as, 'member')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(PEOPLE.length - 1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(['last_owner']);
    const owners = await instances.a.db.selectFrom('memberships').select('actor_id').where('space_id', '=', 'general').where('role', '=', 'owner').execute();
    expect(owners).toHaveLength(1);
  });
});
