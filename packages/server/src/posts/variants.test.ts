import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale, Post, PostUpdatedEvent, Problem } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, type TestServer } from '../_harness.js';

const publish = (server: TestServer, as: string, body: unknown) =>
  server.json<Post & Problem>('/api/v1/spaces/general/posts', { method: 'POST', as, body });
const patch = (server: TestServer, as: string, id: string, body: unknown) =>
  server.json<Post & Problem>(`/api/v1/posts/${id}`, { method: 'PATCH', as, body });
const translate = (server: TestServer, as: string, id: string, locale: string) =>
  server.json<Post & Problem>(`/api/v1/posts/${id}/translations`, { method: 'POST', as, body: { locale } });

describe('language variants', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('stores variants on publish, sorted by locale, in every response', async () => {
    const { status, body } = await publish(server, 'hannah', {
      body: 'Hello',
      locale: 'en',
      variants: [
        { locale: 'fr', body: 'Bonjour' },
        { locale: 'de', body: 'Hallo' },
      ],
    });
    expect(status).toBe(201);
    const expected = [
      { locale: 'de', body: 'Hallo', machine: false },
      { locale: 'fr', body: 'Bonjour', machine: false },
    ];
    expect(body.variants).toEqual(expected);
    expect((await server.json<Post>(`/api/v1/posts/${body.id}`, { as: 'marco' })).body.variants).toEqual(expected);
    const feed = await server.json<{ items: Post[] }>('/api/v1/spaces/general/feed', { as: 'anna' });
    expect(feed.body.items.find((p) => p.id === body.id)?.variants).toEqual(expected);
    // None: the field is absent.
    const plain = await publish(server, 'hannah', { body: 'No variants' });
    expect(plain.body.variants).toBeUndefined();
  });

  it('refuses a variant in the post language or twice the same language, writing nothing', async () => {
    const posts = await countRows(server.db, 'posts');
    const variants = await countRows(server.db, 'post_variants');
    const own = await publish(server, 'hannah', { body: 'Hi', locale: 'en', variants: [{ locale: 'en', body: 'Hi again' }] });
    expect(own.status).toBe(400);
    expect(own.body.errors).toEqual([{ path: '/body/variants/0/locale', message: expect.any(String) }]);
    const twice = await publish(server, 'hannah', {
      body: 'Hi',
      locale: 'en',
      variants: [
        { locale: 'fr', body: 'Salut' },
        { locale: 'fr', body: 'Coucou' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors?.[0]?.path).toBe('/body/variants/1/locale');
    // The author's locale is the default source language (amelie writes fr).
    const implicit = await publish(server, 'amelie', { body: 'Salut', variants: [{ locale: 'fr', body: 'Salut' }] });
    expect(implicit.body.errors?.[0]?.path).toBe('/body/variants/0/locale');
    expect(await countRows(server.db, 'posts')).toBe(posts);
    expect(await countRows(server.db, 'post_variants')).toBe(variants);
  });

  it('lets only the author PATCH body and variants, sets editedAt and emits post.updated', async () => {
    const { body: post } = await publish(server, 'lukas', { body: 'Hallo', locale: 'de', variants: [{ locale: 'en', body: 'Hello' }] });
    const stream = await openEvents(server, { as: 'priya' });
    const other = await patch(server, 'amelie', post.id, { body: 'Nope' });
    expect(other.status).toBe(403);
    expect((await patch(server, 'amelie', 'demo-security-watch-001', { body: 'x' })).status).toBe(404);
    const bad = await patch(server, 'lukas', post.id, { variants: [{ locale: 'de', body: 'Hallo' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe('/body/variants/0/locale');

    const changed = await patch(server, 'lukas', post.id, { body: 'Hallo zusammen', variants: [{ locale: 'fr', body: 'Salut à tous' }] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ body: 'Hallo zusammen', editedAt: expect.any(String) });
    // The whole set is replaced: en is gone.
    expect(changed.body.variants).toEqual([{ locale: 'fr', body: 'Salut à tous', machine: false }]);
    const updated = JSON.parse((await stream.next((m) => m.event === 'post.updated')).data) as PostUpdatedEvent;
    expect(updated.post).toMatchObject({ id: post.id, body: 'Hallo zusammen', variants: [{ locale: 'fr' }] });

    const onlyBody = await patch(server, 'lukas', post.id, { body: 'Hallo alle' });
    expect(onlyBody.body.variants).toEqual([{ locale: 'fr', body: 'Salut à tous', machine: false }]);
    const cleared = await patch(server, 'lukas', post.id, { variants: [] });
    expect(cleared.body.variants).toBeUndefined();
    expect((await patch(server, 'lukas', post.id, { body: '' })).status).toBe(400);
    stream.close();
  });

  it('answers 501 translation_unavailable without a hook, after checking visibility', async () => {
    const { body: post } = await publish(server, 'hannah', { body: 'Translate me', locale: 'en' });
    const res = await translate(server, 'marco', post.id, 'de');
    expect(res.status).toBe(501);
    expect(res.body.code).toBe('translation_unavailable');
    expect((await translate(server, 'amelie', 'demo-security-watch-001', 'de')).status).toBe(404);
    expect((await server.json<Post>(`/api/v1/posts/${post.id}`)).body.variants).toBeUndefined();
  });
});

describe('translation hook', () => {
  let server: TestServer;
  const calls: [string, Locale, Locale][] = [];
  beforeAll(async () => {
    server = await startTestServer({
      translate: (text, from, to) => {
        calls.push([text, from, to]);
        return Promise.resolve(`[${to}] ${text}`);
      },
    });
  });
  afterAll(() => server.close());

  it('stores a machine variant and emits post.updated; an author variant is kept without calling the hook', async () => {
    const { body: post } = await publish(server, 'hannah', { body: 'Lab news', locale: 'en', variants: [{ locale: 'fr', body: 'Nouvelles' }] });
    const stream = await openEvents(server, { as: 'anna' });
    const res = await translate(server, 'marco', post.id, 'de');
    expect(res.status).toBe(200);
    expect(res.body.variants).toEqual([
      { locale: 'de', body: '[de] Lab news', machine: true },
      { locale: 'fr', body: 'Nouvelles', machine: false },
    ]);
    expect(calls).toEqual([['Lab news', 'en', 'de']]);
    const updated = JSON.parse((await stream.next((m) => m.event === 'post.updated')).data) as PostUpdatedEvent;
    expect(updated.post.variants?.[0]).toEqual({ locale: 'de', body: '[de] Lab news', machine: true });

    const existing = await translate(server, 'marco', post.id, 'fr');
    expect(existing.body.variants?.find((v) => v.locale === 'fr')).toEqual({ locale: 'fr', body: 'Nouvelles', machine: false });
    await translate(server, 'marco', post.id, 'de');
    expect(calls).toHaveLength(1);
    expect((await translate(server, 'marco', post.id, 'en')).status).toBe(400);
    // Invisible posts are never sent to the hook.
    expect((await translate(server, 'amelie', 'demo-security-watch-001', 'en')).status).toBe(404);
    expect(calls).toHaveLength(1);
    stream.close();
  });

  it('keeps machine variants on a variants PATCH unless the author writes that language, and drops them when the body changes', async () => {
    const { body: post } = await publish(server, 'hannah', { body: 'Source', locale: 'en' });
    await translate(server, 'anna', post.id, 'de');
    await translate(server, 'anna', post.id, 'fr');
    const kept = await patch(server, 'hannah', post.id, { variants: [{ locale: 'fr', body: 'Source (fr)' }] });
    expect(kept.body.variants).toEqual([
      { locale: 'de', body: '[de] Source', machine: true },
      { locale: 'fr', body: 'Source (fr)', machine: false },
    ]);
    const rewritten = await patch(server, 'hannah', post.id, { body: 'New source' });
    expect(rewritten.body.variants).toEqual([{ locale: 'fr', body: 'Source (fr)', machine: false }]);
  });
});
