/**
 * Who the reader is, their memberships and the spaces they read are looked
 * up once for a person's successive requests, and any change to them counts
 * for the next requests: through the API (its live event), and through
 * another connection (the CLI, an operator's tool, another instance). On
 * SQLite such a change counts from the very next request (`data_version`);
 * on PostgreSQL from the notice its commit sends, milliseconds later
 * (db/row-changes.ts), so the tests there wait for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, SqliteQueryCompiler, type KyselyPlugin } from 'kysely';
import type { FeedPage } from '@ecotone/protocol';
import { runOnTestCluster } from '../_test-engine.js';
import { nowOrSoon, startTestServer, TEST_ENGINE, TEST_NOW, twoInstances, until, type TestServer } from '../_harness.js';

describe('rows kept for readers', () => {
  let server: TestServer;
  const compiler = new SqliteQueryCompiler();
  const ran: string[] = [];
  const recording: KyselyPlugin = {
    transformQuery: (args) => {
      ran.push(compiler.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };

  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false, dbPlugins: [recording] });
  });
  afterAll(() => server.close());

  const feed = (space: string, as: string) => server.json<FeedPage>(`/api/v1/spaces/${space}/feed?limit=5`, { as });
  /** The statements one request ran that read people, memberships or spaces. */
  const lookupsOf = async (read: () => Promise<unknown>) => {
    ran.length = 0;
    await read();
    return ran.filter((sql) => /^select .* from "(actors|memberships|spaces)" where "(id|actor_id)" (=|in)/.test(sql));
  };

  it('reads the person, their memberships and the space once for successive requests', async () => {
    expect(await lookupsOf(() => feed('general', 'thomas'))).not.toEqual([]);
    // On PostgreSQL, the first request's own notices (a person provisioned) may still be on their way.
    await nowOrSoon(async () => (await lookupsOf(() => feed('general', 'thomas'))).length === 0, 'no lookup for a second request');
    // Someone else is looked up for themselves.
    expect((await lookupsOf(() => feed('general', 'marco'))).length).toBeGreaterThan(0);
  });

  it('counts a membership changed through the API from the next request', async () => {
    expect((await feed('rnd-oncology', 'camille')).status).toBe(200);
    expect((await server.api('/api/v1/spaces/rnd-oncology/members/camille', { method: 'DELETE', as: 'camille' })).status).toBe(204);
    expect((await feed('rnd-oncology', 'camille')).status).toBe(404);
  });

  it('counts a change made through another connection', async () => {
    const cli = server.cli();
    expect((await feed('rnd-oncology', 'marco')).status).toBe(404);
    await cli
      .insertInto('memberships')
      .values({ space_id: 'rnd-oncology', actor_id: 'marco', role: 'reader', created_at: TEST_NOW.toISOString() })
      .execute();
    await nowOrSoon(async () => (await feed('rnd-oncology', 'marco')).status === 200, 'a membership added elsewhere');
    await cli.deleteFrom('memberships').where('space_id', '=', 'rnd-oncology').where('actor_id', '=', 'marco').execute();
    await nowOrSoon(async () => (await feed('rnd-oncology', 'marco')).status === 404, 'a membership removed elsewhere');
    // A person deactivated elsewhere, and a space changed elsewhere.
    expect((await feed('general', 'marco')).status).toBe(200);
    await cli.updateTable('actors').set({ deactivated_at: TEST_NOW.toISOString() }).where('id', '=', 'marco').execute();
    await nowOrSoon(async () => (await feed('general', 'marco')).status === 401, 'a person deactivated elsewhere');
    await cli.updateTable('actors').set({ deactivated_at: null }).where('id', '=', 'marco').execute();
    await nowOrSoon(async () => (await feed('general', 'marco')).status === 200, 'a person reactivated elsewhere');
  });

  it.skipIf(TEST_ENGINE !== 'postgres')('keeps nothing while its listening connection is lost, and keeps rows again once it is back', async () => {
    await nowOrSoon(async () => (await lookupsOf(() => feed('general', 'thomas'))).length === 0, 'rows kept');
    const cli = server.cli();
    const database = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(cli)).rows[0]!.name;
    // The listening connection is cut and cannot come back (open connections stay).
    await runOnTestCluster(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    try {
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE query LIKE 'LISTEN %' AND datname = current_database() AND pid <> pg_backend_pid()`.execute(cli);
      await until(async () => (await lookupsOf(() => feed('general', 'thomas'))).length > 0, 'rows read once the connection is lost');
      // Not kept meanwhile: every request reads, and a change nobody announces counts from the next one.
      expect((await lookupsOf(() => feed('general', 'thomas'))).length).toBeGreaterThan(0);
      expect((await feed('rnd-oncology', 'marco')).status).toBe(404);
      await cli
        .insertInto('memberships')
        .values({ space_id: 'rnd-oncology', actor_id: 'marco', role: 'reader', created_at: TEST_NOW.toISOString() })
        .execute();
      expect((await feed('rnd-oncology', 'marco')).status).toBe(200);
    } finally {
      await runOnTestCluster(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    }
    // It listens again on its own, and rows are kept again.
    await until(async () => (await lookupsOf(() => feed('general', 'thomas'))).length === 0, 'rows kept once listening again');
  });
});

describe.skipIf(TEST_ENGINE !== 'postgres')('rows kept for readers, across instances (PostgreSQL)', () => {
  const instances = twoInstances({ rateLimits: false });

  it('counts on one instance a membership changed through the other', async () => {
    const { a, b } = instances;
    const feedOnA = (as: string) => a.json<FeedPage>('/api/v1/spaces/rnd-oncology/feed?limit=5', { as });
    expect((await feedOnA('camille')).status).toBe(200);
    expect((await feedOnA('camille')).status).toBe(200);
    expect((await b.api('/api/v1/spaces/rnd-oncology/members/camille', { method: 'DELETE', as: 'camille' })).status).toBe(204);
    await until(async () => (await feedOnA('camille')).status === 404, 'a membership removed on the other instance');
  });
});
