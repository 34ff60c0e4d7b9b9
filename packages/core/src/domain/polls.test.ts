import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { routes, type Poll, type Post } from '@ecotone/protocol';
import type { FeedState } from '../types.js';
import { ConflictError, ValidationError, type EcotoneError } from '../errors.js';
import { flush, makePoll, makePost, setup } from '../_fixtures.js';

function values<T>(source: { subscribe(fn: (v: T) => void): { unsubscribe(): void } }) {
  const seen: T[] = [];
  const sub = source.subscribe((v) => seen.push(v));
  return { seen, last: () => seen.at(-1), stop: () => sub.unsubscribe() };
}

/** A client with standalone poll `q1` loaded through poll$. */
async function withPoll(overrides: Partial<Poll> = {}) {
  const env = setup([makePost(1)], [makePoll('q1', overrides)]);
  const poll = values<Poll | undefined>(env.client.poll$('q1'));
  await firstValueFrom(env.client.poll$('q1').pipe(filter(Boolean), timeout(1_000)));
  return { ...env, poll };
}

/** A post `s1` carrying a survey of two polls, `s1q1` and `s1q2`. */
function surveyPost(): Post {
  return makePost(2, {
    id: 's1',
    polls: [makePoll('s1q1', { postId: 's1' }), makePoll('s1q2', { postId: 's1', position: 1, results: { voters: 0, counts: {} } })],
  });
}

describe('poll$', () => {
  it('fetches a poll absent from the store once, then errors typed when it does not exist', async () => {
    const { client, transport, poll } = await withPoll();
    expect(poll.last()?.results).toEqual({ voters: 3, counts: { a: 2, b: 1 } });
    const again = await firstValueFrom(client.poll$('q1'));
    expect(again).toBe(poll.last());
    expect(transport.requests.filter((r) => r.path === routes.poll('q1'))).toHaveLength(1);
    const err = await firstValueFrom(client.poll$('nope').pipe(filter(Boolean))).catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('not_found');
    poll.stop();
  });
});

describe('vote', () => {
  it('applies optimistically, marks the poll pending, then takes the server answer', async () => {
    const { client, transport, poll } = await withPoll();
    const pending = values<ReadonlySet<string>>(client.pendingPolls$);
    const release = transport.hold();
    const done = client.vote('q1', ['b']);
    // The poll domain is a chunk of its own, loaded on first use (poll$ started it).
    await firstValueFrom(client.pendingPolls$.pipe(filter((s) => s.has('q1')), timeout(1_000)));
    expect(poll.last()?.myBallot).toEqual({ choices: ['b'] });
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 2 } });
    expect(pending.last()?.has('q1')).toBe(true);
    release();
    const answer = await done;
    expect(answer.results).toEqual({ voters: 4, counts: { a: 2, b: 2 } });
    expect(poll.last()).toEqual(answer);
    expect(pending.last()?.has('q1')).toBe(false);
    const put = transport.requests.find((r) => r.method === 'PUT');
    expect(put).toMatchObject({ path: routes.ballot('q1'), body: { choices: ['b'] } });
    expect(put?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    poll.stop();
    pending.stop();
  });

  it('changing a vote moves the counts without counting a new voter', async () => {
    const { client, poll } = await withPoll();
    await client.vote('q1', ['a']);
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 3, b: 1 } });
    const change = client.vote('q1', ['c']);
    await flush();
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    expect(poll.last()?.myBallot).toEqual({ choices: ['c'] });
    await change;
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    poll.stop();
  });

  it('rolls back exactly and rejects with poll_closed when the server refuses (failNext)', async () => {
    const { client, transport, poll } = await withPoll();
    const before = poll.last();
    transport.failNext('poll_closed', 1, { match: (r) => r.method === 'PUT' });
    const release = transport.hold();
    const done = client.vote('q1', ['a']);
    await flush();
    expect(poll.last()?.results?.counts.a).toBe(3);
    release();
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as EcotoneError).code).toBe('poll_closed');
    expect(poll.last()).toBe(before);
    expect(await firstValueFrom(client.pendingPolls$)).toEqual(new Set());
    await client.loadErrorMessages();
    expect(client.errorMessage(err)).toBe('This poll is closed.');
    poll.stop();
  });

  it('rolls back on a really closed poll and on an invalid ballot', async () => {
    const closed = await withPoll({ closesAt: '2020-01-01T00:00:00.000Z' });
    const before = closed.poll.last();
    expect(before?.closedAt).toBe('2020-01-01T00:00:00.000Z');
    await expect(closed.client.vote('q1', ['a'])).rejects.toMatchObject({ code: 'poll_closed' });
    expect(closed.poll.last()).toBe(before);
    closed.poll.stop();

    const open = await withPoll();
    const shown = open.poll.last();
    const err = await open.client.vote('q1', ['a', 'b']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as EcotoneError).code).toBe('invalid_ballot');
    // As on the server: the path names the offending choice (one choice allowed: the second).
    expect((err as EcotoneError).fieldErrors[0]?.path).toBe('/body/choices/1');
    expect(open.poll.last()).toBe(shown);
    await expect(open.client.vote('q1', ['zzz'])).rejects.toMatchObject({ code: 'invalid_ballot' });
    expect(open.poll.last()).toBe(shown);
    open.poll.stop();
  });

  it('a failed write among several keeps the others: the rollback replays later ballots', async () => {
    const { client, transport, poll } = await withPoll();
    transport.delay(5);
    transport.failNext('invalid_ballot', 1, { match: (r) => r.method === 'PUT' && (r.body as { choices: string[] }).choices[0] === 'a' });
    const first = client.vote('q1', ['a']).catch((e: unknown) => e);
    const second = client.vote('q1', ['c']);
    await flush();
    expect(poll.last()?.myBallot).toEqual({ choices: ['c'] });
    expect((await first as EcotoneError).code).toBe('invalid_ballot');
    expect(poll.last()?.myBallot).toEqual({ choices: ['c'] });
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    await second;
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    poll.stop();
  });

  it('hidden results stay hidden until the server reveals them (after-vote)', async () => {
    const { client, transport, poll } = await withPoll({ resultsVisibility: 'after-vote' });
    expect(poll.last()?.results).toBeUndefined();
    const release = transport.hold();
    const done = client.vote('q1', ['a']);
    await flush();
    expect(poll.last()?.myBallot).toEqual({ choices: ['a'] });
    expect(poll.last()?.results).toBeUndefined();
    release();
    await done;
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 3, b: 1 } });
    poll.stop();
  });
});

describe('vote and live events together', () => {
  it('does not refetch for the echo of its own ballot', async () => {
    const { client, transport } = await withPoll();
    await client.vote('q1', ['a']);
    await flush(5);
    expect(transport.requests.filter((r) => r.path === routes.poll('q1'))).toHaveLength(1);
  });

  it('refetches once settled when another ballot arrived during the write, without double counting', async () => {
    const { client, transport, poll } = await withPoll();
    await client.vote('q1', ['a']); // domain loaded, own ballot counted: a 3, b 1, voters 4
    const release = transport.hold();
    const change = client.vote('q1', ['b']);
    await flush();
    transport.castBallot('q1', 'ben', ['c']); // someone else, before our change is applied
    await flush();
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 2 } });
    release();
    await change;
    await flush(5);
    expect(poll.last()?.results).toEqual({ voters: 5, counts: { a: 2, b: 2, c: 1 } });
    expect(poll.last()?.myBallot).toEqual({ choices: ['b'] });
    poll.stop();
  });
});

describe('withdraw', () => {
  it('takes the ballot out optimistically and settles on the answer', async () => {
    const { client, transport, poll } = await withPoll({ myBallot: { choices: ['a'] } });
    const release = transport.hold();
    const done = client.withdraw('q1');
    await flush();
    expect(poll.last()?.myBallot).toBeNull();
    expect(poll.last()?.results).toEqual({ voters: 2, counts: { a: 1, b: 1 } });
    release();
    expect((await done).results).toEqual({ voters: 2, counts: { a: 1, b: 1 } });
    expect(transport.requests.at(-1)).toMatchObject({ method: 'DELETE', path: routes.ballot('q1') });
    poll.stop();
  });

  it('rolls back on refusal', async () => {
    const { client, transport, poll } = await withPoll({ myBallot: { choices: ['a'] } });
    const before = poll.last();
    transport.failNext('forbidden', 1, { match: (r) => r.method === 'DELETE' });
    await expect(client.withdraw('q1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(poll.last()).toBe(before);
    poll.stop();
  });
});

describe('submitSurvey', () => {
  it('answers every poll optimistically and settles on the PollList', async () => {
    const { client, transport } = setup([surveyPost()]);
    const post = values<Post | undefined>(client.post$('s1'));
    await firstValueFrom(client.post$('s1').pipe(filter(Boolean), timeout(1_000)));
    const release = transport.hold();
    const done = client.submitSurvey('s1', [
      { pollId: 's1q1', choices: ['b'] },
      { pollId: 's1q2', choices: ['c'] },
    ]);
    await flush();
    expect(post.last()?.polls?.map((p) => p.myBallot?.choices)).toEqual([['b'], ['c']]);
    expect(await firstValueFrom(client.pendingPolls$)).toEqual(new Set(['s1q1', 's1q2']));
    release();
    const polls = await done;
    expect(polls.map((p) => p.results)).toEqual([
      { voters: 4, counts: { a: 2, b: 2 } },
      { voters: 1, counts: { c: 1 } },
    ]);
    expect(post.last()?.polls).toEqual(polls);
    expect(transport.requests.at(-1)).toMatchObject({ method: 'PUT', path: routes.surveyBallot('s1') });
    post.stop();
  });

  it('rolls every poll back when one answer is refused, and the server saved none', async () => {
    const { client, transport } = setup([surveyPost()]);
    const post = values<Post | undefined>(client.post$('s1'));
    await firstValueFrom(client.post$('s1').pipe(filter(Boolean), timeout(1_000)));
    const before = post.last();
    const err = await client
      .submitSurvey('s1', [
        { pollId: 's1q1', choices: ['b'] },
        { pollId: 's1q2', choices: ['a', 'b'] },
      ])
      .catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('invalid_ballot');
    expect((err as EcotoneError).fieldErrors[0]?.path).toBe('/body/answers/1/choices/1');
    expect(post.last()).toEqual(before);
    expect(post.last()?.polls?.[0]).toBe(before?.polls?.[0]);
    const server = await transport.request<Poll>({ method: 'GET', path: routes.poll('s1q1') });
    expect(server.myBallot).toBeNull();
    expect(server.results?.voters).toBe(3);
    post.stop();
  });
});

describe('live poll.changed', () => {
  it('updates a poll shown in a feed item and through poll$ alike', async () => {
    const { client, transport } = setup([surveyPost()]);
    const feed = values<FeedState>(client.feed$('news'));
    await firstValueFrom(client.feed$('news').pipe(filter((s) => s.status === 'ready'), timeout(1_000)));
    const poll = values<Poll | undefined>(client.poll$('s1q1'));
    // In the store already (from the feed): no fetch.
    expect(transport.requests.some((r) => r.path === routes.poll('s1q1'))).toBe(false);
    expect(poll.last()).toBe(feed.last()?.items[0]?.polls?.[0]);

    transport.castBallot('s1q1', 'ben', ['c']);
    await flush();
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    expect(feed.last()?.items[0]?.polls?.[0]).toBe(poll.last());

    await client.vote('s1q1', ['a']);
    expect(feed.last()?.items[0]?.polls?.[0]).toBe(poll.last());
    expect(poll.last()?.results).toEqual({ voters: 5, counts: { a: 3, b: 1, c: 1 } });
    feed.stop();
    poll.stop();
  });

  it('leaves results absent when the event carries none, and refetches when the poll closes', async () => {
    const { transport, poll } = await withPoll({ resultsVisibility: 'after-close' });
    expect(poll.last()?.results).toBeUndefined();
    transport.castBallot('q1', 'ben', ['c']);
    await flush();
    expect(poll.last()?.results).toBeUndefined();
    const gets = () => transport.requests.filter((r) => r.path === routes.poll('q1')).length;
    const before = gets();

    // Closed by its author elsewhere; an event without results (as if sent to a viewer who may not see them)
    // must not leave the poll stale: closing may reveal results, so the client asks.
    transport.addPoll({ ...makePoll('q1', { resultsVisibility: 'after-close' }), closedAt: '2026-11-02T10:00:00.000Z', results: { voters: 4, counts: { a: 2, b: 1, c: 1 } } });
    transport.emit({ type: 'poll.changed', spaceId: 'news', pollId: 'q1', closedAt: '2026-11-02T10:00:00.000Z' });
    await flush();
    expect(poll.last()?.closedAt).toBe('2026-11-02T10:00:00.000Z');
    await flush(5);
    expect(gets()).toBe(before + 1);
    expect(poll.last()?.results).toEqual({ voters: 4, counts: { a: 2, b: 1, c: 1 } });
    poll.stop();
  });

  it('sets results from an event that carries them, and keeps them when one does not', async () => {
    const { transport, poll } = await withPoll();
    transport.emit({ type: 'poll.changed', spaceId: 'news', pollId: 'q1', closedAt: null, results: { voters: 9, counts: { a: 9 } } });
    await flush();
    expect(poll.last()?.results).toEqual({ voters: 9, counts: { a: 9 } });
    transport.emit({ type: 'poll.changed', spaceId: 'news', pollId: 'q1', closedAt: null });
    await flush();
    expect(poll.last()?.results).toEqual({ voters: 9, counts: { a: 9 } });
    poll.stop();
  });

  it('refetches a watched poll on stream.reset', async () => {
    const { transport, poll } = await withPoll();
    transport.addPoll(makePoll('q1', { question: 'Edited while away?' }));
    transport.emit({ type: 'stream.reset' });
    await flush(5);
    expect(poll.last()?.question).toBe('Edited while away?');
    poll.stop();
  });
});

describe('closePoll and createPoll', () => {
  it('closes a poll its author created and reveals after-close results', async () => {
    const { client } = setup([makePost(1)]);
    const created = await client.createPoll('news', {
      question: 'Lunch?',
      mode: 'multiple',
      options: ['Pizza', 'Salad', 'Soup'],
      maxChoices: 2,
      resultsVisibility: 'after-close',
    });
    expect(created).toMatchObject({ postId: null, authorId: 'ana', maxChoices: 2, canClose: true, closedAt: null });
    expect(created.results).toBeUndefined();
    const poll = values<Poll | undefined>(client.poll$(created.id));
    expect(poll.last()).toEqual(created);
    await client.vote(created.id, ['o1', 'o3']);
    expect(poll.last()?.results).toBeUndefined();
    const closed = await client.closePoll(created.id);
    expect(closed.closedAt).not.toBeNull();
    expect(closed.results).toEqual({ voters: 1, counts: { o1: 1, o3: 1 } });
    expect(poll.last()).toEqual(closed);
    await expect(client.vote(created.id, ['o2'])).rejects.toMatchObject({ code: 'poll_closed' });
    poll.stop();
  });

  it('refuses to close someone else\'s poll', async () => {
    const { client } = await withPoll();
    await expect(client.closePoll('q1')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('publishes a post with polls and keeps only their ids on the stored post', async () => {
    const { client } = setup([]);
    const post = await client.publish('news', {
      body: 'Two questions',
      polls: [
        { question: 'Mood?', mode: 'scale', scale: { min: 1, max: 5, minLabel: 'low', maxLabel: 'high' } },
        { question: 'Office days?', mode: 'single', options: ['2', '3'] },
      ],
    });
    expect(post.polls?.map((p) => [p.position, p.options.length])).toEqual([
      [0, 5],
      [1, 2],
    ]);
    const [mood] = post.polls!;
    expect(mood!.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
    const shown = values<Post | undefined>(client.post$(post.id));
    await client.vote(mood!.id, ['4']);
    expect(shown.last()?.polls?.[0]?.myBallot).toEqual({ choices: ['4'] });
    shown.stop();
  });
});
