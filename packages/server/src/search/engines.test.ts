/**
 * On the PostgreSQL run: the same searches over the same demo organisation
 * find the same posts and notes on both engines, since both index the keys
 * search/stemming.ts computes (PostgreSQL in a tsvector, SQLite in FTS5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { startTestServer, TEST_ENGINE, TEST_NOW, type TestServer } from '../_harness.js';
import { migrateToLatest, openSqlite } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { seedDemo } from '../seed/demo.js';
import { inProcessSearch } from './runner.js';
import { parseQuery } from './stemming.js';

/** Accents, umlauts, inflections, the three languages, prefixes, common words and several words. */
const QUERIES = [
  'securite', 'sécurité', 'SÉCURITÉ', 'réseaux', 'reseau', 'Prüfung', 'Prufung', 'prüfungen', 'Netzwerk', 'netz',
  'Straße', 'strasse', 'parking', 'cellulaire', 'formation sécu', 'site', 'la', 'de', 'the', 'a', 'lab', 'zero trust',
  'passkeys', 'families', 'vpn', 'Sicherheit', 'networks', 'machine learning', 'réunion', 'Mittagessen',
];

describe.runIf(TEST_ENGINE === 'postgres')('search on PostgreSQL and on SQLite', () => {
  let server: TestServer;
  let sqlite: Kysely<Database>;
  beforeAll(async () => {
    server = await startTestServer();
    sqlite = openSqlite(':memory:');
    await migrateToLatest(sqlite);
    await seedDemo(sqlite, { now: TEST_NOW, ballotSecret: Buffer.alloc(32, 7) });
  });
  afterAll(async () => {
    await sqlite?.destroy();
    await server?.close();
  });

  it('finds the same posts and notes, with the same totals and tag facets', async () => {
    const spaceIds = (await sqlite.selectFrom('spaces').select('id').execute()).map((s) => s.id);
    // Everything, drafts included: what differs between viewers is shared SQL.
    const viewer = { viewerId: 'julien', seesDraftsIn: spaceIds, now: TEST_NOW.toISOString() };
    const [postgres, embedded] = [inProcessSearch(server.db), inProcessSearch(sqlite)];
    let found = 0;
    for (const q of QUERIES) {
      const terms = parseQuery(q);
      const posts = { terms, spaceIds, viewer, offset: 0, limit: 1_000 };
      const [postsOnPostgres, postsOnSqlite] = await Promise.all([postgres.posts(posts), embedded.posts(posts)]);
      const postIds = (page: typeof postsOnSqlite) => page.hits.map((hit) => hit.postId).sort();
      expect({ q, total: postsOnPostgres.total, ids: postIds(postsOnPostgres) }).toEqual({ q, total: postsOnSqlite.total, ids: postIds(postsOnSqlite) });
      const notes = { terms, spaceIds, offset: 0, limit: 1_000 };
      const [notesOnPostgres, notesOnSqlite] = await Promise.all([postgres.notes(notes), embedded.notes(notes)]);
      const noteIds = (page: typeof notesOnSqlite) => page.hits.map((hit) => hit.note.id).sort();
      expect({ q, total: notesOnPostgres.total, ids: noteIds(notesOnPostgres), tags: notesOnPostgres.tags }).toEqual({
        q,
        total: notesOnSqlite.total,
        ids: noteIds(notesOnSqlite),
        tags: notesOnSqlite.tags,
      });
      found += postsOnSqlite.total + notesOnSqlite.total;
    }
    expect(found).toBeGreaterThan(100);
  });
});
