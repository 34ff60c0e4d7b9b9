import { chmod, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Poll } from '@ecotone/protocol';
import { buildApp } from '../app.js';
import { migrateToLatest, openSqlite } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { seedDemo } from '../seed/demo.js';
import { TEST_NOW } from '../_harness.js';

/** The seeded anonymous poll in which anna has voted. */
const ANONYMOUS_POLL = 'poll-basel-training';

let dir: string;
let dbPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecotone-ballot-secret-'));
  dbPath = join(dir, 'ecotone.db');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const start = (options: { db?: string | Kysely<Database>; ballotSecret?: string; ballotSecretFile?: string } = {}) =>
  buildApp({ db: dbPath, auth: { mode: 'dev' }, now: () => TEST_NOW, ...options });

async function request(app: FastifyInstance, method: 'GET' | 'PUT', url: string, as: string, payload?: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer dev:${as}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });
  return { status: res.statusCode, body: res.json() as Poll };
}

/** Every spelling of the key a careless store could hold, searched in every value of every table. */
async function tablesHolding(db: Kysely<Database>, key: Buffer): Promise<string[]> {
  const needles = [key.toString('base64url'), key.toString('base64'), key.toString('hex'), key.toString('hex').toUpperCase()];
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  const holding = new Set<string>();
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const row of rows.rows) {
      for (const value of Object.values(row)) {
        if (typeof value === 'string' && needles.some((n) => value.includes(n))) holding.add(name);
        if (Buffer.isBuffer(value) && value.includes(key)) holding.add(name);
      }
    }
  }
  return [...holding];
}

const keyOfFile = async (path: string) => Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('the ballot secret', () => {
  it('is created beside the database, owner-only, and found in no table after start and after voting', async () => {
    const app = await start();
    const file = `${dbPath}.ballot-secret`;
    try {
      expect(await modeOf(file)).toBe(0o600);
      const key = await keyOfFile(file);
      expect(key.length).toBe(32);
      // A poll, anonymous ballots and a changed vote: nothing of the key is written anywhere.
      const db = openSqlite(dbPath);
      try {
        await db.insertInto('actors').values([
          { id: 'ann', display_name: 'Ann', avatar_url: null, site: null, locale: 'en', title: null, created_at: TEST_NOW.toISOString() },
          { id: 'bob', display_name: 'Bob', avatar_url: null, site: null, locale: 'en', title: null, created_at: TEST_NOW.toISOString() },
        ]).execute();
        await db.insertInto('spaces').values({ id: 's', name: 'S', description: '', visibility: 'open', site: null, locale: 'en', created_at: TEST_NOW.toISOString() }).execute();
        await db.insertInto('memberships').values({ space_id: 's', actor_id: 'ann', role: 'owner', created_at: TEST_NOW.toISOString() }).execute();
        expect(await tablesHolding(db, key)).toEqual([]);
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/spaces/s/polls',
          headers: { authorization: 'Bearer dev:ann', 'content-type': 'application/json' },
          payload: JSON.stringify({ question: 'Anonymous?', mode: 'single', options: ['Yes', 'No'], anonymous: true }),
        });
        expect(created.statusCode).toBe(201);
        const poll = created.json<Poll>();
        for (const as of ['ann', 'bob', 'ann']) expect((await request(app, 'PUT', `/api/v1/polls/${poll.id}/ballot`, as, { choices: ['o1'] })).status).toBe(200);
        expect(await db.selectFrom('ballots').where('poll_id', '=', poll.id).select('voter_key').execute()).toHaveLength(2);
        expect(await tablesHolding(db, key)).toEqual([]);
      } finally {
        await db.destroy();
      }
    } finally {
      await app.close();
    }
    // The same key on the next start.
    const again = await start();
    await again.close();
    expect((await keyOfFile(`${dbPath}.ballot-secret`)).length).toBe(32);
  });

  it('is moved out of an older database into the file, and each voter keeps one ballot', async () => {
    // A database as versions before this one left it: the generated secret in settings.
    const legacy = randomBytes(32).toString('base64url');
    const db = openSqlite(dbPath);
    await migrateToLatest(db);
    await db.insertInto('settings').values({ key: 'ballot_secret', value: legacy }).execute();
    await seedDemo(db, { now: TEST_NOW, ballotSecret: Buffer.from(legacy, 'base64url') });
    const ballotsBefore = await db.selectFrom('ballots').where('poll_id', '=', ANONYMOUS_POLL).select('voter_key').execute();
    expect(ballotsBefore.length).toBeGreaterThan(1);

    const app = await start({ db, ballotSecretFile: join(dir, 'secret') });
    try {
      expect((await readFile(join(dir, 'secret'), 'utf8')).trim()).toBe(legacy);
      expect(await modeOf(join(dir, 'secret'))).toBe(0o600);
      expect(await db.selectFrom('settings').where('key', '=', 'ballot_secret').selectAll().execute()).toEqual([]);
      expect(await tablesHolding(db, Buffer.from(legacy, 'base64url'))).toEqual([]);
      // anna's ballot is still hers: changing it replaces it, it adds none.
      const before = await request(app, 'GET', `/api/v1/polls/${ANONYMOUS_POLL}`, 'anna');
      expect(before.body.myBallot?.choices.length).toBeGreaterThan(0);
      const changed = await request(app, 'PUT', `/api/v1/polls/${ANONYMOUS_POLL}/ballot`, 'anna', { choices: ['o2'] });
      expect(changed.body.myBallot).toEqual({ choices: ['o2'] });
      expect(await db.selectFrom('ballots').where('poll_id', '=', ANONYMOUS_POLL).select('voter_key').execute()).toHaveLength(ballotsBefore.length);
    } finally {
      await app.close();
      await db.destroy();
    }
  });

  it('finishes a move interrupted after the file was written, and refuses a file that disagrees', async () => {
    const legacy = randomBytes(32).toString('base64url');
    const db = openSqlite(dbPath);
    await migrateToLatest(db);
    await db.insertInto('settings').values({ key: 'ballot_secret', value: legacy }).execute();
    const file = join(dir, 'secret');
    try {
      await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
      await expect(start({ db, ballotSecretFile: file })).rejects.toThrow(/differs from the secret this database still holds/);
      expect(await db.selectFrom('settings').where('key', '=', 'ballot_secret').selectAll().execute()).toHaveLength(1);
      await writeFile(file, `${legacy}\n`, { mode: 0o600 });
      const app = await start({ db, ballotSecretFile: file });
      await app.close();
      expect(await db.selectFrom('settings').where('key', '=', 'ballot_secret').selectAll().execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('refuses a secret file that others can read or change', async () => {
    const file = `${dbPath}.ballot-secret`;
    await (await start()).close();
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      await chmod(file, mode);
      await expect(start(), mode.toString(8)).rejects.toThrow(/can be read or changed by others .*chmod 600/);
    }
    await chmod(file, 0o600);
    await (await start()).close();
  });

  it('refuses to start with another secret, or without the file, once ballots were keyed', async () => {
    await (await start()).close();
    const file = `${dbPath}.ballot-secret`;
    const saved = await readFile(file, 'utf8');
    await expect(start({ ballotSecret: 'another-secret-of-at-least-32-characters' })).rejects.toThrow(/not the one this database/);
    // A database restored without its secret file: a new secret would let everyone vote again.
    await unlink(file);
    await expect(start()).rejects.toThrow(/ballot secret file .* is missing/);
    await writeFile(file, saved, { mode: 0o600 });
    await (await start()).close();
  });

  it('must be given explicitly with a Kysely instance', async () => {
    const db = openSqlite(':memory:');
    try {
      await expect(start({ db })).rejects.toThrow(/ballotSecret .* or ballotSecretFile/);
      await (await start({ db, ballotSecret: 'x'.repeat(32) })).close();
    } finally {
      await db.destroy();
    }
  });
});
