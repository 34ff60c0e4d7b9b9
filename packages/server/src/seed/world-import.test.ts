/**
 * A world made in the browser (core's `LocalTransport`, here on
 * fake-indexeddb) exported and imported into the reference server's
 * database, then read back over HTTP as its people: what they wrote, who
 * reacted and voted (anonymous ballots included), comments, notes with their
 * revisions, search. And the refusals: a file that is no world export, one
 * that contradicts itself, a space the database has. SQLite, and PostgreSQL
 * when ECOTONE_TEST_PG is set.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { LocalTransport } from '@ecotone/core/local';
import {
  ballotPath,
  commentsPath,
  feedPath,
  joinPath,
  notePath,
  noteRevisionsPath,
  pollPath,
  postSearchPath,
  publishPath,
  reactionPath,
  spacePath,
  spaceNotesPath,
  type CommentPage,
  type FeedPage,
  type KnowledgeNote,
  type NoteRevisionList,
  type Poll,
  type Post,
  type PostSearchResult,
  type Space,
  type WorldSnapshot,
} from '@ecotone/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, startTestServer, type TestServer } from '../_harness.js';
import { loadBallotSecret } from '../polls/ballot-secret.js';
import { importWorld, ImportRefused, type ImportReport } from './world-import.js';

const OWNER = { id: 'proto-owner', displayName: 'Pia Proto', locale: 'en' } as const;

/** A prototype as a team would make it in the browser: the demo, an anonymous poll, an edited note, a private space with a request to join. */
async function prototypeWorld(): Promise<{ world: WorldSnapshot; anonymousPollPost: string; editedNote: string }> {
  const place = { indexedDB: new IDBFactory(), database: 'prototype' };
  const owner = new LocalTransport({ ...place, person: OWNER, seed: 'demo' });
  await owner.ready;
  const anonymous = await owner.request<Post>({
    method: 'POST',
    path: publishPath('prototype-lab'),
    body: { body: 'Secret ballot on the new name', polls: [{ question: 'Which name?', mode: 'single', options: ['Aster', 'Birch'], anonymous: true }] },
  });
  const ada = owner.withPerson({ id: 'demo-ada', displayName: 'Ada Lindqvist', locale: 'en' });
  await ada.request({ method: 'PUT', path: ballotPath(anonymous.polls![0]!.id), body: { choices: ['o2'] } });
  const note = await owner.request<KnowledgeNote>({ method: 'POST', path: spaceNotesPath('prototype-lab'), body: { title: 'Glossary', body: 'First words' } });
  await owner.request({ method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, body: 'First words, and more' } });
  await owner.createSpace({ name: 'Steering group', visibility: 'private' });
  // A person the server already knows, under another name: the server's stays.
  const amelie = owner.withPerson({ id: 'amelie', displayName: 'Someone Else', locale: 'fr' });
  await amelie.request({ method: 'POST', path: joinPath('steering-group'), body: { message: 'May I?' } });
  const world = await owner.exportWorld();
  for (const t of [owner, ada, amelie]) t.close();
  return { world, anonymousPollPost: anonymous.id, editedNote: note.id };
}

describe('ecotone import: a world exported from the browser', () => {
  let server: TestServer;
  let made: Awaited<ReturnType<typeof prototypeWorld>>;
  let report: ImportReport;
  let secret: Buffer;

  beforeAll(async () => {
    server = await startTestServer();
    made = await prototypeWorld();
    secret = await loadBallotSecret(server.cli(), { file: server.ballotSecretFile! });
    // As the CLI does: its own connection, the server running.
    report = await importWorld(server.cli(), JSON.parse(JSON.stringify(made.world)), { ballotSecret: secret });
  });
  afterAll(() => server?.close());

  it('writes the people, spaces, memberships and requests, keeping a person the database has as it has them', async () => {
    expect(report).toMatchObject({ people: 4, peopleKept: 1, spaces: 2, joinRequests: 1, unnamedReactions: 0, unnamedBallots: 0 });
    const { body: space } = await server.json<Space>(spacePath('prototype-lab'), { as: OWNER.id });
    expect(space).toMatchObject({ name: 'Prototype lab', visibility: 'open', role: 'owner', memberCount: 4 });
    const { body: steering } = await server.json<Space>(spacePath('steering-group'), { as: 'amelie' });
    expect(steering).toMatchObject({ role: null, joinRequest: 'pending' });
    const { body: requests } = await server.json<{ items: { actor: { displayName: string } }[] }>(`${spacePath('steering-group')}/requests`, { as: OWNER.id });
    expect(requests.items.map((r) => r.actor.displayName)).toEqual(['Amélie Durand']);
    // One audit entry for the whole import, naming its spaces.
    const imported = await server.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'world.import').execute();
    expect(imported).toHaveLength(1);
    expect(JSON.parse(imported[0]!.detail)).toMatchObject({ by: 'command line', spaces: 2, people: 4, spaceIds: ['prototype-lab', 'steering-group'] });
  });

  it('writes the posts with their reactions, polls and ballots as each person gave them, under new ids', async () => {
    const { status, body: feed } = await server.json<FeedPage>(feedPath('prototype-lab'), { as: 'demo-ada' });
    expect(status).toBe(200);
    expect(feed.items).toHaveLength(4);
    expect(feed.items.every((p) => !p.id.startsWith('mem-'))).toBe(true);
    const welcome = [...(feed.pinned ?? []), ...feed.items].find((p) => p.body.includes('Welcome'));
    expect(welcome).toMatchObject({ kind: 'announcement', author: { id: OWNER.id }, reactions: { counts: { like: 2 }, mine: ['like'] } });
    const pollPost = feed.items.find((p) => p.polls?.[0]?.question.includes('workshop'));
    expect(pollPost?.polls?.[0]).toMatchObject({ results: { voters: 3 }, myBallot: { choices: ['o2'] } });
    expect(pollPost?.commentCount).toBe(1);
    const { body: comments } = await server.json<CommentPage>(commentsPath(pollPost!.id), { as: 'demo-lena' });
    expect(comments.items).toEqual([expect.objectContaining({ author: expect.objectContaining({ id: 'demo-hugo' }), reactions: expect.objectContaining({ mine: ['like'] }) })]);
  });

  it('keys anonymous ballots with the server’s secret: the voter sees theirs, a second vote replaces it', async () => {
    const id = report.ids[made.anonymousPollPost]!;
    const { body: post } = await server.json<Post>(`/api/v1/posts/${id}`, { as: 'demo-ada' });
    const poll = post.polls![0]!;
    expect(poll).toMatchObject({ anonymous: true, myBallot: { choices: ['o2'] } });
    const { status } = await server.json(ballotPath(poll.id), { as: 'demo-ada', method: 'PUT', body: { choices: ['o1'] } });
    expect(status).toBe(200);
    const { body: after } = await server.json<Poll>(pollPath(poll.id), { as: OWNER.id });
    expect(after.results?.voters).toBe(1);
  });

  it('writes knowledge notes with every revision, and indexes posts and notes for search', async () => {
    const noteId = report.ids[made.editedNote]!;
    const { body: note } = await server.json<KnowledgeNote>(notePath(noteId), { as: OWNER.id });
    expect(note).toMatchObject({ title: 'Glossary', body: 'First words, and more', revision: 2, canEdit: true });
    const { body: revisions } = await server.json<NoteRevisionList>(noteRevisionsPath(noteId), { as: OWNER.id });
    expect(revisions.items.map((r) => r.body)).toEqual(['First words', 'First words, and more']);
    const { body: found } = await server.json<PostSearchResult>(`${postSearchPath()}?q=ballot`, { as: 'demo-ada' });
    expect(found.items.map((hit) => hit.post.id)).toContain(report.ids[made.anonymousPollPost]);
    const { body: notes } = await server.json<{ items: { note: { id: string } }[] }>('/api/v1/notes?q=glossary', { as: 'demo-ada' });
    expect(notes.items.map((hit) => hit.note.id)).toContain(noteId);
  });

  it('lets the imported people act as on any space: a new post reaches the feed', async () => {
    const { status } = await server.json<Post>(publishPath('prototype-lab'), { as: 'demo-lena', method: 'POST', body: { body: 'Now on the real server' } });
    expect(status).toBe(201);
    const { body: reacted } = await server.json(reactionPath(report.ids[made.anonymousPollPost]!, 'like'), { as: 'demo-hugo', method: 'PUT' });
    expect(reacted).toMatchObject({ counts: { like: 1 }, mine: ['like'] });
  });

  it('refuses the same spaces again, a file that is no world export, and one that contradicts itself, writing nothing', async () => {
    const posts = await countRows(server.db, 'posts');
    const people = await countRows(server.db, 'actors');
    await expect(importWorld(server.cli(), made.world, { ballotSecret: secret })).rejects.toThrow(/already has the spaces prototype-lab, steering-group/);
    await expect(importWorld(server.cli(), { hello: 'world' }, { ballotSecret: secret })).rejects.toThrow(ImportRefused);
    await expect(importWorld(server.cli(), { ...made.world, version: 7 }, { ballotSecret: secret })).rejects.toThrow(/version 7 is newer/);
    const renamed = { ...made.world, spaces: made.world.spaces.map((s) => ({ ...s, id: `${s.id}-2` })) };
    await expect(importWorld(server.cli(), renamed, { ballotSecret: secret })).rejects.toThrow(/posts\[0\]\.spaceId: "prototype-lab(-2)?" is none of the file's spaces|members\.prototype-lab: "prototype-lab" is none of the file's spaces/);
    const orphan = { ...made.world, comments: [{ ...made.world.comments[0]!, postId: 'nowhere' }] };
    await expect(importWorld(server.cli(), orphan, { ballotSecret: secret })).rejects.toThrow(`comments[0].postId: "nowhere" is none of the file's posts`);
    expect(await countRows(server.db, 'posts')).toBe(posts);
    expect(await countRows(server.db, 'actors')).toBe(people);
  });
});
