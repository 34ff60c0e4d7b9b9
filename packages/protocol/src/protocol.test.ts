import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { PROBLEM_CODE_LIST, PROBLEM_CODES, problem, routes, type Post as PostType } from './index.js';
import { FeedPage, LiveEvent, PostHit, PostSearchQuery, Post, PublishRequest } from './schemas-entry.js';

const post: PostType = {
  id: 'p1',
  spaceId: 'general',
  author: { id: 'amelie', displayName: 'Amélie Laurent', site: 'Lyon', locale: 'fr' },
  kind: 'note',
  body: 'Bonjour **à tous**',
  locale: 'fr',
  createdAt: '2026-11-27T09:00:00.000Z',
  reactions: { objectId: 'p1', counts: { like: 2 }, mine: ['like'] },
  commentCount: 0,
};

describe('schemas', () => {
  it('accept a well-formed post, page and live event', () => {
    expect(Value.Check(Post, post)).toBe(true);
    expect(Value.Check(FeedPage, { items: [post], nextCursor: null })).toBe(true);
    expect(Value.Check(LiveEvent, { type: 'post.created', spaceId: 'general', post })).toBe(true);
    expect(Value.Check(LiveEvent, { type: 'stream.reset' })).toBe(true);
  });

  it('refuse unknown locales, kinds, extra fields and bad ids', () => {
    expect(Value.Check(Post, { ...post, locale: 'it' })).toBe(false);
    expect(Value.Check(Post, { ...post, kind: 'rant' })).toBe(false);
    expect(Value.Check(Post, { ...post, extra: true })).toBe(false);
    expect(Value.Check(Post, { ...post, id: 'a/b' })).toBe(false);
    expect(Value.Check(LiveEvent, { type: 'post.deleted' })).toBe(false);
  });

  it('bound a publish request body', () => {
    expect(Value.Check(PublishRequest, { body: 'x' })).toBe(true);
    expect(Value.Check(PublishRequest, { body: '' })).toBe(false);
    expect(Value.Check(PublishRequest, { body: 'x'.repeat(10_001) })).toBe(false);
  });
});

describe('post search', () => {
  it('bounds the query and the page', () => {
    expect(Value.Check(PostSearchQuery, { q: 'sécurité', spaces: 'general,lyon-site', limit: 50 })).toBe(true);
    expect(Value.Check(PostSearchQuery, { q: '' })).toBe(false);
    expect(Value.Check(PostSearchQuery, { q: 'x'.repeat(201) })).toBe(false);
    expect(Value.Check(PostSearchQuery, { q: 'x', limit: 51 })).toBe(false);
    expect(Value.Check(PostSearchQuery, { q: 'x', spaces: 'a,,b' })).toBe(false);
    expect(Value.Check(PostSearchQuery, {})).toBe(false);
  });

  it('names the language a hit was found in, with ranges as note highlights have them', () => {
    expect(Value.Check(PostHit, { post, locale: 'fr', text: post.body, highlights: [[0, 7]] })).toBe(true);
    expect(Value.Check(PostHit, { post, locale: 'it', text: post.body, highlights: [] })).toBe(false);
    expect(Value.Check(PostHit, { post, locale: 'fr', text: post.body, highlights: [{ start: 0, end: 7 }] })).toBe(false);
  });
});

describe('problems', () => {
  it('have an error status and a type URI ending in their code', () => {
    for (const code of PROBLEM_CODE_LIST) {
      const p = problem(code, 'Title');
      expect(p.status).toBe(PROBLEM_CODES[code]);
      expect(p.status).toBeGreaterThanOrEqual(400);
      expect(p.type.endsWith(`/${code}`)).toBe(true);
    }
  });

  it('are all documented in docs/protocol.md, and nothing else is', () => {
    const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('| code | status | meaning |'));
    const documented = [...table.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(documented)).toEqual(PROBLEM_CODES);
  });
});

describe('routes', () => {
  it('encode ids into paths', () => {
    expect(routes.feed('général')).toBe('/api/v1/spaces/g%C3%A9n%C3%A9ral/feed');
    expect(routes.reaction('p/1', 'like')).toBe('/api/v1/objects/p%2F1/reactions/like');
    expect(routes.postSearch()).toBe('/api/v1/posts/search');
  });
});
