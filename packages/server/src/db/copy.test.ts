/**
 * `ecotone copy`: a seeded SQLite database moved into a fresh database of
 * the run's engine (PostgreSQL on the postgres run, another SQLite file on
 * the SQLite run), served by a server on the copy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Poll, Post } from '@ecotone/protocol';
import { buildApp } from '../app.js';
import { chooseBallotSecretSource, defaultBallotSecretFile, loadBallotSecret } from '../polls/ballot-secret.js';
import { seedDemo } from '../seed/demo.js';
import { CopyRefused, copyDatabase, verifyCopy, type CopyReport } from './copy.js';
import { migrateToLatest, openDatabase } from './database.js';
import type { Database } from './schema.js';
import { parseDatabaseLocation } from './engine.js';
import { TEST_ENGINE, TEST_NOW } from '../_harness.js';
import { createTestDatabase } from '../_test-engine.js';

/** Small batches: several per table, so keyset paging over composite keys is exercised. */
const BATCH_ROWS = 7;

/** A server on `db` at the demo's fixed time; `get` fetches JSON as a demo person. */
async function serve(location: string, ballotSecretFile: string): Promise<{ app: FastifyInstance; get: <T>(path: string, as: string, init?: RequestInit) => Promise<{ status: number; body: T }> }> {
  // A Kysely instance, as the other server tests give: searches then run in-process, not in a worker of the built server.
  const db = openDatabase(location, { poolSize: 2 });
  const app = await buildApp({
    db,
    ...(parseDatabaseLocation(location).engine === 'postgres' ? { databaseUrl: location } : {}),
    auth: { mode: 'dev' },
    ballotSecretFile,
    now: () => TEST_NOW,
    rateLimits: false,
  });
  app.addHook('onClose', () => db.destroy());
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const get = async <T,>(path: string, as: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer dev:${as}`);
    if (init.body) headers.set('content-type', 'application/json');
    const res = await fetch(url + path, { ...init, headers });
    return { status: res.status, body: (await res.json()) as T };
  };
  return { app, get };
}

/** Pages a reader sees: what must look the same before and after the move. */
const PAGES: readonly [string, string][] = [
  ['/api/v1/spaces/general/feed?limit=20', 'amelie'],
  ['/api/v1/spaces/basel-site/feed?limit=10', 'anna'],
  ['/api/v1/spaces/basel-site/feed?limit=50', 'lukas'],
  ['/api/v1/polls/poll-basel-training', 'anna'],
  ['/api/v1/posts/news-basel-lab/comments', 'amelie'],
  ['/api/v1/notes', 'amelie'],
  ['/api/v1/me', 'priya'],
];

describe('copying a company to another database', () => {
  let dir: string;
  let sourcePath: string;
  let secretFile: string;
  let source: Kysely<Database>;
  let target: Kysely<Database>;
  let targetLocation: string;
  let dropTarget: () => Promise<void> = () => Promise.resolve();
  let report: CopyReport;
  const before = new Map<string, unknown>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecotone-copy-'));
    sourcePath = join(dir, 'company.db');
    secretFile = defaultBallotSecretFile(sourcePath);
    const seeding = openDatabase(sourcePath);
    await migrateToLatest(seeding);
    await seedDemo(seeding, { now: TEST_NOW, ballotSecret: await loadBallotSecret(seeding, chooseBallotSecretSource({ databasePath: sourcePath })) });
    await seeding.destroy();
    // Activity through the routes, as a company has it: a ballot, a post with a variant, a reply.
    const { app, get } = await serve(sourcePath, secretFile);
    expect((await get('/api/v1/polls/poll-basel-training/ballot', 'lukas', { method: 'PUT', body: JSON.stringify({ choices: ['o3'] }) })).status).toBe(200);
    const post = await get<Post>('/api/v1/spaces/general/posts', 'amelie', { method: 'POST', body: JSON.stringify({ body: 'La sécurité du réseau', locale: 'fr', variants: [{ locale: 'en', body: 'Network security' }] }) });
    expect(post.status).toBe(201);
    for (const [path, as] of PAGES) before.set(`${as} ${path}`, (await get(path, as)).body);
    await app.close();

    source = openDatabase(sourcePath);
    if (TEST_ENGINE === 'postgres') {
      const made = await createTestDatabase();
      targetLocation = made.url;
      dropTarget = made.drop;
    } else {
      targetLocation = join(dir, 'copy.db');
    }
    target = openDatabase(targetLocation, { poolSize: 1 });
    report = await copyDatabase(source, target, { batchRows: BATCH_ROWS });
  }, 120_000);
  afterAll(async () => {
    await target?.destroy();
    await source?.destroy();
    await dropTarget();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies every table with its rows, and the verification finds no difference', () => {
    expect(report.differences).toEqual([]);
    const posts = report.counts.find((c) => c.table === 'posts');
    expect(posts?.source).toBeGreaterThan(BATCH_ROWS * 3);
    for (const count of report.counts) expect(count.target, count.table).toBe(count.source);
    expect(report.sampled).toBeGreaterThan(report.counts.length);
    expect(report.indexed.postTexts).toBe(report.counts.find((c) => c.table === 'post_texts')?.source);
  });

  it('serves the same pages from the copy, with the source’s ballot secret: a ballot cast before is still its voter’s', async () => {
    const { app, get } = await serve(targetLocation, secretFile);
    try {
      for (const [path, as] of PAGES) expect((await get(path, as)).body, `${as} ${path}`).toEqual(before.get(`${as} ${path}`));
      const poll = await get<Poll>('/api/v1/polls/poll-basel-training', 'anna');
      expect(poll.body.myBallot?.choices).toEqual(['o1', 'o3']);
      // Voting again changes the ballot; it does not add a voter.
      const voters = async () => (await target.selectFrom('ballots').select('voter_key').where('poll_id', '=', 'poll-basel-training').execute()).length;
      const counted = await voters();
      expect((await get('/api/v1/polls/poll-basel-training/ballot', 'anna', { method: 'PUT', body: JSON.stringify({ choices: ['o2'] }) })).status).toBe(200);
      expect(await voters()).toBe(counted);
      // New rows get ids after the copied ones (the sequences moved past them).
      const maxEvent = Number((await source.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id);
      expect((await get('/api/v1/spaces/general/posts', 'lukas', { method: 'POST', body: JSON.stringify({ body: 'First post on the new database' }) })).status).toBe(201);
      const newest = await target.selectFrom('events').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(Number(newest.id)).toBeGreaterThan(maxEvent);
    } finally {
      await app.close();
    }
  });

  it('rebuilds the full-text index for the target', async () => {
    const { app, get } = await serve(targetLocation, secretFile);
    try {
      const found = await get<{ items: { post: Post }[] }>(`/api/v1/posts/search?q=${encodeURIComponent('securite')}`, 'amelie');
      expect(found.status).toBe(200);
      expect(found.body.items.map((hit) => hit.post.body)).toContain('La sécurité du réseau');
      const notes = await get<{ items: unknown[] }>(`/api/v1/notes?q=${encodeURIComponent('sécurité')}`, 'amelie');
      expect(notes.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('copies back into a new SQLite file, as faithfully', async () => {
    const back = openDatabase(join(dir, 'back.db'));
    try {
      const again = await copyDatabase(target, back, { batchRows: BATCH_ROWS });
      expect(again.differences).toEqual([]);
      expect(again.counts.find((c) => c.table === 'posts')?.target).toBe(report.counts.find((c) => c.table === 'posts')!.source + 1);
    } finally {
      await back.destroy();
    }
  });

  it('refuses to copy into a database that is not empty', async () => {
    await expect(copyDatabase(source, target)).rejects.toThrow(CopyRefused);
    await expect(copyDatabase(source, target)).rejects.toThrow(/not empty/);
  });

  it('reports a row that differs, and a row that is missing', async () => {
    const changed = await target.selectFrom('comments').select('id').orderBy('id').executeTakeFirstOrThrow();
    await target.updateTable('comments').set({ body: 'Tampered with' }).where('id', '=', changed.id).execute();
    const gone = await target.selectFrom('reactions').selectAll().orderBy('object_id', 'desc').executeTakeFirstOrThrow();
    await target.deleteFrom('reactions').where('object_id', '=', gone.object_id).where('actor_id', '=', gone.actor_id).where('kind', '=', gone.kind).execute();
    // Every row sampled: the changed one cannot escape.
    const check = await verifyCopy(source, target, { sampleRows: 100_000 });
    expect(check.differences).toContain(`reactions: ${check.counts.find((c) => c.table === 'reactions')!.source} rows in the source, ${check.counts.find((c) => c.table === 'reactions')!.target} in the target`);
    expect(check.differences.some((d) => d.startsWith(`comments: id=${changed.id}: body is "Tampered with"`))).toBe(true);
    expect(check.differences.some((d) => d.startsWith('reactions:') && d.includes('is missing from the target'))).toBe(true);
  });
});
