import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openSqlite } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { DEMO_SPACES, seedDemo, seedDemoIfEmpty } from './demo.js';

const NOW = new Date('2026-11-27T09:00:00.000Z');
let db: Kysely<Database>;

beforeAll(async () => {
  db = openSqlite(':memory:');
  await migrateToLatest(db);
  await seedDemo(db, { now: NOW });
});
afterAll(() => db.destroy());

describe('demo seed', () => {
  it('writes ~150 posts in English, French and German across every visibility', async () => {
    const byLocale = await db
      .selectFrom('posts')
      .select(['locale', (eb) => eb.fn.countAll().as('n')])
      .groupBy('locale')
      .execute();
    const counts = Object.fromEntries(byLocale.map((r) => [r.locale, Number(r.n)]));
    expect(counts['en']! + counts['fr']! + counts['de']!).toBe(150);
    for (const locale of ['en', 'fr', 'de']) expect(counts[locale]).toBeGreaterThan(25);

    const visibilities = await db
      .selectFrom('posts')
      .innerJoin('spaces', 'spaces.id', 'posts.space_id')
      .select('spaces.visibility')
      .distinct()
      .execute();
    expect(visibilities.map((v) => v.visibility).sort()).toEqual(['open', 'private', 'secret']);
  });

  it('writes real, distinct bodies with some Markdown, and reactions of several kinds', async () => {
    const bodies = await db.selectFrom('posts').select('body').execute();
    expect(new Set(bodies.map((b) => b.body)).size).toBe(bodies.length);
    expect(bodies.some((b) => b.body.includes('**'))).toBe(true);
    expect(bodies.some((b) => b.body.includes('https://example.org/'))).toBe(true);
    const kinds = await db.selectFrom('reactions').select('kind').distinct().execute();
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    const reactors = await db.selectFrom('reactions').select('actor_id').distinct().execute();
    expect(reactors.length).toBeGreaterThan(5);
  });

  it('keeps every post within the last 30 days and authored by someone allowed to publish', async () => {
    const rows = await db
      .selectFrom('posts')
      .leftJoin('memberships', (join) =>
        join.onRef('memberships.space_id', '=', 'posts.space_id').onRef('memberships.actor_id', '=', 'posts.author_id'),
      )
      .select(['posts.created_at', 'memberships.role', 'posts.kind'])
      .execute();
    const oldest = new Date(NOW.getTime() - 30 * 24 * 3600 * 1000).toISOString();
    for (const row of rows) {
      expect(row.created_at < NOW.toISOString() && row.created_at > oldest).toBe(true);
      expect(['owner', 'correspondent', 'member']).toContain(row.role);
      if (row.kind === 'announcement') expect(['owner', 'correspondent']).toContain(row.role);
    }
    expect(DEMO_SPACES.some((s) => Object.values(s.members).includes('reader'))).toBe(true);
  });

  it('is deterministic and seeds only an empty database', async () => {
    const other = openSqlite(':memory:');
    await migrateToLatest(other);
    await seedDemo(other, { now: NOW });
    const digest = (d: Kysely<Database>) =>
      sql<{ d: string }>`select group_concat(id || created_at || author_id, ',') as d from (select * from posts order by id)`
        .execute(d)
        .then((r) => r.rows[0]?.d);
    expect(await digest(other)).toBe(await digest(db));
    expect(await seedDemoIfEmpty(other, { now: NOW })).toBeNull();
    await other.destroy();
  });
});
