/**
 * Talk-shows over real HTTP: publishing one (validation, hosts, the stream
 * link under the egress policy), the question queue (asking, one vote per
 * person under concurrency, moderation), hidden questions and drafts and
 * secret spaces invisible through every path, and deletion with the post.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, Problem, Question, QuestionChangedEvent, QuestionPage } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, TEST_NOW, YIELDING_QUERIES, type TestServer } from '../_harness.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const startsAt = new Date(TEST_NOW.getTime() + 2 * DAY_MS).toISOString();
const show = (extra: Record<string, unknown> = {}) => ({ title: 'Ask the CFO', hosts: ['thomas'], startsAt, ...extra });

let server: TestServer;
beforeAll(async () => {
  // Queries yield between each other: races between concurrent requests can show.
  server = await startTestServer({ dbPlugins: [YIELDING_QUERIES] });
});
afterAll(() => server.close());

const publish = (as: string, body: Record<string, unknown>, space = 'general', on = server) =>
  on.json<Post & Problem>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body });
const ask = (as: string, postId: string, body: string) =>
  server.json<Question & Problem>(`/api/v1/posts/${postId}/questions`, { method: 'POST', as, body: { body } });
const list = (as: string, postId: string, query = '') => server.json<QuestionPage & Problem>(`/api/v1/posts/${postId}/questions${query}`, { as });
const vote = (as: string, id: string, method: 'PUT' | 'DELETE' = 'PUT') =>
  server.json<Question & Problem>(`/api/v1/questions/${id}/vote`, { method, as });
const setState = (as: string, id: string, state: string) =>
  server.json<Question & Problem>(`/api/v1/questions/${id}/state`, { method: 'POST', as, body: { state } });

async function newShow(as = 'amelie', extra: Record<string, unknown> = {}, space = 'general'): Promise<Post> {
  const res = await publish(as, { kind: 'talk_show', body: 'Bring your questions', talkShow: show(), ...extra }, space);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('publishing a talk-show', () => {
  it('answers the session with its hosts, and whether each reader moderates it', async () => {
    const post = await newShow('amelie', { talkShow: show({ hosts: ['thomas', 'priya'], durationMinutes: 30, title: '  Ask the CFO  ' }) });
    expect(post.kind).toBe('talk_show');
    expect(post.talkShow).toMatchObject({ title: 'Ask the CFO', startsAt, durationMinutes: 30, questionCount: 0, moderator: true });
    expect(post.talkShow!.hosts.map((h) => h.id)).toEqual(['thomas', 'priya']);
    expect(post.talkShow!.streamUrl).toBeUndefined();
    const as = async (who: string) => (await server.json<Post>(`/api/v1/posts/${post.id}`, { as: who })).body.talkShow?.moderator;
    // A host, the owner, a correspondent moderate; a member and a reader do not.
    expect([await as('thomas'), await as('amelie'), await as('hannah'), await as('camille'), await as('marco')]).toEqual([true, true, true, false, false]);
    const defaulted = await newShow('amelie');
    expect(defaulted.talkShow!.durationMinutes).toBe(60);
  });

  it('refuses a talk-show without its session, a session on another kind, hosts outside the space, a blank title', async () => {
    const before = await countRows(server.db, 'posts');
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'talk_show', body: 'x' }, '/body/talkShow'],
      [{ kind: 'note', body: 'x', talkShow: show() }, '/body/talkShow'],
      [{ kind: 'talk_show', body: 'x', talkShow: show({ hosts: ['thomas', 'nobody-here'] }) }, '/body/talkShow/hosts/1'],
      [{ kind: 'talk_show', body: 'x', talkShow: show({ title: ' \u200b ' }) }, '/body/talkShow/title'],
      [{ kind: 'talk_show', body: 'x', talkShow: show({ durationMinutes: 5 }) }, '/body/talkShow/durationMinutes'],
      [{ kind: 'talk_show', body: 'x', talkShow: show({ hosts: [] }) }, '/body/talkShow/hosts'],
    ];
    for (const [body, path] of cases) {
      const res = await publish('amelie', body);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'validation_failed' });
      expect(res.body.errors?.map((e) => e.path), JSON.stringify(res.body)).toContain(path);
    }
    // Hosts must be members of the space: thomas is not in the secret security-watch.
    const outside = await publish('julien', { kind: 'talk_show', body: 'x', talkShow: show({ hosts: ['thomas'] }) }, 'security-watch');
    expect(outside.body.errors?.map((e) => e.path)).toEqual(['/body/talkShow/hosts/0']);
    expect(await countRows(server.db, 'posts')).toBe(before);
  });

  it('refuses every stream link with egress off, and non-http links, writing nothing', async () => {
    const before = await countRows(server.db, 'talk_shows');
    for (const streamUrl of ['https://stream.corp.example/live', 'javascript:alert(1)', 'https://user:pw@stream.corp.example/']) {
      const res = await publish('amelie', { kind: 'talk_show', body: 'x', talkShow: show({ streamUrl }) });
      expect({ streamUrl, status: res.status, code: res.body.code }).toEqual({ streamUrl, status: 403, code: 'stream_link_refused' });
    }
    expect(await countRows(server.db, 'talk_shows')).toBe(before);
  });

  it('keeps a link to an allow-listed host only, by name or literal, without looking anything up', async () => {
    const lookups: string[] = [];
    const allowlisted = await startTestServer({
      egress: { mode: 'allowlist', allow: ['stream.corp.example', '*.video.corp.example', '10.20.0.0/16'], resolver: async (host) => (lookups.push(host), []) },
    });
    try {
      const kept = async (streamUrl: string) => {
        const res = await publish('amelie', { kind: 'talk_show', body: 'x', talkShow: show({ streamUrl }) }, 'general', allowlisted);
        return res.status === 201 ? res.body.talkShow?.streamUrl : res.body.code;
      };
      expect(await kept('https://Stream.Corp.Example/live?id=7')).toBe('https://stream.corp.example/live?id=7');
      expect(await kept('https://eu.video.corp.example/a')).toBe('https://eu.video.corp.example/a');
      expect(await kept('http://10.20.3.4/live')).toBe('http://10.20.3.4/live');
      expect(await kept('https://evil.example/live')).toBe('stream_link_refused');
      expect(await kept('http://127.0.0.1/live')).toBe('stream_link_refused');
      expect(await kept('http://10.30.0.1/live')).toBe('stream_link_refused');
      expect(lookups).toEqual([]);
    } finally {
      await allowlisted.close();
    }
  });
});

describe('the question queue', () => {
  let post: Post;
  beforeAll(async () => {
    post = await newShow('amelie');
  });

  it('takes questions from readers, lists them by votes or newest first, and pages', async () => {
    const first = await ask('marco', post.id, 'What about the budget?');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ postId: post.id, author: { id: 'marco' }, body: 'What about the budget?', votes: 0, voted: false, state: 'open' });
    const second = await ask('camille', post.id, 'And hiring?');
    const third = await ask('lukas', post.id, 'Remote work?');
    expect((await vote('thomas', second.body.id)).body).toMatchObject({ votes: 1, voted: true });
    const top = await list('priya', post.id, '?order=top');
    expect(top.body.items.map((q) => q.id)).toEqual([second.body.id, third.body.id, first.body.id]);
    const newest = await list('priya', post.id, '?order=new&limit=2');
    expect(newest.body.items.map((q) => q.id)).toEqual([third.body.id, second.body.id]);
    const rest = await list('priya', post.id, `?order=new&limit=2&cursor=${encodeURIComponent(newest.body.nextCursor!)}`);
    expect(rest.body).toEqual({ items: [expect.objectContaining({ id: first.body.id })], nextCursor: null });
    // A cursor of one order is not one of the other.
    expect((await list('priya', post.id, `?order=top&cursor=${encodeURIComponent(newest.body.nextCursor!)}`)).body.code).toBe('invalid_cursor');
    expect((await server.json<Post>(`/api/v1/posts/${post.id}`, { as: 'marco' })).body.talkShow?.questionCount).toBe(3);
    // Blank and overlong questions are refused; a post that is no talk-show has no queue.
    expect((await ask('marco', post.id, ' ')).status).toBe(400);
    expect((await ask('marco', post.id, 'x'.repeat(501))).status).toBe(400);
    const note = await publish('amelie', { body: 'Just a note' });
    expect((await ask('marco', note.body.id, 'Hello?')).body.code).toBe('not_found');
  });

  it('counts one vote per person, whatever runs at the same time', async () => {
    const question = (await ask('marco', post.id, 'Concurrent votes?')).body;
    const same = await Promise.all(Array.from({ length: 8 }, () => vote('thomas', question.id)));
    expect(same.map((r) => r.status)).toEqual(Array(8).fill(200));
    const voters = ['amelie', 'hannah', 'lukas', 'priya', 'camille', 'julien', 'anna'];
    await Promise.all(voters.map((as) => vote(as, question.id)));
    const again = await Promise.all([...voters, 'thomas'].map((as) => vote(as, question.id)));
    expect(again.every((r) => r.body.votes === 8)).toBe(true);
    const rows = await server.db.selectFrom('question_votes').select('actor_id').where('question_id', '=', question.id).execute();
    expect(rows).toHaveLength(8);
    // Taking a vote back is idempotent too.
    const back = await Promise.all(Array.from({ length: 4 }, () => vote('thomas', question.id, 'DELETE')));
    expect(back.map((r) => r.body.votes)).toEqual([7, 7, 7, 7]);
    expect(back.every((r) => r.body.voted === false)).toBe(true);
    // One's own question too: the author may up-vote it.
    expect((await vote('marco', question.id)).body).toMatchObject({ votes: 8, voted: true });
  });

  it('lets only moderators change a question state; answered questions take no votes', async () => {
    const question = (await ask('camille', post.id, 'Who decides?')).body;
    const refused = await setState('camille', question.id, 'answered');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'forbidden' });
    const answered = await setState('thomas', question.id, 'answered');
    expect(answered.body).toMatchObject({ state: 'answered', answeredAt: expect.any(String) });
    const late = await vote('lukas', question.id);
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'conflict' });
    // Owners and correspondents moderate too; opening again clears answeredAt.
    const reopened = await setState('hannah', question.id, 'open');
    expect(reopened.body.state).toBe('open');
    expect(reopened.body.answeredAt).toBeUndefined();
    expect((await setState('amelie', question.id, 'answered')).status).toBe(200);
  });

  it('shows a hidden question to moderators and its author only: lists, reads, votes, live events and replay', async () => {
    const thomasLive = await openEvents(server, { as: 'thomas' });
    const marcoLive = await openEvents(server, { as: 'marco' });
    const camilleLive = await openEvents(server, { as: 'camille' });
    const question = (await ask('marco', post.id, 'Something off-topic')).body;
    const asked = (m: { event: string; data: string }) => m.event === 'question.changed' && m.data.includes(question.id);
    const firstCamille = await camilleLive.next(asked, 10_000);
    const countBefore = (JSON.parse(firstCamille.data) as QuestionChangedEvent).questionCount;

    expect((await setState('thomas', question.id, 'hidden')).body.state).toBe('hidden');
    const toCamille = JSON.parse((await camilleLive.next(asked, 10_000)).data) as QuestionChangedEvent;
    expect(toCamille.question).toBeUndefined();
    expect(toCamille.questionCount).toBe(countBefore - 1);
    expect(JSON.stringify(toCamille)).not.toContain('off-topic');
    await thomasLive.next(asked, 10_000);
    const toThomas = JSON.parse((await thomasLive.next(asked, 10_000)).data) as QuestionChangedEvent;
    expect(toThomas.question?.state).toBe('hidden');
    await marcoLive.next(asked, 10_000);
    const toMarco = JSON.parse((await marcoLive.next(asked, 10_000)).data) as QuestionChangedEvent;
    expect(toMarco.question).toMatchObject({ state: 'hidden', body: 'Something off-topic' });

    const ids = async (as: string) => (await list(as, post.id, '?limit=100')).body.items.map((q) => q.id);
    expect(await ids('camille')).not.toContain(question.id);
    expect(await ids('thomas')).toContain(question.id);
    expect(await ids('amelie')).toContain(question.id);
    expect(await ids('marco')).toContain(question.id);
    expect((await vote('camille', question.id)).body.code).toBe('not_found');
    expect((await setState('camille', question.id, 'open')).body.code).toBe('not_found');

    // Replay from before the question: camille (a member) never gets its text,
    // not even in the event of its asking, replayed after it was hidden.
    const replay = await openEvents(server, { as: 'camille', headers: { 'last-event-id': String(Number(firstCamille.id) - 1) } });
    const replayed = [await replay.next(asked, 10_000), await replay.next(asked, 10_000)].map((m) => JSON.parse(m.data) as QuestionChangedEvent);
    expect(replayed.map((e) => e.question)).toEqual([undefined, undefined]);
    expect(replayed.map((e) => JSON.stringify(e)).join()).not.toContain('off-topic');
    // Its author still gets it on replay.
    const authorReplay = await openEvents(server, { as: 'marco', headers: { 'last-event-id': String(Number(firstCamille.id) - 1) } });
    expect((JSON.parse((await authorReplay.next(asked, 10_000)).data) as QuestionChangedEvent).question?.body).toBe('Something off-topic');
    authorReplay.close();
    replay.close();

    // Shown again: everyone sees it.
    await setState('amelie', question.id, 'open');
    expect(await ids('camille')).toContain(question.id);
    for (const stream of [thomasLive, marcoLive, camilleLive]) stream.close();
  });

  it('goes with its post: questions and votes are deleted with it', async () => {
    const doomed = await newShow('amelie');
    const question = (await ask('marco', doomed.id, 'Going, going…')).body;
    await vote('thomas', question.id);
    expect((await server.api(`/api/v1/posts/${doomed.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);
    expect(await server.db.selectFrom('questions').select('id').where('post_id', '=', doomed.id).execute()).toEqual([]);
    expect(await server.db.selectFrom('question_votes').select('actor_id').where('question_id', '=', question.id).execute()).toEqual([]);
    expect(await server.db.selectFrom('talk_shows').select('post_id').where('post_id', '=', doomed.id).execute()).toEqual([]);
    expect((await vote('thomas', question.id)).body.code).toBe('not_found');
  });
});

describe('drafts and secret spaces', () => {
  it('keeps a draft talk-show’s queue to those who see the draft', async () => {
    const draft = await newShow('hannah', { publishAt: new Date(TEST_NOW.getTime() + DAY_MS).toISOString() });
    const question = (await ask('hannah', draft.id, 'Draft question')).body;
    expect(question.id).toBeDefined();
    for (const as of ['thomas', 'marco', 'lukas']) {
      expect((await list(as, draft.id)).status).toBe(404);
      expect((await ask(as, draft.id, 'Sneaky')).status).toBe(404);
      expect((await vote(as, question.id)).status).toBe(404);
      expect((await setState(as, question.id, 'hidden')).status).toBe(404);
    }
    expect((await list('amelie', draft.id)).body.items.map((q) => q.id)).toEqual([question.id]);
  });

  it('keeps a secret space’s talk-show to its members', async () => {
    const secret = await newShow('julien', { talkShow: show({ hosts: ['lukas'] }) }, 'security-watch');
    const question = (await ask('oliver', secret.id, 'Members only')).body;
    expect(question.state).toBe('open');
    for (const [status, as] of [[404, 'thomas'], [200, 'lukas']] as const) {
      expect((await list(as, secret.id)).status).toBe(status);
      expect((await vote(as, question.id)).status).toBe(status);
    }
    expect((await ask('thomas', secret.id, 'Let me in')).status).toBe(404);
  });
});
