/**
 * Every creating route honours `Idempotency-Key` with the publish guarantee:
 * concurrent retries of one request create one resource and all get it;
 * the same key with another request is refused; keys are per person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Post, Problem } from '@ecotone/protocol';
import { countRows, startTestServer, YIELDING_QUERIES, type TestServer } from '../_harness.js';
import type { Database } from '../db/schema.js';

/** Concurrent retries of one request. */
const RETRIES = 12;

interface CreatingRoute {
  name: string;
  method: string;
  path: (ids: { post: string; polls: string[]; options: string[][] }) => string;
  body: (ids: { post: string; polls: string[]; options: string[][] }) => unknown;
  /** Another request, to reuse the key with. */
  other: (ids: { post: string; polls: string[]; options: string[][] }) => unknown;
  status: number;
  /** Rows that exist once per created resource. */
  created: (db: Kysely<Database>) => Promise<number>;
  /** The answer's identity: the same for every retry. */
  identity: (body: unknown) => unknown;
}

const idOf = (body: unknown) => (body as { id: string }).id;

const ROUTES: CreatingRoute[] = [
  {
    name: 'publish',
    method: 'POST',
    path: () => '/api/v1/spaces/general/posts',
    body: () => ({ body: 'Retried post' }),
    other: () => ({ body: 'Another post' }),
    status: 201,
    created: (db) => countRows(db, 'posts'),
    identity: idOf,
  },
  {
    name: 'comment',
    method: 'POST',
    path: (ids) => `/api/v1/posts/${ids.post}/comments`,
    body: () => ({ body: 'Retried comment' }),
    other: () => ({ body: 'Another comment' }),
    status: 201,
    created: (db) => countRows(db, 'comments'),
    identity: idOf,
  },
  {
    name: 'note',
    method: 'POST',
    path: () => '/api/v1/spaces/tech-watch/notes',
    body: () => ({ title: 'Retried note', body: 'Body' }),
    other: () => ({ title: 'Another note' }),
    status: 201,
    created: (db) => countRows(db, 'notes'),
    identity: idOf,
  },
  {
    name: 'standalone poll',
    method: 'POST',
    path: () => '/api/v1/spaces/general/polls',
    body: () => ({ question: 'Retried?', mode: 'single', options: ['Yes', 'No'] }),
    other: () => ({ question: 'Other?', mode: 'single', options: ['Yes', 'No'] }),
    status: 201,
    created: (db) => countRows(db, 'polls'),
    identity: idOf,
  },
  {
    name: 'promote',
    method: 'POST',
    path: (ids) => `/api/v1/posts/${ids.post}/promote`,
    body: () => ({ title: 'Promoted once' }),
    other: () => ({ title: 'Promoted twice' }),
    status: 201,
    created: (db) => countRows(db, 'notes'),
    identity: idOf,
  },
  {
    name: 'survey ballots',
    method: 'PUT',
    path: (ids) => `/api/v1/posts/${ids.post}/ballots`,
    body: (ids) => ({ answers: [{ pollId: ids.polls[0], choices: [ids.options[0]![0]] }] }),
    other: (ids) => ({ answers: [{ pollId: ids.polls[0], choices: [ids.options[0]![1]] }] }),
    status: 200,
    // One ballot row per person and question, and one poll.changed per cast.
    created: async (db) => (await countRows(db, 'ballots')) * 1000 + (await countRows(db, 'events')),
    identity: (body) => JSON.stringify(body),
  },
];

describe('Idempotency-Key on every creating route', () => {
  let server: TestServer;
  let ids: { post: string; polls: string[]; options: string[][] };
  beforeAll(async () => {
    // Every query yields, so concurrent requests really interleave; retries
    // by the dozen on purpose, so no rate limits.
    server = await startTestServer({ dbPlugins: [YIELDING_QUERIES], rateLimits: false });
    const { body: post } = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: {
        body: 'A survey to answer once',
        polls: [{ question: 'Lunch?', mode: 'single', options: ['Early', 'Late'], resultsVisibility: 'always' }],
      },
    });
    ids = { post: post.id, polls: post.polls!.map((p) => p.id), options: post.polls!.map((p) => p.options.map((o) => o.id)) };
  });
  afterAll(() => server.close());

  for (const route of ROUTES) {
    it(`${route.name}: concurrent retries create once and all get the first answer; another request with the key is refused`, async () => {
      const key = `key-${route.name}`;
      const send = (body: unknown, as = 'amelie') =>
        server.json<Problem>(route.path(ids), { method: route.method, as, headers: { 'idempotency-key': key }, body });
      const before = await route.created(server.db);
      const answers = await Promise.all(Array.from({ length: RETRIES }, () => send(route.body(ids))));
      expect(answers.map((a) => a.status)).toEqual(Array(RETRIES).fill(route.status));
      expect(new Set(answers.map((a) => route.identity(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.res.headers.get('idempotent-replayed') === 'true')).toHaveLength(RETRIES - 1);
      const afterFirst = await route.created(server.db);
      expect(afterFirst).toBeGreaterThan(before);

      const reused = await send(route.other(ids));
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      expect(await route.created(server.db)).toBe(afterFirst);

      // Keys are per person: someone else's identical key is theirs.
      const theirs = await send(route.body(ids), 'thomas');
      expect(theirs.status).toBe(route.status);
      expect(theirs.res.headers.get('idempotent-replayed')).toBeNull();
    });
  }
});
