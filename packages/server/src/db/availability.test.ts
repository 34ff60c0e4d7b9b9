import SqliteDatabase from 'better-sqlite3';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@ecotone/protocol';
import { isDatabaseUnavailable } from './availability.js';
import { startTestServer, TEST_ENGINE, type TestServer } from '../_harness.js';

/** The error a real failure throws. */
async function errorOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('isDatabaseUnavailable', () => {
  it('recognises a PostgreSQL that refuses connections, and SQLite locked by another writer', async () => {
    // A port nobody listens on.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const client = new pg.Client({ connectionString: `postgres://nobody@127.0.0.1:${port}/none` });
    expect(isDatabaseUnavailable(await errorOf(() => client.connect()))).toBe(true);

    const path = join(await mkdtemp(join(tmpdir(), 'ecotone-busy-')), 'busy.db');
    const writer = new SqliteDatabase(path);
    const other = new SqliteDatabase(path, { timeout: 0 });
    writer.exec('CREATE TABLE IF NOT EXISTS t (x); BEGIN EXCLUSIVE');
    const busy = await errorOf(() => other.exec('INSERT INTO t VALUES (1)'));
    writer.exec('ROLLBACK');
    writer.close();
    other.close();
    expect(isDatabaseUnavailable(busy)).toBe(true);
    // Wrapped by a service: the cause counts.
    expect(isDatabaseUnavailable(new Error('publishing failed', { cause: busy }))).toBe(true);
  });

  it('leaves other errors alone: a refused statement, a constraint, a bug', async () => {
    const db = new SqliteDatabase(':memory:');
    db.exec('CREATE TABLE t (x PRIMARY KEY)');
    db.exec('INSERT INTO t VALUES (1)');
    expect(isDatabaseUnavailable(await errorOf(() => db.exec('INSERT INTO t VALUES (1)')))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(() => db.exec('SELECT nothing FROM nowhere')))).toBe(false);
    db.close();
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });
});

describe.skipIf(TEST_ENGINE !== 'sqlite')('a SQLite file held by another writer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers 503 unavailable with Retry-After once the busy timeout passes, writing nothing', async () => {
    const other = new SqliteDatabase(server.dbPath);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const res = await server.api('/api/v1/spaces/general/posts', { method: 'POST', as: 'lukas', body: { body: 'While the file is locked' } });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await res.json()) as Problem).code).toBe('unavailable');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await server.db.selectFrom('posts').select('id').where('body', '=', 'While the file is locked').execute()).toEqual([]);
    const again = await server.api('/api/v1/spaces/general/posts', { method: 'POST', as: 'lukas', body: { body: 'Once the file is free' } });
    expect(again.status).toBe(201);
  });
});
