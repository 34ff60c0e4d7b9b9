import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { countRows } from '../../_harness.js';
import { searchPostTexts } from '../../posts/post-text-repository.js';
import { parseQuery } from '../../search/stemming.js';
import { migrateToLatest, openSqlite } from '../database.js';
import type { Database } from '../schema.js';
import * as postSearch from './0008_post_search.js';

const AT = '2026-11-20T09:00:00.000Z';

describe('migration 0008 (post search)', () => {
  let dir: string;
  let db: Kysely<Database>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecotone-0008-'));
    db = openSqlite(join(dir, 'test.db'));
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes the posts and variants that exist before it, each in its language', async () => {
    // Posts written before the index existed: straight into their tables.
    await postSearch.down(db as Kysely<unknown>);
    await db.insertInto('actors').values({ id: 'a', display_name: 'A', avatar_url: null, site: null, locale: 'fr', title: null, created_at: AT }).execute();
    await db.insertInto('spaces').values({ id: 's', name: 'S', description: '', visibility: 'open', site: null, locale: 'fr', created_at: AT }).execute();
    const post = (id: string, locale: string, body: string) => ({ id, space_id: 's', author_id: 'a', kind: 'note', body, locale, created_at: AT, edited_at: null });
    await db.insertInto('posts').values([post('p1', 'fr', 'Les réseaux du site changent.'), post('p2', 'de', 'Die Prüfung beginnt.')]).execute();
    await db.insertInto('post_variants').values({ post_id: 'p1', locale: 'en', body: 'The site networks change.', machine: 0, created_at: AT }).execute();

    await postSearch.up(db as Kysely<unknown>);
    expect(await countRows(db, 'post_texts')).toBe(3);
    const find = (q: string) =>
      searchPostTexts(db, {
        terms: parseQuery(q),
        spaceIds: ['s'],
        viewer: { viewerId: 'a', seesDraftsIn: [], now: AT },
        offset: 0,
        limit: 10,
      });
    expect(await find('reseau')).toEqual({ hits: [{ postId: 'p1', locale: 'fr' }], total: 1 });
    expect(await find('networks')).toEqual({ hits: [{ postId: 'p1', locale: 'en' }], total: 1 });
    expect(await find('Prufungen')).toEqual({ hits: [{ postId: 'p2', locale: 'de' }], total: 1 });

    // A deleted post takes its index entries with it.
    await db.deleteFrom('posts').where('id', '=', 'p1').execute();
    expect(await countRows(db, 'post_texts')).toBe(1);
    expect(await countRows(db, 'posts_fts')).toBe(1);
    expect(await find('networks')).toEqual({ hits: [], total: 0 });
  });
});
