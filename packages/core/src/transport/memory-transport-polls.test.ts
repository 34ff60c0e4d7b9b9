import { describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { routes, type LiveEvent, type Poll, type PollList, type Post } from '@ecotone/protocol';
import { AccessError, ConflictError, ValidationError } from '../errors.js';
import { makePoll, makePost, me, newsSpace } from '../_fixtures.js';
import { MemoryTransport } from './memory-transport.js';

const fixture = (polls: Poll[]) => new MemoryTransport({ me, spaces: [newsSpace], posts: [makePost(1)], polls });
const get = (t: MemoryTransport, id: string) => t.request<Poll>({ method: 'GET', path: routes.poll(id) });
const vote = (t: MemoryTransport, id: string, choices: string[]) =>
  t.request<Poll>({ method: 'PUT', path: routes.ballot(id), body: { choices } });

describe('MemoryTransport polls', () => {
  it('shows results per caller: always, after-vote, after-close, author-only', async () => {
    const t = fixture([
      makePoll('always'),
      makePoll('vote', { resultsVisibility: 'after-vote' }),
      makePoll('close', { resultsVisibility: 'after-close' }),
      makePoll('theirs', { resultsVisibility: 'author-only' }),
      makePoll('mine', { resultsVisibility: 'author-only', authorId: 'ana' }),
    ]);
    expect((await get(t, 'always')).results).toBeDefined();
    expect((await get(t, 'vote')).results).toBeUndefined();
    expect((await vote(t, 'vote', ['a'])).results).toEqual({ voters: 4, counts: { a: 3, b: 1 } });
    expect((await vote(t, 'close', ['a'])).results).toBeUndefined();
    expect((await get(t, 'theirs')).results).toBeUndefined();
    expect(await get(t, 'mine')).toMatchObject({ canClose: true, results: { voters: 3 } });
  });

  it('validates ballots, refuses closed polls, and withdraws idempotently', async () => {
    const t = fixture([makePoll('q'), makePoll('multi', { mode: 'multiple', maxChoices: 2 }), makePoll('old', { closesAt: '2020-01-01T00:00:00Z' })]);
    await expect(vote(t, 'q', ['a', 'b'])).rejects.toBeInstanceOf(ValidationError);
    await expect(vote(t, 'q', ['x'])).rejects.toMatchObject({ code: 'invalid_ballot' });
    await expect(vote(t, 'multi', ['a', 'a'])).rejects.toMatchObject({ code: 'invalid_ballot' });
    await expect(vote(t, 'multi', ['a', 'b', 'c'])).rejects.toMatchObject({ code: 'invalid_ballot' });
    expect((await vote(t, 'multi', ['a', 'c'])).results).toEqual({ voters: 4, counts: { a: 3, b: 1, c: 1 } });
    const closed = await vote(t, 'old', ['a']).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(ConflictError);
    expect(closed).toMatchObject({ code: 'poll_closed', status: 409 });
    expect((await get(t, 'old')).closedAt).toBe('2020-01-01T00:00:00Z');

    const events: LiveEvent[] = [];
    const sub = t.events$.subscribe((e) => events.push(e));
    await t.request({ method: 'DELETE', path: routes.ballot('q') });
    expect(events).toHaveLength(0);
    await vote(t, 'q', ['b']);
    await vote(t, 'q', ['b']);
    const withdrawn = await t.request<Poll>({ method: 'DELETE', path: routes.ballot('q') });
    expect(withdrawn).toMatchObject({ myBallot: null, results: { voters: 3, counts: { a: 2, b: 1 } } });
    expect(events.map((e) => e.type)).toEqual(['poll.changed', 'poll.changed']);
    sub.unsubscribe();
    await expect(get(t, 'nope')).rejects.toBeInstanceOf(AccessError);
  });

  it('closes for the author or a space owner only, emitting results only when the caller may see them', async () => {
    const t = new MemoryTransport({
      me: { ...me, memberships: [{ spaceId: 'news', actorId: 'ana', role: 'owner' }] },
      spaces: [{ ...newsSpace, role: 'owner' }],
      posts: [],
      polls: [makePoll('q', { resultsVisibility: 'after-close' })],
    });
    const events = firstValueFrom(t.events$.pipe(take(2), toArray()));
    await vote(t, 'q', ['c']);
    const closed = await t.request<Poll>({ method: 'POST', path: routes.closePoll('q') });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    const [voted, closing] = await events;
    expect(voted).not.toHaveProperty('results');
    expect(closing).toMatchObject({ type: 'poll.changed', pollId: 'q', closedAt: closed.closedAt, results: closed.results });

    const member = fixture([makePoll('q')]);
    await expect(member.request({ method: 'POST', path: routes.closePoll('q') })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('publishes a survey and saves its ballots all or nothing', async () => {
    const t = fixture([]);
    const post = await t.request<Post>({
      method: 'POST',
      path: routes.publish('news'),
      body: { body: 'Survey', polls: [{ question: 'One?', mode: 'single', options: ['x', 'y'] }, { question: 'Two?', mode: 'scale', scale: { min: 0, max: 10 } }] },
    });
    const [one, two] = post.polls!;
    expect(two!.options).toHaveLength(11);
    const refused = await t
      .request({ method: 'PUT', path: routes.surveyBallot(post.id), body: { answers: [{ pollId: one!.id, choices: ['o1'] }, { pollId: two!.id, choices: ['11'] }] } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'invalid_ballot', problem: { errors: [{ path: '/body/answers/1/choices/0', message: 'is not a value on the scale' }] } });
    expect((await get(t, one!.id)).myBallot).toBeNull();
    const list = await t.request<PollList>({
      method: 'PUT',
      path: routes.surveyBallot(post.id),
      body: { answers: [{ pollId: one!.id, choices: ['o2'] }, { pollId: two!.id, choices: ['7'] }] },
    });
    expect(list.items.map((p) => p.myBallot?.choices)).toEqual([['o2'], ['7']]);
    const fetched = await t.request<Post>({ method: 'GET', path: routes.post(post.id) });
    expect(fetched.polls?.map((p) => p.results?.voters)).toEqual([1, 1]);
    await expect(
      t.request({ method: 'POST', path: routes.publish('news'), body: { body: 'Bad', polls: [{ question: 'Q', mode: 'single', options: ['only'] }] } }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses look-alike and blank options and stores labels normalised, as the server does', async () => {
    const t = fixture([]);
    const refused = await t
      .request({ method: 'POST', path: routes.publish('news'), body: { body: 'Q', polls: [{ question: 'Ready?', mode: 'single', options: ['Yes', 'Ye\u0455', '\u200b'] }] } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual([
      { path: '/body/polls/0/options/1', message: 'looks the same as option 1' },
      { path: '/body/polls/0/options/2', message: 'must not be blank' },
    ]);
    const poll = await t.request<Poll>({
      method: 'POST',
      path: routes.spacePolls('news'),
      body: { question: '\u202eReady?', mode: 'single', options: ['Ye\u200bs', 'No\u2069'] },
    });
    expect(poll.question).toBe('Ready?');
    expect(poll.options.map((o) => o.label)).toEqual(['Yes', 'No']);
  });

  it('creates standalone polls idempotently', async () => {
    const t = fixture([]);
    const send = () =>
      t.request<Poll>({ method: 'POST', path: routes.spacePolls('news'), body: { question: 'Q?', mode: 'single', options: ['a', 'b'] }, idempotencyKey: 'k' });
    const a = await send();
    expect(await send()).toEqual(a);
    expect(a).toMatchObject({ postId: null, resultsVisibility: 'always', maxChoices: 1, results: { voters: 0, counts: {} } });
  });
});
