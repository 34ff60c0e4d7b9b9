import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPage, Poll, PollDraft, PollList, Post, Problem } from '@ecotone/protocol';
import { countRows, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const HOUR_MS = 60 * 60 * 1000;

function helpers(server: TestServer) {
  return {
    createPoll: (space: string, as: string, draft: PollDraft) =>
      server.json<Poll & Problem>(`/api/v1/spaces/${space}/polls`, { method: 'POST', as, body: draft }),
    publish: (space: string, as: string, body: unknown) =>
      server.json<Post & Problem>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body }),
    getPoll: (id: string, as: string) => server.json<Poll & Problem>(`/api/v1/polls/${id}`, { as }),
    vote: (id: string, as: string, choices: unknown) =>
      server.json<Poll & Problem>(`/api/v1/polls/${id}/ballot`, { method: 'PUT', as, body: { choices } }),
    withdraw: (id: string, as: string) => server.json<Poll & Problem>(`/api/v1/polls/${id}/ballot`, { method: 'DELETE', as }),
    close: (id: string, as: string) => server.json<Poll & Problem>(`/api/v1/polls/${id}/close`, { method: 'POST', as }),
    survey: (postId: string, as: string, answers: unknown) =>
      server.json<PollList & Problem>(`/api/v1/posts/${postId}/ballots`, { method: 'PUT', as, body: { answers } }),
  };
}

const CHOICE: PollDraft = { question: 'Which site hosts the party?', mode: 'single', options: ['Lyon', 'Basel', 'Cambridge'] };

describe('polls', () => {
  let server: TestServer;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    // 100 concurrent ballots of one person on purpose: no rate limits here.
    server = await startTestServer({ rateLimits: false });
    h = helpers(server);
  });
  afterAll(() => server.close());

  it('creates polls with a post (a survey) and shows them in the post, the feed and by id', async () => {
    const { status, body } = await h.publish('general', 'hannah', {
      body: 'Two quick questions',
      polls: [
        CHOICE,
        { question: 'How was the last one?', mode: 'scale', scale: { min: 1, max: 5, minLabel: 'Bad', maxLabel: 'Great' } },
      ],
    });
    expect(status).toBe(201);
    expect(body.polls).toHaveLength(2);
    const [first, second] = body.polls!;
    expect(first).toMatchObject({
      postId: body.id,
      spaceId: 'general',
      position: 0,
      authorId: 'hannah',
      mode: 'single',
      maxChoices: 1,
      options: [
        { id: 'o1', label: 'Lyon' },
        { id: 'o2', label: 'Basel' },
        { id: 'o3', label: 'Cambridge' },
      ],
      anonymous: false,
      resultsVisibility: 'always',
      closesAt: null,
      closedAt: null,
      myBallot: null,
      results: { voters: 0, counts: { o1: 0, o2: 0, o3: 0 } },
      canClose: true,
    });
    expect(second).toMatchObject({ position: 1, mode: 'scale', scale: { min: 1, max: 5, minLabel: 'Bad', maxLabel: 'Great' } });
    expect(second!.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);

    const read = await server.json<Post>(`/api/v1/posts/${body.id}`, { as: 'lukas' });
    expect(read.body.polls?.map((p) => p.id)).toEqual([first!.id, second!.id]);
    expect(read.body.polls?.[0]?.canClose).toBe(false);
    const feed = await server.json<FeedPage>('/api/v1/spaces/general/feed?limit=1', { as: 'amelie' });
    expect(feed.body.items[0]?.polls?.[1]?.id).toBe(second!.id);
    // The space owner may close it too.
    expect(feed.body.items[0]?.polls?.[0]?.canClose).toBe(true);
    // Posts without polls carry no `polls` field.
    const plain = await h.publish('general', 'hannah', { body: 'No poll here' });
    expect(plain.body).not.toHaveProperty('polls');
  });

  it('creates a standalone poll with the rights of publishing', async () => {
    const created = await h.createPoll('lyon-site', 'thomas', {
      question: 'Quels plats ?',
      mode: 'multiple',
      options: ['Couscous', 'Gratin', 'Salade'],
      maxChoices: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ postId: null, position: 0, maxChoices: 2, authorId: 'thomas' });
    expect((await h.getPoll(created.body.id, 'priya')).status).toBe(200);
    const before = await countRows(server.db, 'polls');
    expect((await h.createPoll('general', 'marco', CHOICE)).status).toBe(403); // reader
    expect((await h.createPoll('lyon-site', 'priya', CHOICE)).status).toBe(403); // not a member
    expect((await h.createPoll('security-watch', 'amelie', CHOICE)).status).toBe(404);
    expect(await countRows(server.db, 'polls')).toBe(before);
  });

  it('refuses invalid drafts naming each field, and writes nothing', async () => {
    const counts = async () =>
      Promise.all(['polls', 'poll_options', 'posts', 'events', 'idempotency_keys'].map((t) => countRows(server.db, t as 'polls')));
    const before = await counts();
    const past = new Date(TEST_NOW.getTime() - HOUR_MS).toISOString();
    const bad = await h.publish('general', 'hannah', {
      body: 'Broken survey',
      polls: [
        { question: 'No options', mode: 'single' },
        { question: 'Scale with options', mode: 'scale', options: ['a', 'b'] },
        { question: 'Too many max', mode: 'multiple', options: ['a', 'b'], maxChoices: 3 },
        { question: 'Max on single', mode: 'single', options: ['a', 'b'], maxChoices: 1, closesAt: past },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/body/polls/0/options',
        '/body/polls/1/options',
        '/body/polls/1/scale',
        '/body/polls/2/maxChoices',
        '/body/polls/3/maxChoices',
        '/body/polls/3/closesAt',
      ]),
    );
    const schema = await h.publish('general', 'hannah', {
      body: 'x',
      polls: [{ question: 'One option', mode: 'single', options: ['only'] }],
    });
    expect(schema.status).toBe(400);
    expect(schema.body.errors?.[0]?.path).toBe('/body/polls/0/options');
    const standalone = await h.createPoll('general', 'hannah', { question: 'Scale?', mode: 'scale' });
    expect(standalone.status).toBe(400);
    expect(standalone.body.errors?.map((e) => e.path)).toEqual(['/body/scale']);
    const keyed = await server.json<Problem>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      headers: { 'idempotency-key': 'bad-poll' },
      body: { body: 'x', polls: [{ question: 'q', mode: 'single' }] },
    });
    expect(keyed.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('refuses options that look the same or are blank once invisible characters go, naming each', async () => {
    const before = await countRows(server.db, 'polls');
    const bad = await h.publish('general', 'hannah', {
      body: 'Look-alikes',
      polls: [{ question: 'Ready?', mode: 'single', options: ['Yes', 'Yes\u200b', 'Ye\u0455', 'ＹＥＳ', ' yes ', 'No', '\u200b\u202e'] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors).toEqual([
      { path: '/body/polls/0/options/1', message: 'looks the same as option 1' },
      { path: '/body/polls/0/options/2', message: 'looks the same as option 1' },
      { path: '/body/polls/0/options/3', message: 'looks the same as option 1' },
      { path: '/body/polls/0/options/4', message: 'looks the same as option 1' },
      { path: '/body/polls/0/options/6', message: 'must not be blank' },
    ]);
    const standalone = await h.createPoll('general', 'hannah', { question: '\u2066\u200b', mode: 'single', options: ['Basel', 'Вasel'] });
    expect(standalone.body.errors).toEqual([
      { path: '/body/options/1', message: 'looks the same as option 1' },
      { path: '/body/question', message: 'must not be blank' },
    ]);
    expect(await countRows(server.db, 'polls')).toBe(before);
  });

  it('stores questions, options and scale labels normalised: NFC, no bidi or invisible characters, one space', async () => {
    const { status, body } = await h.publish('general', 'hannah', {
      body: 'Normalised',
      polls: [
        { question: '  Where\u202e  do we\nmeet? ', mode: 'single', options: ['Lyon\u200b', 'Ba\u0302le', '\u2067Cambridge\u2069'] },
        { question: 'Rate it', mode: 'scale', scale: { min: 1, max: 5, minLabel: '\u202eBad', maxLabel: '\u200b' } },
      ],
    });
    expect(status).toBe(201);
    expect(body.polls?.[0]?.question).toBe('Where do we meet?');
    expect(body.polls?.[0]?.options.map((o) => o.label)).toEqual(['Lyon', 'B\u00e2le', 'Cambridge']);
    expect(body.polls?.[1]?.scale).toEqual({ min: 1, max: 5, minLabel: 'Bad' });
    const read = await h.getPoll(body.polls![0]!.id, 'lukas');
    expect(read.body.options.map((o) => o.label)).toEqual(['Lyon', 'B\u00e2le', 'Cambridge']);
  });

  it('keeps exactly one ballot for 100 concurrent votes of one person', async () => {
    const { body: poll } = await h.createPoll('general', 'hannah', CHOICE);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => h.vote(poll.id, 'lukas', [`o${(i % 3) + 1}`])),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ballots = await server.db.selectFrom('ballots').selectAll().where('poll_id', '=', poll.id).execute();
    expect(ballots).toHaveLength(1);
    expect(ballots[0]).toMatchObject({ voter_key: 'lukas', actor_id: 'lukas' });
    const choices = await server.db.selectFrom('ballot_choices').selectAll().where('poll_id', '=', poll.id).execute();
    expect(choices).toHaveLength(1);
    const read = await h.getPoll(poll.id, 'lukas');
    expect(read.body.myBallot).toEqual({ choices: [choices[0]!.option_id] });
    expect(read.body.results?.voters).toBe(1);
  });

  it('refuses ballots the poll cannot take (400 invalid_ballot), writing nothing', async () => {
    const { body: single } = await h.createPoll('general', 'hannah', CHOICE);
    const { body: multiple } = await h.createPoll('general', 'hannah', {
      question: 'Pick two',
      mode: 'multiple',
      options: ['a', 'b', 'c', 'd'],
      maxChoices: 2,
    });
    const { body: scale } = await h.createPoll('general', 'hannah', {
      question: 'Rate',
      mode: 'scale',
      scale: { min: 0, max: 10 },
    });
    const before = await Promise.all([countRows(server.db, 'ballots'), countRows(server.db, 'events')]);
    const cases: [string, string[], string][] = [
      [single.id, ['o9'], '/body/choices/0'],
      [single.id, ['o1', 'o2'], '/body/choices/1'],
      [multiple.id, ['o1', 'o2', 'o3'], '/body/choices/2'],
      [multiple.id, ['o1', 'o1'], '/body/choices/1'],
      [scale.id, ['11'], '/body/choices/0'],
      [scale.id, ['3', '4'], '/body/choices/1'],
    ];
    for (const [id, choices, path] of cases) {
      const { status, body } = await h.vote(id, 'amelie', choices);
      expect(status, JSON.stringify(choices)).toBe(400);
      expect(body.code).toBe('invalid_ballot');
      expect(body.errors?.map((e) => e.path)).toContain(path);
    }
    const empty = await h.vote(single.id, 'amelie', []);
    expect(empty.status).toBe(400);
    expect(await Promise.all([countRows(server.db, 'ballots'), countRows(server.db, 'events')])).toEqual(before);
    expect((await h.vote(multiple.id, 'amelie', ['o4', 'o2'])).body.myBallot).toEqual({ choices: expect.arrayContaining(['o2', 'o4']) });
    expect((await h.vote(scale.id, 'marco', ['0'])).status).toBe(200); // readers vote
  });

  it('withdraws a ballot, idempotently', async () => {
    const { body: poll } = await h.createPoll('general', 'hannah', CHOICE);
    await h.vote(poll.id, 'sophie', ['o2']);
    const withdrawn = await h.withdraw(poll.id, 'sophie');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.myBallot).toBeNull();
    expect(withdrawn.body.results).toEqual({ voters: 0, counts: { o1: 0, o2: 0, o3: 0 } });
    const events = await countRows(server.db, 'events');
    expect((await h.withdraw(poll.id, 'sophie')).status).toBe(200);
    expect(await countRows(server.db, 'events')).toBe(events);
    expect(await countRows(server.db, 'ballot_choices')).toBeGreaterThan(0);
    const left = await server.db.selectFrom('ballot_choices').selectAll().where('poll_id', '=', poll.id).execute();
    expect(left).toHaveLength(0);
  });

  it('lets the author or a space owner close, refuses others (403), and then refuses ballots (409)', async () => {
    const { body: poll } = await h.createPoll('general', 'hannah', CHOICE);
    await h.vote(poll.id, 'jonas', ['o1']);
    const denied = await h.close(poll.id, 'lukas');
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    const closed = await h.close(poll.id, 'amelie'); // owner of general
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.canClose).toBe(false);
    const again = await h.close(poll.id, 'hannah');
    expect(again.status).toBe(200);
    expect(again.body.closedAt).toBe(closed.body.closedAt);
    const late = await h.vote(poll.id, 'lukas', ['o2']);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('poll_closed');
    expect((await h.vote(poll.id, 'jonas', ['o2'])).status).toBe(409);
    expect((await h.withdraw(poll.id, 'jonas')).status).toBe(409);
    expect((await h.getPoll(poll.id, 'jonas')).body.myBallot).toEqual({ choices: ['o1'] });
  });

  it('answers 404 on every poll route when the poll is in a space the caller cannot see', async () => {
    const { body: post } = await h.publish('security-watch', 'julien', { body: 'Secret survey', polls: [CHOICE] });
    const pollId = post.polls![0]!.id;
    const before = await countRows(server.db, 'ballots');
    const results = [
      await h.getPoll(pollId, 'amelie'),
      await h.vote(pollId, 'amelie', ['o1']),
      await h.withdraw(pollId, 'amelie'),
      await h.close(pollId, 'amelie'),
      await h.survey(post.id, 'amelie', [{ pollId, choices: ['o1'] }]),
      // Even an invalid ballot must not reveal the poll.
      await h.vote(pollId, 'amelie', ['nope']),
    ];
    for (const r of results) {
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('not_found');
    }
    expect((await h.getPoll('no-such-poll', 'amelie')).status).toBe(404);
    expect(await countRows(server.db, 'ballots')).toBe(before);
    expect((await h.vote(pollId, 'lukas', ['o1'])).status).toBe(200);
  });

  it('saves a survey all together or not at all', async () => {
    const { body: post } = await h.publish('announcements', 'hannah', {
      body: 'Survey',
      kind: 'announcement',
      polls: [
        CHOICE,
        { question: 'Which days?', mode: 'multiple', options: ['Mon', 'Tue', 'Wed'], maxChoices: 2 },
        { question: 'Rate', mode: 'scale', scale: { min: 1, max: 5 } },
      ],
    });
    const [a, b, c] = post.polls!.map((p) => p.id) as [string, string, string];
    const before = await Promise.all([countRows(server.db, 'ballots'), countRows(server.db, 'events')]);
    const bad = await h.survey(post.id, 'priya', [
      { pollId: a, choices: ['o1'] },
      { pollId: b, choices: ['o1', 'o2', 'o3'] },
      { pollId: c, choices: ['4'] },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_ballot');
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['/body/answers/1/choices/2']);
    const foreign = await h.survey(post.id, 'priya', [{ pollId: 'not-in-this-post', choices: ['o1'] }]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors?.[0]?.path).toBe('/body/answers/0/pollId');
    expect(await Promise.all([countRows(server.db, 'ballots'), countRows(server.db, 'events')])).toEqual(before);

    const ok = await h.survey(post.id, 'priya', [
      { pollId: a, choices: ['o3'] },
      { pollId: b, choices: ['o1', 'o3'] },
      { pollId: c, choices: ['5'] },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((p) => p.id)).toEqual([a, b, c]);
    expect(ok.body.items.map((p) => p.myBallot?.choices)).toEqual([['o3'], ['o1', 'o3'], ['5']]);

    await h.close(b, 'hannah');
    const closed = await h.survey(post.id, 'priya', [
      { pollId: a, choices: ['o1'] },
      { pollId: b, choices: ['o2'] },
    ]);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('poll_closed');
    expect((await h.getPoll(a, 'priya')).body.myBallot).toEqual({ choices: ['o3'] });
  });

  it('serves the seeded polls and survey under their stable ids, anonymous ballots included', async () => {
    const summer = await h.getPoll('poll-summer-party', 'amelie');
    expect(summer.body).toMatchObject({ postId: 'summer-party-2027', myBallot: null, results: { voters: 10 } });
    const survey = await server.json<Post>('/api/v1/posts/survey-remote-work', { as: 'lukas' });
    expect(survey.body.polls?.map((p) => p.id)).toEqual([
      'survey-remote-work-days',
      'survey-remote-work-help',
      'survey-remote-work-policy',
    ]);
    expect(survey.body.polls?.map((p) => p.myBallot?.choices)).toEqual([['o2'], ['o1', 'o4'], ['4']]);
    // Seeded with the secret the server uses: anna's anonymous ballot is hers.
    const training = await h.getPoll('poll-basel-training', 'anna');
    expect(training.body.myBallot?.choices).toEqual(expect.arrayContaining(['o1', 'o3']));
    expect(training.body).not.toHaveProperty('results');
    expect((await h.vote('poll-basel-training', 'anna', ['o2'])).body.myBallot).toEqual({ choices: ['o2'] });
  });

  it('sends Cache-Control: private, no-store on API responses', async () => {
    const { body: poll } = await h.createPoll('general', 'hannah', CHOICE);
    const res = await server.api(`/api/v1/polls/${poll.id}`, { as: 'amelie' });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const feed = await server.api('/api/v1/spaces/general/feed', { as: 'amelie' });
    expect(feed.headers.get('cache-control')).toBe('private, no-store');
    const missing = await server.api('/api/v1/polls/nope', { as: 'amelie' });
    expect(missing.headers.get('cache-control')).toBe('private, no-store');
  });
});
