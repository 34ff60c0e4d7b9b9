import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeNote, NoteRevisionList, NoteSearchResult, Problem } from '@ecotone/protocol';
import { countRows, startTestServer, type TestServer } from '../_harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const create = (space: string, draft: Record<string, unknown>, as = 'amelie') =>
  server.json<KnowledgeNote>(`/api/v1/spaces/${space}/notes`, { method: 'POST', body: draft, as });
const patch = (id: string, body: Record<string, unknown>, as = 'amelie') =>
  server.json<KnowledgeNote & Problem & { current: KnowledgeNote }>(`/api/v1/notes/${id}`, { method: 'PATCH', body, as });

describe('knowledge notes: create, read, edit, delete', () => {
  it('creates a note with revision 1, defaults, and reads it back', async () => {
    const { status, body } = await create('general', {
      title: 'Veille : chiffrement post-quantique',
      body: 'Le NIST a publié **ML-KEM**.',
      tags: ['pqc', 'crypto', 'pqc'],
      sources: ['https://csrc.nist.gov/pubs/fips/203/final'],
      reviewBy: '2027-01-15',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      spaceId: 'general',
      owner: { id: 'amelie' },
      language: 'fr',
      maturity: 'draft',
      revision: 1,
      tags: ['crypto', 'pqc'],
      sources: [{ url: 'https://csrc.nist.gov/pubs/fips/203/final' }],
      reviewBy: '2027-01-15',
      promotedFrom: null,
      canEdit: true,
    });
    const read = await server.json<KnowledgeNote>(`/api/v1/notes/${body.id}`, { as: 'sophie' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: body.id, title: body.title, canEdit: false });
    const revisions = await server.json<NoteRevisionList>(`/api/v1/notes/${body.id}/revisions`);
    expect(revisions.body.items).toHaveLength(1);
    expect(revisions.body.items[0]).toMatchObject({ revision: 1, author: { id: 'amelie' }, tags: ['crypto', 'pqc'] });
  });

  it('refuses readers (403), strangers to a secret space (404), bad sources and dates (400)', async () => {
    expect((await create('general', { title: 'x' }, 'marco')).status).toBe(403);
    expect((await create('security-watch', { title: 'x' }, 'amelie')).status).toBe(404);
    const bad = await create('general', { title: 'x', sources: ['javascript:alert(1)'], reviewBy: '2027-02-30' });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as Problem).errors?.map((e) => e.path)).toEqual(['/body/sources/0', '/body/reviewBy']);
  });

  it('lets owners, correspondents and the note owner edit; members 403; strangers 404', async () => {
    const { body: note } = await create('general', { title: 'Shared note' }, 'sophie');
    expect((await patch(note.id, { baseRevision: 1, title: 'by a member' }, 'thomas')).status).toBe(403);
    let revision = 1;
    for (const who of ['sophie', 'amelie', 'hannah']) {
      const res = await patch(note.id, { baseRevision: revision, title: `edited by ${who}` }, who);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ revision: revision + 1, updatedBy: { id: who }, title: `edited by ${who}`, canEdit: true });
      revision++;
    }
    const { body: secret } = await create('security-watch', { title: 'Secret' }, 'julien');
    expect((await server.json(`/api/v1/notes/${secret.id}`, { as: 'amelie' })).status).toBe(404);
    expect((await patch(secret.id, { baseRevision: 1, title: 'x' }, 'amelie')).status).toBe(404);
    expect((await server.json(`/api/v1/notes/${secret.id}/revisions`, { as: 'amelie' })).status).toBe(404);
    expect((await server.json(`/api/v1/notes/${secret.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(404);
    expect((await server.json(`/api/v1/notes/${secret.id}`, { method: 'DELETE', as: 'lukas' })).status).toBe(403);
  });

  it('deletes a note with its revisions and index entry', async () => {
    const { body: note } = await create('general', { title: 'Ephemeral quokka note' });
    await patch(note.id, { baseRevision: 1, body: 'quokka' });
    const before = await countRows(server.db, 'note_revisions');
    const res = await server.api(`/api/v1/notes/${note.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await countRows(server.db, 'note_revisions')).toBe(before - 2);
    expect((await server.json(`/api/v1/notes/${note.id}`)).status).toBe(404);
    const search = await server.json<NoteSearchResult>('/api/v1/notes?q=quokka');
    expect(search.body.total).toBe(0);
  });
});

describe('optimistic concurrency and history', () => {
  it('answers a stale edit with 409 edit_conflict carrying the current note, and writes nothing', async () => {
    const { body: note } = await create('general', { title: 'Zero trust', body: 'v1' });
    const first = await patch(note.id, { baseRevision: 1, body: 'Hannah’s text' }, 'hannah');
    expect(first.status).toBe(200);
    const revisionsBefore = await countRows(server.db, 'note_revisions');
    const stale = await patch(note.id, { baseRevision: 1, body: 'Amélie’s text' });
    expect(stale.status).toBe(409);
    expect(stale.res.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body.code).toBe('edit_conflict');
    expect(stale.body.current).toMatchObject({ id: note.id, revision: 2, body: 'Hannah’s text', updatedBy: { id: 'hannah' } });
    // Nothing written: the current revision stays, the stale text is nowhere.
    expect(await countRows(server.db, 'note_revisions')).toBe(revisionsBefore);
    const now = await server.json<KnowledgeNote>(`/api/v1/notes/${note.id}`);
    expect(now.body).toMatchObject({ revision: 2, body: 'Hannah’s text' });
    const history = await server.json<NoteRevisionList>(`/api/v1/notes/${note.id}/revisions`);
    expect(history.body.items.map((r) => r.body)).toEqual(['v1', 'Hannah’s text']);
    // The client still has its own version; rebased, it goes through.
    const retry = await patch(note.id, { baseRevision: 2, body: 'Amélie’s text' });
    expect(retry.body).toMatchObject({ revision: 3, body: 'Amélie’s text' });
  });

  it('lets exactly one of two concurrent edits from the same revision win', async () => {
    const { body: note } = await create('general', { title: 'Race' });
    const results = await Promise.all([
      patch(note.id, { baseRevision: 1, body: 'a' }),
      patch(note.id, { baseRevision: 1, body: 'b' }, 'hannah'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('keeps every revision after 50 edits, each with author and time, oldest first', async () => {
    const { body: note } = await create('general', { title: 'Edited fifty times', body: 'edit 0' });
    for (let n = 1; n <= 50; n++) {
      const res = await patch(note.id, { baseRevision: n, body: `edit ${n}` }, n % 2 ? 'hannah' : 'amelie');
      expect(res.status).toBe(200);
    }
    const { body } = await server.json<NoteRevisionList>(`/api/v1/notes/${note.id}/revisions`);
    expect(body.items).toHaveLength(51);
    expect(body.items.map((r) => r.revision)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    for (const [i, r] of body.items.entries()) {
      expect(r.body).toBe(`edit ${i}`);
      expect(r.author.id).toBe(i === 0 ? 'amelie' : i % 2 ? 'hannah' : 'amelie');
      expect(Date.parse(r.createdAt)).not.toBeNaN();
    }
    // Any two are there in full, e.g. to diff the 7th against the 42nd.
    expect([body.items[6]!.body, body.items[41]!.body]).toEqual(['edit 6', 'edit 41']);
    expect(body.items[41]!.createdAt > body.items[6]!.createdAt).toBe(true);
  });
});
