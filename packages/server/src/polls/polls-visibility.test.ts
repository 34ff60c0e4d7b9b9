import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Poll, PollChangedEvent, PollDraft, Post, PostCreatedEvent, Problem, ResultsVisibility } from '@ecotone/protocol';
import { buildApp } from '../app.js';
import { openEvents, startTestServer, tableNames, TEST_NOW, type SseMessage, type TestServer } from '../_harness.js';

const HOUR_MS = 60 * 60 * 1000;
const CHOICE: PollDraft = { question: 'Which site hosts the party?', mode: 'single', options: ['Lyon', 'Basel', 'Cambridge'] };

function helpers(server: TestServer) {
  return {
    createPoll: (as: string, draft: PollDraft, space = 'general') =>
      server.json<Poll & Problem>(`/api/v1/spaces/${space}/polls`, { method: 'POST', as, body: draft }),
    getPoll: (id: string, as: string) => server.json<Poll & Problem>(`/api/v1/polls/${id}`, { as }),
    vote: (id: string, as: string, choices: string[]) =>
      server.json<Poll & Problem>(`/api/v1/polls/${id}/ballot`, { method: 'PUT', as, body: { choices } }),
    close: (id: string, as: string) => server.json<Poll & Problem>(`/api/v1/polls/${id}/close`, { method: 'POST', as }),
    lastEventId: async () => {
      const row = await server.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      return String(row?.max ?? 0);
    },
  };
}

const pollEvent = (pollId: string) => (m: SseMessage) =>
  m.event === 'poll.changed' && (JSON.parse(m.data) as PollChangedEvent).pollId === pollId;

/**
 * Who sees results, for a poll by hannah in `general` on which lukas votes
 * and which hannah then closes; amelie (space owner) only watches.
 */
const EXPECTED: Record<ResultsVisibility, { open: [boolean, boolean, boolean]; closed: [boolean, boolean, boolean] }> = {
  //             amelie lukas  hannah
  always: { open: [true, true, true], closed: [true, true, true] },
  'after-vote': { open: [false, true, false], closed: [true, true, true] },
  'after-close': { open: [false, false, false], closed: [true, true, true] },
  'author-only': { open: [false, false, true], closed: [false, false, true] },
};
const VIEWERS = ['amelie', 'lukas', 'hannah'] as const;

describe('results visibility', () => {
  let server: TestServer;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    server = await startTestServer();
    h = helpers(server);
  });
  afterAll(() => server.close());

  for (const mode of Object.keys(EXPECTED) as ResultsVisibility[]) {
    it(`${mode}: on the API, on the live stream and on replay`, async () => {
      const { body: poll } = await h.createPoll('hannah', { ...CHOICE, resultsVisibility: mode });
      const expected = EXPECTED[mode];
      const before = await h.getPoll(poll.id, 'lukas');
      expect('results' in before.body).toBe(mode === 'always');
      expect('results' in (await h.getPoll(poll.id, 'hannah')).body).toBe(mode === 'always' || mode === 'author-only');

      const baseline = await h.lastEventId();
      const streams = await Promise.all(VIEWERS.map((as) => openEvents(server, { as })));
      await h.vote(poll.id, 'lukas', ['o2']);
      for (const [i, as] of VIEWERS.entries()) {
        const api = await h.getPoll(poll.id, as);
        expect('results' in api.body, `${as} API open`).toBe(expected.open[i]);
        const live = JSON.parse((await streams[i]!.next(pollEvent(poll.id))).data) as PollChangedEvent;
        expect(live.closedAt).toBeNull();
        expect('results' in live, `${as} live open`).toBe(expected.open[i]);
        if (expected.open[i]) expect(live.results).toEqual({ voters: 1, counts: { o1: 0, o2: 1, o3: 0 } });
        expect(JSON.stringify(live)).not.toContain('lukas');
      }

      await h.close(poll.id, 'hannah');
      for (const [i, as] of VIEWERS.entries()) {
        const api = await h.getPoll(poll.id, as);
        expect(api.body.closedAt).not.toBeNull();
        expect('results' in api.body, `${as} API closed`).toBe(expected.closed[i]);
        const live = JSON.parse((await streams[i]!.next(pollEvent(poll.id))).data) as PollChangedEvent;
        expect(live.closedAt).toBe(api.body.closedAt);
        expect('results' in live, `${as} live closed`).toBe(expected.closed[i]);
        streams[i]!.close();
      }

      // Replay shapes stored events per viewer just as live delivery does.
      for (const [i, as] of VIEWERS.entries()) {
        const resumed = await openEvents(server, { as, headers: { 'last-event-id': baseline } });
        const voted = JSON.parse((await resumed.next(pollEvent(poll.id))).data) as PollChangedEvent;
        const closed = JSON.parse((await resumed.next(pollEvent(poll.id))).data) as PollChangedEvent;
        expect('results' in voted, `${as} replay open`).toBe(expected.open[i]);
        expect('results' in closed, `${as} replay closed`).toBe(expected.closed[i]);
        resumed.close();
      }
    });
  }

  it('shapes the polls of post.created per viewer (results and canClose)', async () => {
    const baseline = await h.lastEventId();
    const streams = await Promise.all(VIEWERS.map((as) => openEvents(server, { as })));
    const { body: post } = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Author-only poll', polls: [{ ...CHOICE, resultsVisibility: 'author-only' }] },
    });
    const expected = { amelie: [false, true], lukas: [false, false], hannah: [true, true] } as const;
    const check = (as: (typeof VIEWERS)[number], message: SseMessage) => {
      const event = JSON.parse(message.data) as PostCreatedEvent;
      const poll = event.post.polls![0]!;
      expect(['results' in poll, poll.canClose], as).toEqual(expected[as]);
      expect(poll.myBallot).toBeNull();
    };
    const created = (m: SseMessage) => m.event === 'post.created' && m.data.includes(post.id);
    for (const [i, as] of VIEWERS.entries()) {
      check(as, await streams[i]!.next(created));
      streams[i]!.close();
      const resumed = await openEvents(server, { as, headers: { 'last-event-id': baseline } });
      check(as, await resumed.next(created));
      resumed.close();
    }
  });
});

describe('anonymous polls', () => {
  let server: TestServer;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    server = await startTestServer();
    h = helpers(server);
  });
  afterAll(() => server.close());

  it('store no voter id with ballots or events, and still allow one ballot per person', async () => {
    const { body: poll } = await h.createPoll('hannah', {
      question: 'Anonymous: what should we change?',
      mode: 'multiple',
      options: ['Meetings', 'Tools', 'Office', 'Nothing'],
      maxChoices: 2,
      anonymous: true,
    });
    const voters = ['amelie', 'lukas', 'thomas', 'sophie', 'marco'];
    for (const [i, as] of voters.entries()) {
      expect((await h.vote(poll.id, as, [`o${(i % 4) + 1}`])).status).toBe(200);
    }
    // A changed vote replaces the ballot; it does not add one.
    const changed = await h.vote(poll.id, 'amelie', ['o3', 'o4']);
    expect(changed.body.myBallot).toEqual({ choices: expect.arrayContaining(['o3', 'o4']) });
    expect(changed.body.results?.voters).toBe(voters.length);
    await Promise.all(Array.from({ length: 20 }, () => h.vote(poll.id, 'lukas', ['o1'])));
    const ballots = await server.db.selectFrom('ballots').selectAll().where('poll_id', '=', poll.id).execute();
    expect(ballots).toHaveLength(voters.length);
    expect(ballots.every((b) => b.actor_id === null && b.voter_key.length === 43)).toBe(true);
    expect((await h.getPoll(poll.id, 'lukas')).body.myBallot).toEqual({ choices: ['o1'] });
    expect((await h.getPoll(poll.id, 'jonas')).body.myBallot).toBeNull();

    // Scan every table and column: voter ids appear only where people are
    // described (actors, memberships, their own posts and reactions).
    const holding = new Map<string, Set<string>>();
    for (const name of await tableNames(server.db)) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(server.db);
      for (const row of rows.rows) {
        // Seeded polls name their authors, and voters when not anonymous.
        const pollId = name === 'polls' ? row['id'] : row['poll_id'];
        if (typeof pollId === 'string' && pollId !== poll.id) continue;
        for (const value of Object.values(row)) {
          if (typeof value !== 'string') continue;
          for (const voter of voters) {
            if (value === voter || value.includes(`"${voter}"`) || value.includes(`${voter}\0`)) {
              if (!holding.has(name)) holding.set(name, new Set());
              holding.get(name)!.add(voter);
            }
          }
        }
      }
    }
    for (const table of ['ballots', 'ballot_choices', 'events', 'polls', 'poll_options', 'settings']) {
      expect(holding.get(table), table).toBeUndefined();
    }
    // The audit trail names them for signing in, never for a ballot (checked below).
    expect([...holding.keys()].every((t) => ['actors', 'memberships', 'posts', 'reactions', 'notes', 'note_revisions', 'comments', 'post_acks', 'join_requests', 'talk_show_hosts', 'questions', 'question_votes', 'audit_log'].includes(t))).toBe(true);
    const audited = await server.db.selectFrom('audit_log').select(['action', 'detail']).execute();
    expect(audited.filter((e) => !['auth.sign_in', 'server.start', 'post.publish'].includes(e.action))).toEqual([]);
    expect(audited.some((e) => e.detail.includes(poll.id))).toBe(false);
    const events = await server.db.selectFrom('events').select('payload').execute();
    expect(events.length).toBeGreaterThanOrEqual(voters.length);
  });

  it('keeps the generated ballot secret across restarts (in its file)', async () => {
    const { body: poll } = await h.createPoll('hannah', { ...CHOICE, anonymous: true });
    await h.vote(poll.id, 'anna', ['o1']);
    const restarted = await buildApp({ db: server.db, auth: { mode: 'dev' }, now: () => TEST_NOW, ballotSecretFile: server.ballotSecretFile! });
    try {
      const res = await restarted.inject({
        method: 'GET',
        url: `/api/v1/polls/${poll.id}`,
        headers: { authorization: 'Bearer dev:anna' },
      });
      expect((res.json() as Poll).myBallot).toEqual({ choices: ['o1'] });
      const again = await restarted.inject({
        method: 'PUT',
        url: `/api/v1/polls/${poll.id}/ballot`,
        headers: { authorization: 'Bearer dev:anna', 'content-type': 'application/json' },
        payload: { choices: ['o2'] },
      });
      expect(again.statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
    expect(await server.db.selectFrom('ballots').where('poll_id', '=', poll.id).select('voter_key').execute()).toHaveLength(1);
    // Only a keyed fingerprint of the secret, never the secret itself (see ballot-secret.test.ts).
    expect((await server.db.selectFrom('settings').select('key').execute()).map((r) => r.key)).toEqual(['ballot_secret_check']);
  });
});

describe('closing by date', () => {
  let server: TestServer;
  let h: ReturnType<typeof helpers>;
  let offsetMs = 0;
  let tick = 0;
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(TEST_NOW.getTime() + offsetMs + ++tick) });
    h = helpers(server);
  });
  afterAll(() => server.close());

  it('refuses ballots once closesAt has passed, and announces the closing', async () => {
    const closesAt = new Date(TEST_NOW.getTime() + HOUR_MS).toISOString();
    const { body: poll } = await h.createPoll('hannah', { ...CHOICE, closesAt, resultsVisibility: 'after-close' });
    expect(poll.closesAt).toBe(closesAt);
    expect((await h.vote(poll.id, 'lukas', ['o1'])).status).toBe(200);
    const watcher = await openEvents(server, { as: 'amelie' });

    offsetMs = 2 * HOUR_MS;
    const late = await h.vote(poll.id, 'lukas', ['o2']);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('poll_closed');
    const read = await h.getPoll(poll.id, 'amelie');
    expect(read.body.closedAt).toBe(closesAt);
    expect(read.body.canClose).toBe(false);
    expect(read.body.results).toEqual({ voters: 1, counts: { o1: 1, o2: 0, o3: 0 } });

    expect(await server.app.ecotone.polls.closeDue()).toBe(1);
    const event = JSON.parse((await watcher.next(pollEvent(poll.id))).data) as PollChangedEvent;
    expect(event).toEqual({
      type: 'poll.changed',
      spaceId: 'general',
      pollId: poll.id,
      closedAt: closesAt,
      results: { voters: 1, counts: { o1: 1, o2: 0, o3: 0 } },
    });
    expect(await server.app.ecotone.polls.closeDue()).toBe(0);
    // Closing by hand afterwards changes nothing.
    expect((await h.close(poll.id, 'hannah')).body.closedAt).toBe(closesAt);
    await watcher.expectNone(200, pollEvent(poll.id));
    watcher.close();
  });
});

describe('closing scheduler', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A real clock: the scheduler's timer is real too.
    server = await startTestServer({ now: () => new Date() });
  });
  afterAll(() => server.close());

  it('announces a poll closing soon when its date passes, without being asked', async () => {
    const watcher = await openEvents(server, { as: 'amelie' });
    const closesAt = new Date(Date.now() + 400).toISOString();
    const { body: poll } = await helpers(server).createPoll('hannah', { ...CHOICE, closesAt });
    const event = JSON.parse((await watcher.next(pollEvent(poll.id), 3000)).data) as PollChangedEvent;
    expect(event.closedAt).toBe(closesAt);
    const stored = await server.db.selectFrom('polls').select('closed_at').where('id', '=', poll.id).executeTakeFirst();
    expect(stored?.closed_at).toBe(closesAt);
    watcher.close();
  });
});
