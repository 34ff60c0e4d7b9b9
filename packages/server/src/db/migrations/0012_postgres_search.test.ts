import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { NoteSearchResult, PostSearchResult } from '@ecotone/protocol';
import { countRows, startTestServer, tableNames, TEST_ENGINE, type TestServer } from '../../_harness.js';
import * as postgresSearch from './0012_postgres_search.js';

describe('migration 0012 (the PostgreSQL search index)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.runIf(TEST_ENGINE === 'postgres')('indexes the post texts and notes written before it as the writes index them', async () => {
    const answers = () =>
      Promise.all([
        // Words of the demo's posts (fr, de, en) and notes.
        ...['securite', 'Sicherheit', 'parking', 'cellulaire', 'site'].map((q) =>
          server.json<PostSearchResult>(`/api/v1/posts/search?q=${q}&limit=50`, { as: 'julien' }).then((r) => r.body),
        ),
        ...['securite', 'passkey', 'zero trust'].map((q) =>
          server.json<NoteSearchResult>(`/api/v1/notes?q=${encodeURIComponent(q)}&limit=50`, { as: 'julien' }).then((r) => r.body),
        ),
      ]);
    // As the demo's writes indexed them, one by one.
    const written = await answers();
    expect(written.every((answer) => answer.total > 0)).toBe(true);

    await postgresSearch.down(server.db as Kysely<unknown>);
    expect(await tableNames(server.db)).not.toContain('posts_fts');
    await postgresSearch.up(server.db as Kysely<unknown>);
    expect(await countRows(server.db, 'posts_fts')).toBe(await countRows(server.db, 'post_texts'));
    expect(await countRows(server.db, 'notes_fts')).toBe(await countRows(server.db, 'notes'));
    // Rebuilt from the stored rows: the same hits, ranks, highlights and facets.
    expect(await answers()).toEqual(written);
  });

  it.runIf(TEST_ENGINE === 'sqlite')('leaves a SQLite database as it is', async () => {
    const schema = () => sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master ORDER BY name`.execute(server.db);
    const before = (await schema()).rows;
    await postgresSearch.up(server.db as Kysely<unknown>);
    expect((await schema()).rows).toEqual(before);
  });
});
