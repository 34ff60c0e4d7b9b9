/**
 * Searches in the worker thread answer exactly what the same search answers
 * on the server's own connection, and a failing search rejects without
 * taking the worker (or the server) down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOnPostgres, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';
import { inProcessSearch, WorkerSearch } from './runner.js';
import { parseQuery } from './stemming.js';

// Vitest runs the sources; a worker thread runs plain JavaScript, so it is the built one.
const BUILT_WORKER = new URL('../../dist/search/search-worker.js', import.meta.url);

describe.skipIf(skipOnPostgres('searches run in a worker thread on the SQLite file only'))('search in a worker thread', () => {
  let server: TestServer;
  let worker: WorkerSearch;

  beforeAll(async () => {
    server = await startTestServer();
    worker = new WorkerSearch(server.dbPath, BUILT_WORKER);
  });
  afterAll(async () => {
    await worker?.close();
    await server?.close();
  });

  const viewer = { viewerId: 'amelie', seesDraftsIn: ['general'], now: TEST_NOW.toISOString() };
  const spaceIds = ['general', 'announcements', 'lyon-site', 'basel-site', 'cambridge-site', 'tech-watch'];

  it('answers post and note searches as the server connection does', async () => {
    const local = inProcessSearch(server.db);
    for (const q of ['site', 'sécurité', 'Prüfung', 'la']) {
      const terms = parseQuery(q);
      const posts = { terms, spaceIds, viewer, offset: 0, limit: 20 };
      expect(await worker.posts(posts), q).toEqual(await local.posts(posts));
      const notes = { terms, spaceIds, offset: 0, limit: 20 };
      expect(await worker.notes(notes), q).toEqual(await local.notes(notes));
    }
    expect((await worker.posts({ terms: parseQuery('site'), spaceIds, viewer, offset: 0, limit: 20 })).total).toBeGreaterThan(0);
  });

  it('rejects a failing search and keeps answering the next ones', async () => {
    // A key no stemmer makes: an unterminated string to FTS5.
    const unterminated = { terms: [new Set(['"unterminated'])], prefixLast: false };
    await expect(worker.posts({ terms: unterminated, spaceIds, viewer, offset: 0, limit: 20 })).rejects.toThrow(/search failed/);
    const after = await worker.posts({ terms: parseQuery('site'), spaceIds, viewer, offset: 0, limit: 20 });
    expect(after.total).toBeGreaterThan(0);
  });
});
