import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, type Problem } from '@ecotone/protocol';
import { countRows, startTestServer, type TestServer } from '../_harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  server.json<Problem>('/api/v1/spaces/general/posts', {
    method: 'POST',
    body,
    raw: true,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('problem responses', () => {
  it('413 body_too_large for an oversized body, writing nothing', async () => {
    const before = await countRows(server.db, 'posts');
    const { status, body, res } = await post(JSON.stringify({ body: 'x'.repeat(BODY_LIMIT_BYTES + 1) }));
    expect(status).toBe(413);
    expect(body.code).toBe('body_too_large');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await countRows(server.db, 'posts')).toBe(before);
  });

  it('400 malformed_json for broken JSON', async () => {
    const before = await countRows(server.db, 'posts');
    const { status, body } = await post('{"body": "unterminated');
    expect(status).toBe(400);
    expect(body.code).toBe('malformed_json');
    expect(body).toMatchObject({ type: 'https://ecotone.dev/problems/malformed_json', status: 400 });
    expect(await countRows(server.db, 'posts')).toBe(before);
  });

  it('treats an empty JSON body as no body', async () => {
    const put = await server.api('/api/v1/objects/demo-general-001/reactions/like', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(200);
    const { status, body } = await post('');
    expect(status).toBe(400);
    expect(body.code).toBe('validation_failed');
  });

  it('415 unsupported_media_type for anything but JSON', async () => {
    const before = await countRows(server.db, 'posts');
    const { status, body } = await post('body=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(status).toBe(415);
    expect(body.code).toBe('unsupported_media_type');
    expect((await post('hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await countRows(server.db, 'posts')).toBe(before);
  });

  it('404 not_found for unknown routes', async () => {
    const { status, body } = await server.json<Problem>('/api/v1/nothing-here');
    expect(status).toBe(404);
    expect(body.code).toBe('not_found');
  });

  it('405 method_not_allowed with Allow for a method a route does not take', async () => {
    const me = await server.app.inject({ method: 'DELETE', url: '/api/v1/me' });
    expect(me.statusCode).toBe(405);
    expect(me.json<Problem>().code).toBe('method_not_allowed');
    expect(me.headers['allow']).toContain('GET');
    // A route with parameters: the post route takes GET, PATCH and DELETE, not PUT.
    const post = await server.app.inject({ method: 'PUT', url: '/api/v1/posts/any-id', payload: {} });
    expect(post.statusCode).toBe(405);
    expect(String(post.headers['allow']).split(', ')).toEqual(expect.arrayContaining(['GET', 'PATCH', 'DELETE']));
    // An unknown path is still 404, whatever the method.
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
  });

  it('401 before anything else when no token is sent', async () => {
    const { status, body } = await server.json<Problem>('/api/v1/me', { as: null });
    expect(status).toBe(401);
    expect(body.code).toBe('unauthenticated');
    const publish = await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', as: null, body: {} });
    expect(publish.body.code).toBe('unauthenticated');
  });

  it('401 invalid_token for an unknown dev actor or a non-bearer header', async () => {
    expect((await server.json<Problem>('/api/v1/me', { token: 'dev:nobody' })).body.code).toBe('invalid_token');
    expect((await server.json<Problem>('/api/v1/me', { token: 'garbage' })).body.code).toBe('invalid_token');
    const basic = await server.json<Problem>('/api/v1/me', { as: null, headers: { authorization: 'Basic eDp5' } });
    expect(basic.status).toBe(401);
    expect(basic.body.code).toBe('invalid_token');
  });

  it('writes nothing for a publish or a reaction without a valid token', async () => {
    const [posts, reactions] = [await countRows(server.db, 'posts'), await countRows(server.db, 'reactions')];
    for (const auth of [{ as: null }, { token: 'dev:nobody' }, { token: 'not-a-token' }]) {
      const publish = await server.json<Problem>('/api/v1/spaces/general/posts', {
        method: 'POST',
        body: { body: 'Should never be stored' },
        ...auth,
      });
      expect(publish.status).toBe(401);
      const react = await server.json<Problem>('/api/v1/objects/demo-general-001/reactions/like', { method: 'PUT', ...auth });
      expect(react.status).toBe(401);
      expect(react.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await countRows(server.db, 'posts')).toBe(posts);
    expect(await countRows(server.db, 'reactions')).toBe(reactions);
  });

  it('sets nosniff on API responses', async () => {
    const res = await server.api('/api/v1/me');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lists demo actors without a token in dev mode', async () => {
    const { status, body } = await server.json<{ items: { id: string }[] }>('/api/v1/dev/actors', { as: null });
    expect(status).toBe(200);
    expect(body.items.map((a) => a.id)).toContain('priya');
  });
});
