/**
 * The ActivityStreams export of a space and its import into another server
 * (docs/security.md, "Export and import"): a round trip through a second
 * database gives the same document again, the content reads back through
 * the API, and labels only flow upwards.
 */
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationLabel, CommentPage, KnowledgeNote, Poll, Post, PostSearchResult } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { auditEntries, verifyAudit } from '../audit/audit-log.js';
import { uploadFile } from '../files/_test-upload.js';
import { insertMembership, insertSpace } from '../spaces/space-repository.js';
import { AS2_DOCUMENT, exportSpaceAs2 } from './as2-export.js';
import { importSpaceAs2, ImportRefused } from './as2-import.js';

const LABELS: ClassificationLabel[] = ['public', 'internal', 'restricted'].map((id, i) => ({
  id,
  color: ['#2e7d32', '#1565c0', '#e65100'][i]!,
  names: { en: id.toUpperCase(), fr: id.toUpperCase(), de: id.toUpperCase() },
}));
const ORDER = LABELS.map((l) => l.id);
const SPACE = 'field-notes';

type Json = Record<string, unknown> & { orderedItems: Json[] };
const readDoc = async (dir: string) => JSON.parse(await readFile(join(dir, AS2_DOCUMENT), 'utf8')) as Json;
/** The document without what differs between two exports of the same content: when it was made. */
const comparable = (doc: Json) => ({ ...doc, published: undefined });
const storeOf = (server: TestServer) => server.app.ecotone.uploads!.store;

describe('ActivityStreams 2.0 export and import of a space', () => {
  let source: TestServer;
  let target: TestServer;
  let dir: string;
  let postId: string;
  let pollPostId: string;
  let noteId: string;

  beforeAll(async () => {
    source = await startTestServer({ rateLimits: false, classification: { labels: LABELS } });
    target = await startTestServer({ rateLimits: false, classification: { labels: LABELS }, seed: false });
    const at = new Date().toISOString();
    await insertSpace(source.db, { id: SPACE, name: 'Field notes', description: 'What the labs saw', visibility: 'private', site: null, locale: 'en', created_at: at, label: 'internal' });
    for (const [actor, role] of [['priya', 'owner'], ['anna', 'correspondent'], ['thomas', 'member'], ['marco', 'member']] as const) {
      await insertMembership(source.db, { spaceId: SPACE, actorId: actor, role, createdAt: at });
    }
    await source.db.updateTable('actors').set({ clearance: 'restricted' }).execute();
    await source.db.updateTable('spaces').set({ retention_days: 3650 }).where('id', '=', SPACE).execute();
    const image = await uploadFile(source, 'anna', await sharp({ create: { width: 64, height: 48, channels: 3, background: '#369' } }).png().toBuffer(), 'bench.png', SPACE);
    const post = await source.json<Post>(`/api/v1/spaces/${SPACE}/posts`, {
      method: 'POST', as: 'anna', body: { body: 'The **spectrometer** is back, calibrated.', attachments: [{ file: image.id, alt: 'The bench' }] },
    });
    expect(post.status).toBe(201);
    postId = post.body.id;
    expect((await source.json(`/api/v1/spaces/${SPACE}/posts`, { method: 'POST', as: 'thomas', body: { body: 'Worth reading', quote: postId } })).status).toBe(201);
    const named = await source.json<Post>(`/api/v1/spaces/${SPACE}/posts`, {
      method: 'POST', as: 'priya',
      body: { body: 'Two questions', polls: [
        { question: 'Which day?', mode: 'single', options: ['Monday', 'Friday'] },
        { question: 'Which rooms?', mode: 'multiple', maxChoices: 2, options: ['A', 'B', 'C'], anonymous: true },
      ] },
    });
    expect(named.status).toBe(201);
    pollPostId = named.body.id;
    const [day, rooms] = named.body.polls!;
    for (const [as, choice] of [['anna', 0], ['thomas', 1], ['marco', 1]] as const) {
      expect((await source.json(`/api/v1/polls/${day!.id}/ballot`, { method: 'PUT', as, body: { choices: [day!.options[choice]!.id] } })).status).toBe(200);
    }
    for (const [as, choices] of [['anna', [0, 2]], ['thomas', [2]]] as const) {
      expect((await source.json(`/api/v1/polls/${rooms!.id}/ballot`, { method: 'PUT', as, body: { choices: choices.map((i) => rooms!.options[i]!.id) } })).status).toBe(200);
    }
    const first = await source.json<{ id: string }>(`/api/v1/posts/${postId}/comments`, { method: 'POST', as: 'thomas', body: { body: 'Great, which lab?' } });
    expect(first.status).toBe(201);
    expect((await source.json(`/api/v1/posts/${postId}/comments`, { method: 'POST', as: 'anna', body: { body: 'Lab 3.', parentId: first.body.id } })).status).toBe(201);
    for (const [as, kind, object] of [['thomas', 'like', postId], ['marco', 'celebrate', postId], ['anna', 'like', first.body.id]] as const) {
      expect((await source.json(`/api/v1/objects/${object}/reactions/${kind}`, { method: 'PUT', as })).status).toBeLessThan(300);
    }
    const note = await source.json<KnowledgeNote>(`/api/v1/spaces/${SPACE}/notes`, { method: 'POST', as: 'priya', body: { title: 'Calibration', body: 'Step one.', tags: ['lab'] } });
    expect(note.status).toBe(201);
    noteId = note.body.id;
    expect((await source.json(`/api/v1/notes/${noteId}`, { method: 'PATCH', as: 'anna', body: { baseRevision: 1, body: 'Step one, then two.', tags: ['lab', 'spectro'] } })).status).toBe(200);

    dir = await mkdtemp(join(tmpdir(), 'ecotone-as2-'));
    await exportSpaceAs2(source.db, { spaceId: SPACE, directory: dir, store: storeOf(source), now: new Date() });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('writes ActivityStreams objects for the space, its posts, polls, comments, reactions and notes, with the files beside', async () => {
    const doc = await readDoc(dir);
    expect(doc['@context']).toContain('https://www.w3.org/ns/activitystreams');
    expect(doc['type']).toBe('OrderedCollection');
    expect(doc['context']).toMatchObject({ type: 'Group', id: `urn:ecotone:space:${SPACE}`, name: 'Field notes', 'ecotone:label': 'internal', 'ecotone:retentionDays': 3650 });
    const of = (type: string) => doc.orderedItems.filter((i) => i['type'] === type);
    const post = doc.orderedItems.find((i) => i['id'] === `urn:ecotone:post:${postId}`)!;
    expect(post).toMatchObject({ type: 'Note', attributedTo: 'urn:ecotone:person:anna', mediaType: 'text/markdown', content: 'The **spectrometer** is back, calibrated.' });
    const [image] = post['attachment'] as Json[];
    expect(image).toMatchObject({ type: 'Image', mediaType: 'image/png', summary: 'The bench', width: 64, height: 48 });
    expect((await readFile(join(dir, image!['url'] as string))).length).toBe(image!['ecotone:size']);
    expect((await readdir(join(dir, 'files'))).length).toBeGreaterThanOrEqual(1);
    const questions = of('Question');
    expect(questions.map((q) => q['name']).sort()).toEqual(['Which day?', 'Which rooms?']);
    const day = questions.find((q) => q['name'] === 'Which day?')!;
    expect((day['oneOf'] as Json[]).map((c) => [c['name'], (c['replies'] as Json)['totalItems']])).toEqual([['Monday', 1], ['Friday', 2]]);
    const rooms = questions.find((q) => q['name'] === 'Which rooms?')!;
    expect((rooms['anyOf'] as Json[]).map((c) => (c['replies'] as Json)['totalItems'])).toEqual([1, 0, 2]);
    // The secret of an anonymous vote stays: its ballots name nobody.
    expect((rooms['ecotone:ballots'] as Json[]).every((b) => b['actor'] === undefined)).toBe(true);
    expect((day['ecotone:ballots'] as Json[]).map((b) => b['actor']).sort()).toEqual(['urn:ecotone:person:anna', 'urn:ecotone:person:marco', 'urn:ecotone:person:thomas']);
    expect(of('Like').map((l) => l['ecotone:reaction']).sort()).toEqual(['celebrate', 'like', 'like']);
    const comments = doc.orderedItems.filter((i) => String(i['id']).startsWith('urn:ecotone:comment:'));
    expect(comments.map((c) => c['content'])).toEqual(['Great, which lab?', 'Lab 3.']);
    expect(doc.orderedItems.find((i) => i['content'] === 'Worth reading')).toMatchObject({ quoteUrl: `urn:ecotone:post:${postId}` });
    expect(comments[1]!['inReplyTo']).toBe(comments[0]!['id']);
    const [article] = of('Article');
    expect(article).toMatchObject({ name: 'Calibration', content: 'Step one, then two.', tag: [{ type: 'Hashtag', name: 'lab' }, { type: 'Hashtag', name: 'spectro' }] });
    expect((article!['ecotone:revisions'] as Json[]).map((r) => r['content'])).toEqual(['Step one.', 'Step one, then two.']);
    expect(of('Person').map((p) => p['id'])).toEqual(expect.arrayContaining(['urn:ecotone:person:anna', 'urn:ecotone:person:priya']));
  });

  it('reads back into another server: the same document again, readable through the API, and in the audit trail', async () => {
    const report = await importSpaceAs2(target.db, { directory: dir, store: storeOf(target), order: ORDER, now: new Date(), operator: 'test' });
    expect(report).toMatchObject({ spaceId: SPACE, idsKept: true, posts: 3, polls: 2, ballots: 5, comments: 2, reactions: 3, notes: 1, noteRevisions: 2, files: 1, members: 4 });
    const again = await mkdtemp(join(tmpdir(), 'ecotone-as2-'));
    await exportSpaceAs2(target.db, { spaceId: SPACE, directory: again, store: storeOf(target), now: new Date() });
    expect(comparable(await readDoc(again))).toEqual(comparable(await readDoc(dir)));
    for (const name of await readdir(join(dir, 'files'))) expect(await readFile(join(again, 'files', name))).toEqual(await readFile(join(dir, 'files', name)));

    await target.db.updateTable('actors').set({ clearance: 'restricted' }).execute();
    const post = await target.json<Post>(`/api/v1/posts/${postId}`, { as: 'thomas' });
    expect(post.status).toBe(200);
    expect(post.body.attachments?.[0]).toMatchObject({ alt: 'The bench', width: 64 });
    const { token } = (await target.json<{ token: string }>('/api/v1/files/token', { as: 'thomas' })).body;
    const image = await fetch(`${target.url}/api/v1/files/${post.body.attachments![0]!.id}?t=${token}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).length).toBe(post.body.attachments![0]!.size);
    const comments = await target.json<CommentPage>(`/api/v1/posts/${postId}/comments`, { as: 'thomas' });
    expect(comments.body.items.map((c) => c.body)).toContain('Great, which lab?');
    const polls = await target.json<Post>(`/api/v1/posts/${pollPostId}`, { as: 'anna' });
    const day = polls.body.polls!.find((p: Poll) => p.question === 'Which day?')!;
    // Named ballots are the voters' own again.
    expect(day.myBallot).toEqual({ choices: [day.options[0]!.id] });
    const found = await target.json<PostSearchResult>('/api/v1/posts/search?q=spectrometer', { as: 'thomas' });
    expect(found.body.items.map((h) => h.post.id)).toEqual([postId]);
    const note = await target.json<KnowledgeNote>(`/api/v1/notes/${noteId}`, { as: 'thomas' });
    expect(note.body).toMatchObject({ revision: 2, body: 'Step one, then two.' });
    // Not readable by someone below the space's label.
    await target.db.updateTable('actors').set({ clearance: 'public' }).where('id', '=', 'marco').execute();
    expect((await target.api(`/api/v1/posts/${postId}`, { as: 'marco' })).status).toBe(404);

    const imports = [];
    for await (const entry of auditEntries(target.db)) if (entry.action === 'space.import') imports.push(entry);
    expect(imports.at(-1)).toMatchObject({ target_id: SPACE });
    expect((await verifyAudit(target.db)).ok).toBe(true);
  });

  it('imports the same export again under new ids', async () => {
    const copy = await importSpaceAs2(target.db, { directory: dir, store: storeOf(target), order: ORDER, spaceId: 'field-notes-copy', now: new Date(), operator: 'test' });
    expect(copy).toMatchObject({ spaceId: 'field-notes-copy', idsKept: false, posts: 3, label: 'internal' });
    expect((await target.json<Post>(`/api/v1/posts/${postId}`, { as: 'thomas' })).body.spaceId).toBe(SPACE);
  });

  it('exports from each label into a space of each label: refused exactly when the target is lower (classification_violation), nothing written', async () => {
    const at = new Date().toISOString();
    for (const label of ORDER) await insertSpace(target.db, { id: `into-${label}`, name: label, description: '', visibility: 'private', site: null, locale: 'en', created_at: at, label });
    for (const from of ORDER) {
      await source.db.updateTable('spaces').set({ label: from }).where('id', '=', SPACE).execute();
      const out = await mkdtemp(join(tmpdir(), 'ecotone-as2-'));
      await exportSpaceAs2(source.db, { spaceId: SPACE, directory: out, store: storeOf(source), now: new Date() });
      for (const to of ORDER) {
        const before = await target.db.selectFrom('posts').select('id').where('space_id', '=', `into-${to}`).execute();
        const run = importSpaceAs2(target.db, { directory: out, store: storeOf(target), order: ORDER, into: `into-${to}`, now: new Date(), operator: 'test' });
        if (ORDER.indexOf(to) < ORDER.indexOf(from)) {
          await expect(run, `${from} into ${to}`).rejects.toThrow(/classification_violation/);
          expect(await target.db.selectFrom('posts').select('id').where('space_id', '=', `into-${to}`).execute(), `${from} into ${to}`).toEqual(before);
        } else {
          expect((await run).posts, `${from} into ${to}`).toBe(3);
        }
      }
    }
    await source.db.updateTable('spaces').set({ label: 'internal' }).where('id', '=', SPACE).execute();
  });

  it('refuses what it cannot read whole, and writes nothing', async () => {
    const before = await target.db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    // The same space id again.
    await expect(importSpaceAs2(target.db, { directory: dir, store: storeOf(target), order: ORDER, now: new Date(), operator: 'test' })).rejects.toThrow(/already has the space/);
    // A labelled export into a server without labels.
    await expect(importSpaceAs2(target.db, { directory: dir, store: storeOf(target), order: [], spaceId: 'x1', now: new Date(), operator: 'test' })).rejects.toThrow(ImportRefused);
    // A broken reference: a comment of a post the file does not have.
    const broken = await mkdtemp(join(tmpdir(), 'ecotone-as2-'));
    await cp(join(dir, 'files'), join(broken, 'files'), { recursive: true });
    const doc = await readDoc(dir);
    const comment = doc.orderedItems.find((i) => String(i['id']).startsWith('urn:ecotone:comment:'))!;
    comment['ecotone:post'] = 'urn:ecotone:post:nowhere';
    await writeFile(join(broken, AS2_DOCUMENT), JSON.stringify(doc));
    await expect(importSpaceAs2(target.db, { directory: broken, store: storeOf(target), order: ORDER, spaceId: 'x2', now: new Date(), operator: 'test' })).rejects.toThrow(/none of the export's posts/);
    const after = await target.db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await target.db.selectFrom('spaces').select('id').where('id', 'in', ['x1', 'x2']).execute()).toEqual([]);
  });
});
