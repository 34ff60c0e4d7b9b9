import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { routes, type KnowledgeNote, type Space } from '@ecotone/protocol';
import { createClient } from '../client.js';
import { ConflictError, conflictCurrent, type EcotoneError } from '../errors.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import type { NotesState } from '../types.js';
import { ana, ben, flush, makePost, makePreview, me, newsSpace, readOnlySpace } from '../_fixtures.js';

const secretSpace: Space = { ...newsSpace, id: 'secret', name: 'Secret' };

function makeNote(id: string, overrides: Partial<KnowledgeNote> = {}): KnowledgeNote {
  return {
    id,
    spaceId: 'news',
    owner: ben,
    title: `Note ${id}`,
    body: '',
    language: 'en',
    sources: [],
    tags: [],
    maturity: 'draft',
    reviewBy: null,
    promotedFrom: null,
    revision: 1,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    updatedBy: ben,
    canEdit: false,
    ...overrides,
  };
}

function setup(notes: KnowledgeNote[], spaces: Space[] = [newsSpace, readOnlySpace]) {
  const transport = new MemoryTransport({ me, spaces, posts: [], notes });
  const outbox = new MemoryOutbox(transport, { retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
  return { transport, client: createClient({ transport, outbox, locale: 'en' }) };
}

const ready = (state$: import('rxjs').Observable<NotesState>) => firstValueFrom(state$.pipe(filter((s) => s.status !== 'loading' && !s.loadingMore)));

describe('notes search', () => {
  it('starts loading, then shows hits with highlights, tag facets and the total', async () => {
    const { client } = setup([
      makeNote('n1', { title: 'Sécurité des réseaux', body: 'La securite avant tout.', tags: ['secu', 'reseau'] }),
      makeNote('n2', { title: 'Rust', body: 'Nothing here', tags: ['rust'] }),
    ]);
    const search = client.notes({ q: 'securite' });
    const seen: NotesState[] = [];
    const sub = search.state$.subscribe((s) => seen.push(s));
    expect(seen[0]?.status).toBe('loading');
    const state = await ready(search.state$);
    sub.unsubscribe();
    expect(state.status).toBe('ready');
    expect(state.total).toBe(1);
    expect(state.hits.map((h) => h.note.id)).toEqual(['n1']);
    const title = state.hits[0]!.highlights.find((h) => h.field === 'title')!;
    const [start, end] = title.ranges[0]!;
    // Accents differ, the range covers the original characters.
    expect(title.text.slice(start, end)).toBe('Sécurité');
    expect(state.tags).toEqual([
      { tag: 'reseau', count: 1 },
      { tag: 'secu', count: 1 },
    ]);
  });

  it('filters by tag, space and maturity, and never shows notes of spaces the caller cannot see', async () => {
    const { client } = setup([
      makeNote('n1', { tags: ['a'], maturity: 'reference' }),
      makeNote('n2', { tags: ['b'] }),
      makeNote('n3', { spaceId: 'board', tags: ['a'] }),
      makeNote('hidden', { spaceId: 'secret', tags: ['a'] }),
    ]);
    const ids = async (q: Parameters<typeof client.notes$>[0]) => (await ready(client.notes$(q))).hits.map((h) => h.note.id).sort();
    expect(await ids({})).toEqual(['n1', 'n2', 'n3']);
    expect(await ids({ tag: 'a' })).toEqual(['n1', 'n3']);
    expect(await ids({ space: 'board' })).toEqual(['n3']);
    expect(await ids({ maturity: 'reference' })).toEqual(['n1']);
  });

  it('loads more pages, and keeps a failed page as an error without losing hits', async () => {
    const notes = Array.from({ length: 5 }, (_, i) => makeNote(`n${i}`, { updatedAt: `2026-11-0${i + 1}T10:00:00.000Z` }));
    const { client, transport } = setup(notes);
    const search = client.notes({ limit: 2 });
    const sub = search.state$.subscribe();
    let state = await ready(search.state$);
    expect(state.hits.map((h) => h.note.id)).toEqual(['n4', 'n3']);
    expect(state.hasMore).toBe(true);
    await search.loadMore();
    state = await ready(search.state$);
    expect(state.hits.map((h) => h.note.id)).toEqual(['n4', 'n3', 'n2', 'n1']);
    transport.failNext('internal');
    await search.loadMore();
    state = await ready(search.state$);
    expect(state.error?.code).toBe('internal');
    expect(state.hits).toHaveLength(4);
    await search.loadMore();
    state = await ready(search.state$);
    expect(state.hits).toHaveLength(5);
    expect(state.hasMore).toBe(false);
    expect(state.error).toBeNull();
    sub.unsubscribe();
  });

  it('shows an error state when the first page fails, and refresh() retries', async () => {
    const { client, transport } = setup([makeNote('n1')]);
    transport.failNext('forbidden');
    const search = client.notes({});
    const sub = search.state$.subscribe();
    expect((await ready(search.state$)).status).toBe('error');
    await search.refresh();
    expect((await ready(search.state$)).hits).toHaveLength(1);
    sub.unsubscribe();
  });
});

describe('note$ and saveNote', () => {
  it('creates a note through the outbox with an idempotency key', async () => {
    const { client, transport } = setup([]);
    const note = await client.saveNote(null, { spaceId: 'news', title: 'Passkeys', tags: ['auth'] });
    expect(note).toMatchObject({ title: 'Passkeys', owner: ana, revision: 1, canEdit: true, maturity: 'draft' });
    const sent = transport.requests.find((r) => r.path === routes.spaceNotes('news'))!;
    expect(sent.idempotencyKey).toBeTruthy();
    expect(sent.body).toEqual({ title: 'Passkeys', tags: ['auth'] });
    expect(await firstValueFrom(client.note$(note.id))).toEqual(note);
  });

  it('updates note$ and search hits with the saved note', async () => {
    const { client } = setup([makeNote('n1', { owner: ana, title: 'Old title' })]);
    const seen: (KnowledgeNote | undefined)[] = [];
    const sub = client.note$('n1').subscribe((n) => seen.push(n));
    await flush();
    const search = client.notes({});
    const searchSub = search.state$.subscribe();
    await ready(search.state$);
    const pending: ReadonlySet<string>[] = [];
    const pendingSub = client.pendingNotes$.subscribe((p) => pending.push(p));
    const saved = await client.saveNote('n1', { baseRevision: 1, title: 'New title' });
    expect(saved.revision).toBe(2);
    expect(pending.some((p) => p.has('n1'))).toBe(true);
    expect(pending.at(-1)?.size).toBe(0);
    expect(seen.at(-1)?.title).toBe('New title');
    expect((await ready(search.state$)).hits[0]!.note.title).toBe('New title');
    sub.unsubscribe();
    searchSub.unsubscribe();
    pendingSub.unsubscribe();
  });

  it('rejects a stale edit with a ConflictError carrying the current note, which goes into the store', async () => {
    const { client, transport } = setup([makeNote('n1', { owner: ana, body: 'v1' })]);
    const seen: (KnowledgeNote | undefined)[] = [];
    const sub = client.note$('n1').subscribe((n) => seen.push(n));
    await flush();
    transport.editNoteAsOther('n1', ben, { body: 'theirs' });
    const err = await client.saveNote('n1', { baseRevision: 1, body: 'mine' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as EcotoneError).code).toBe('edit_conflict');
    expect((err as EcotoneError).status).toBe(409);
    const current = conflictCurrent(err);
    expect(current).toMatchObject({ id: 'n1', revision: 2, body: 'theirs' });
    expect(seen.at(-1)).toEqual(current);
    // Nothing was written; the history has the other person's edit only.
    const revisions = await client.noteRevisions('n1');
    expect(revisions.map((r) => [r.revision, r.body, r.author.id])).toEqual([
      [1, 'v1', 'ben'],
      [2, 'theirs', 'ben'],
    ]);
    expect(conflictCurrent(new Error('x'))).toBeUndefined();
    sub.unsubscribe();
  });

  it('keeps every revision with its author and time', async () => {
    const { client } = setup([]);
    let note = await client.saveNote(null, { spaceId: 'news', title: 'T', body: 'r1' });
    for (let i = 2; i <= 6; i += 1) note = await client.saveNote(note.id, { baseRevision: note.revision, body: `r${i}` });
    const revisions = await client.noteRevisions(note.id);
    expect(revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(revisions.map((r) => r.body)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(revisions.every((r) => r.author.id === 'ana' && typeof r.createdAt === 'string')).toBe(true);
  });

  it('deletes a note: it leaves note$ and the search shown', async () => {
    const { client } = setup([makeNote('n1', { owner: ana }), makeNote('n2')]);
    const search = client.notes({});
    const sub = search.state$.subscribe();
    expect((await ready(search.state$)).total).toBe(2);
    const seen: (KnowledgeNote | undefined)[] = [];
    const noteSub = client.note$('n1').subscribe((n) => seen.push(n));
    await client.deleteNote('n1');
    const state = await ready(search.state$);
    expect(state.hits.map((h) => h.note.id)).toEqual(['n2']);
    expect(state.total).toBe(1);
    expect(seen.at(-1)).toBeUndefined();
    sub.unsubscribe();
    noteSub.unsubscribe();
  });

  it('note$ errors with not_found for a note of a space the caller cannot see', async () => {
    const { client } = setup([makeNote('hidden', { spaceId: 'secret' })]);
    const err = await firstValueFrom(client.note$('hidden').pipe(filter(Boolean))).catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('not_found');
  });
});

describe('notesDue and promote', () => {
  it('lists notes due for review that the caller may edit, oldest date first', async () => {
    const { client } = setup([
      makeNote('late', { owner: ana, reviewBy: '2020-02-01' }),
      makeNote('later', { owner: ana, reviewBy: '2020-01-01' }),
      makeNote('future', { owner: ana, reviewBy: '2999-01-01' }),
      makeNote('notmine', { reviewBy: '2020-01-01' }),
      makeNote('hidden', { owner: ana, spaceId: 'secret', reviewBy: '2020-01-01' }),
    ]);
    expect((await client.notesDue()).map((n) => n.id)).toEqual(['later', 'late']);
  });

  it('promotes a post with its link preview and a backlink', async () => {
    const preview = makePreview();
    const transport = new MemoryTransport({
      me,
      spaces: [newsSpace],
      posts: [makePost(1, { body: 'Read https://example.com/article today', linkPreview: preview })],
    });
    const client = createClient({ transport, locale: 'en' });
    const note = await client.promote('p1', { tags: ['watch'] });
    expect(note).toMatchObject({
      spaceId: 'news',
      promotedFrom: 'p1',
      body: 'Read https://example.com/article today',
      tags: ['watch'],
      sources: [{ url: preview.url, preview }],
      revision: 1,
    });
    expect(transport.requests.at(-1)).toMatchObject({ method: 'POST', path: routes.promotePost('p1') });
    expect(transport.requests.at(-1)?.idempotencyKey).toBeTruthy();
    expect(await firstValueFrom(client.note$(note.id))).toEqual(note);
  });
});

describe('MemoryTransport note rules', () => {
  it('readers cannot create; members edit only their own notes; owners and correspondents edit all', async () => {
    const owned: Space = { ...newsSpace, id: 'own', role: 'owner' };
    const corr: Space = { ...newsSpace, id: 'corr', role: 'correspondent' };
    const { client } = setup(
      [makeNote('bens', {}), makeNote('in-own', { spaceId: 'own' }), makeNote('in-corr', { spaceId: 'corr' })],
      [newsSpace, readOnlySpace, owned, corr, secretSpace],
    );
    const create = await client.saveNote(null, { spaceId: 'board', title: 'No' }).catch((e: unknown) => e);
    expect((create as EcotoneError).code).toBe('forbidden');
    const edit = await client.saveNote('bens', { baseRevision: 1, title: 'No' }).catch((e: unknown) => e);
    expect((edit as EcotoneError).code).toBe('forbidden');
    expect((await client.saveNote('in-own', { baseRevision: 1, title: 'Yes' })).canEdit).toBe(true);
    expect((await client.saveNote('in-corr', { baseRevision: 1, title: 'Yes' })).canEdit).toBe(true);
    const hits = (await ready(client.notes$({}))).hits;
    expect(Object.fromEntries(hits.map((h) => [h.note.id, h.note.canEdit]))).toEqual({ bens: false, 'in-own': true, 'in-corr': true });
  });

  it('refuses invalid drafts and unknown cursors', async () => {
    const { transport } = setup([]);
    const blank = await transport.request({ method: 'POST', path: routes.spaceNotes('news'), body: { title: ' ' } }).catch((e: unknown) => e);
    expect((blank as EcotoneError).code).toBe('validation_failed');
    const badTag = await transport
      .request({ method: 'POST', path: routes.spaceNotes('news'), body: { title: 'T', tags: ['Bad Tag'] } })
      .catch((e: unknown) => e);
    expect((badTag as EcotoneError).fieldErrors[0]?.path).toBe('/body/tags/0');
    const cursor = await transport.request({ method: 'GET', path: routes.notes(), query: { cursor: 'nope' } }).catch((e: unknown) => e);
    expect((cursor as EcotoneError).code).toBe('invalid_cursor');
  });

  it('stores titles and tags normalised and refuses invisible ones, as the server does', async () => {
    const { transport } = setup([]);
    const invisible = await transport
      .request({ method: 'POST', path: routes.spaceNotes('news'), body: { title: '\u200b\u202e' } })
      .catch((e: unknown) => e);
    expect((invisible as EcotoneError).fieldErrors[0]?.path).toBe('/body/title');
    const fillerTag = await transport
      .request({ method: 'POST', path: routes.spaceNotes('news'), body: { title: 'T', tags: ['\u3164'] } })
      .catch((e: unknown) => e);
    expect((fillerTag as EcotoneError).fieldErrors[0]?.path).toBe('/body/tags/0');
    const note = await transport.request<KnowledgeNote>({
      method: 'POST',
      path: routes.spaceNotes('news'),
      body: { title: ' \u202eVeille\u202c  re\u0301seau ', tags: ['pqc'] },
    });
    expect(note.title).toBe('Veille r\u00e9seau');
  });

  it('matches every word, case- and accent-insensitively, with highlight ranges into the original text', async () => {
    const { transport } = setup([
      makeNote('de', { title: 'Prüfung der Netzwerke', body: 'Die PRÜFUNG ist streng.' }),
      makeNote('other', { title: 'Prüfung' }),
    ]);
    const result = await transport.request<import('@ecotone/protocol').NoteSearchResult>({
      method: 'GET',
      path: routes.notes(),
      query: { q: 'prufung netzwerk' },
    });
    expect(result.items.map((h) => h.note.id)).toEqual(['de']);
    const texts = result.items[0]!.highlights.flatMap((h) => h.ranges.map(([a, b]) => h.text.slice(a, b)));
    expect(texts).toEqual(['Prüfung', 'Netzwerk', 'PRÜFUNG']);
  });

  it('replays a note write with the same idempotency key instead of applying it twice', async () => {
    const { transport } = setup([makeNote('n1', { owner: ana })]);
    const req = { method: 'PATCH' as const, path: routes.note('n1'), body: { baseRevision: 1, body: 'x' }, idempotencyKey: 'k1' };
    const a = await transport.request<KnowledgeNote>(req);
    const b = await transport.request<KnowledgeNote>(req);
    expect(a.revision).toBe(2);
    expect(b).toEqual(a);
  });
});
