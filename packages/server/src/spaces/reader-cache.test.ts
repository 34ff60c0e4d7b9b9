/**
 * Who the reader is, their memberships and the spaces they read are looked
 * up once for a person's successive requests, and any change to them counts
 * from the next request: through the API (its live event), and through
 * another connection (the CLI, an operator's tool), which announces nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueryCompiler, type KyselyPlugin } from 'kysely';
import type { FeedPage } from '@ecotone/protocol';
import { MISSING_POSTGRES_CHANGE_NOTICES, skipOnPostgres, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

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

  it.skipIf(skipOnPostgres(MISSING_POSTGRES_CHANGE_NOTICES))('reads the person, their memberships and the space once for successive requests', async () => {
    expect(await lookupsOf(() => feed('general', 'thomas'))).not.toEqual([]);
    expect(await lookupsOf(() => feed('general', 'thomas'))).toEqual([]);
    // Someone else is looked up for themselves.
    expect((await lookupsOf(() => feed('general', 'marco'))).length).toBeGreaterThan(0);
  });

  it('counts a membership changed through the API from the next request', async () => {
    expect((await feed('rnd-oncology', 'camille')).status).toBe(200);
    expect((await server.api('/api/v1/spaces/rnd-oncology/members/camille', { method: 'DELETE', as: 'camille' })).status).toBe(204);
    expect((await feed('rnd-oncology', 'camille')).status).toBe(404);
  });

  it('counts a change made through another connection from the next request', async () => {
    const cli = server.cli();
    expect((await feed('rnd-oncology', 'marco')).status).toBe(404);
    await cli
      .insertInto('memberships')
      .values({ space_id: 'rnd-oncology', actor_id: 'marco', role: 'reader', created_at: TEST_NOW.toISOString() })
      .execute();
    expect((await feed('rnd-oncology', 'marco')).status).toBe(200);
    await cli.deleteFrom('memberships').where('space_id', '=', 'rnd-oncology').where('actor_id', '=', 'marco').execute();
    expect((await feed('rnd-oncology', 'marco')).status).toBe(404);
  });
});
