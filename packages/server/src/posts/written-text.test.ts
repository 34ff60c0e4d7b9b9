/**
 * What people write is stored normalised wherever it enters: labels (note
 * titles and tags; poll labels are in polls/polls.test.ts) lose bidi and invisible
 * characters, bodies lose bidi embeddings and overrides, both are NFC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, JoinRequestList, KnowledgeNote, Post, Problem } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';

const RLO = '\u202e';
const PDF = '\u202c';
/** "é" written as e + combining acute: NFC makes it one character. */
const E_ACUTE_DECOMPOSED = 'e\u0301';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('bodies: NFC, without bidi embeddings and overrides, otherwise as written', () => {
  it('posts and their variants, on publish and on edit', async () => {
    const published = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'amelie',
      body: {
        body: `Caf${E_ACUTE_DECOMPOSED}\nSee ${RLO}fdp.exe${PDF} and \u2067שלום\u2069`,
        variants: [{ locale: 'en', body: `Hello ${RLO}there` }],
      },
    });
    expect(published.status).toBe(201);
    expect(published.body.body).toBe('Café\nSee fdp.exe and \u2067שלום\u2069');
    expect(published.body.variants?.[0]?.body).toBe('Hello there');
    const read = await server.json<Post>(`/api/v1/posts/${published.body.id}`, { as: 'lukas' });
    expect(read.body.body).toBe('Café\nSee fdp.exe and \u2067שלום\u2069');

    const edited = await server.json<Post>(`/api/v1/posts/${published.body.id}`, {
      method: 'PATCH',
      as: 'amelie',
      body: { body: `Edited ${RLO}text`, variants: [{ locale: 'en', body: `\u202aEdited` }] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Edited text');
    expect(edited.body.variants?.[0]?.body).toBe('Edited');
  });

  it('comments, on create and on edit', async () => {
    const post = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'amelie', body: { body: 'Comment here' } });
    const created = await server.json<Comment>(`/api/v1/posts/${post.body.id}/comments`, {
      method: 'POST',
      as: 'lukas',
      body: { body: `Sch${RLO}ön` },
    });
    expect(created.status).toBe(201);
    expect(created.body.body).toBe('Schön');
    const edited = await server.json<Comment>(`/api/v1/comments/${created.body.id}`, {
      method: 'PATCH',
      as: 'lukas',
      body: { body: `Caf${E_ACUTE_DECOMPOSED}${RLO}` },
    });
    expect(edited.body.body).toBe('Café');
  });

  it('join-request messages', async () => {
    await server.json('/api/v1/spaces/rnd-oncology/join', { method: 'POST', as: 'julien', body: { message: `Bonjour ${RLO}Lyon` } });
    const list = await server.json<JoinRequestList>('/api/v1/spaces/rnd-oncology/requests', { as: 'priya' });
    expect(list.body.items.find((r) => r.actor.id === 'julien')?.message).toBe('Bonjour Lyon');
  });
});

describe('note titles and tags: labels', () => {
  it('stores titles and tags normalised on create, edit and promotion', async () => {
    const created = await server.json<KnowledgeNote>('/api/v1/spaces/general/notes', {
      method: 'POST',
      as: 'amelie',
      body: { title: ` ${RLO}Veille\u200b  r${E_ACUTE_DECOMPOSED}seau `, body: `Corps ${RLO}ici`, tags: ['r\u00e9seau', 'pqc'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe('Veille réseau');
    expect(created.body.body).toBe('Corps ici');
    const edited = await server.json<KnowledgeNote>(`/api/v1/notes/${created.body.id}`, {
      method: 'PATCH',
      as: 'amelie',
      body: { baseRevision: 1, title: `\u2066Nouveau\u2069 titre`, body: `${RLO}x` },
    });
    expect(edited.body).toMatchObject({ title: 'Nouveau titre', body: 'x' });

    const post = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'amelie',
      body: { body: `\u200b${RLO}Titre tiré du billet\nsuite` },
    });
    const promoted = await server.json<KnowledgeNote>(`/api/v1/posts/${post.body.id}/promote`, { method: 'POST', as: 'amelie', body: {} });
    expect(promoted.status).toBe(201);
    expect(promoted.body.title).toBe('Titre tiré du billet');
  });

  it('refuses a title or a tag made only of invisible characters, naming the field', async () => {
    const refused = await server.json<Problem>('/api/v1/spaces/general/notes', {
      method: 'POST',
      as: 'amelie',
      body: { title: '\u200b\u2060', tags: ['ok', '\u3164'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(refused.body.errors).toEqual([
      { path: '/body/title', message: 'must not be blank' },
      { path: '/body/tags/1', message: 'must not be blank' },
    ]);
  });
});
