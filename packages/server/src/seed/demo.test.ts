import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openSqlite } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { DEMO_SPACES, seedDemo, seedDemoIfEmpty } from './demo.js';

const NOW = new Date('2026-11-27T09:00:00.000Z');
/** The key of anonymous demo ballots, as the server would load it. */
const BALLOT_SECRET = Buffer.alloc(32, 7);
let db: Kysely<Database>;

beforeAll(async () => {
  db = openSqlite(':memory:');
  await migrateToLatest(db);
  await seedDemo(db, { now: NOW, ballotSecret: BALLOT_SECRET });
});
afterAll(() => db.destroy());

describe('demo seed', () => {
  it('writes an upcoming talk-show with up-voted questions', async () => {
    const show = await db.selectFrom('talk_shows').selectAll().executeTakeFirstOrThrow();
    expect(Date.parse(show.starts_at)).toBeGreaterThan(NOW.getTime());
    expect(show.stream_url).toBeNull();
    const questions = await db.selectFrom('questions').select(['votes', 'state']).where('post_id', '=', show.post_id).orderBy('votes', 'desc').execute();
    expect(questions.map((q) => Number(q.votes))).toEqual([5, 3, 1]);
    expect(Number(show.question_count)).toBe(3);
    const votes = await db.selectFrom('question_votes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(votes.n)).toBe(9);
  });

  it('writes ~150 posts in English, French and German across every visibility', async () => {
    // 149 generated posts, the intranet news article, 5 posts with polls,
    // the pinned safety week announcement, one scheduled post and the talk-show.
    const byLocale = await db
      .selectFrom('posts')
      .select(['locale', (eb) => eb.fn.countAll().as('n')])
      .groupBy('locale')
      .execute();
    const counts = Object.fromEntries(byLocale.map((r) => [r.locale, Number(r.n)]));
    expect(counts['en']! + counts['fr']! + counts['de']!).toBe(158);
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

  it('writes polls of every mode and visibility, a three-question survey, and ballots from people who may vote', async () => {
    const polls = await db.selectFrom('polls').selectAll().orderBy('post_id').orderBy('position').execute();
    expect(polls.map((p) => p.id)).toEqual(
      expect.arrayContaining(['poll-summer-party', 'poll-lyon-canteen', 'poll-basel-training', 'poll-cambridge-seminar']),
    );
    expect(new Set(polls.map((p) => p.mode))).toEqual(new Set(['single', 'multiple', 'scale']));
    expect(new Set(polls.map((p) => p.results_visibility))).toEqual(
      new Set(['always', 'after-vote', 'after-close', 'author-only']),
    );
    const survey = polls.filter((p) => p.post_id === 'survey-remote-work');
    expect(survey.map((p) => p.mode)).toEqual(['single', 'multiple', 'scale']);
    const summer = polls.find((p) => p.id === 'poll-summer-party')!;
    expect(summer).toMatchObject({ space_id: 'general', mode: 'single', results_visibility: 'always' });
    const training = polls.find((p) => p.id === 'poll-basel-training')!;
    expect(training).toMatchObject({ anonymous: 1, max_choices: 2, results_visibility: 'after-close' });
    expect(Date.parse(training.closes_at!)).toBe(NOW.getTime() + 10 * 24 * 3600 * 1000);

    const ballots = await db.selectFrom('ballots').innerJoin('polls', 'polls.id', 'ballots.poll_id').select([
      'ballots.poll_id', 'ballots.actor_id', 'polls.anonymous', 'polls.space_id',
    ]).execute();
    expect(ballots.length).toBeGreaterThan(30);
    for (const ballot of ballots) {
      if (ballot.anonymous) {
        expect(ballot.actor_id).toBeNull();
        continue;
      }
      const space = DEMO_SPACES.find((s) => s.id === ballot.space_id)!;
      // Every seeded poll is in an open space: anyone may vote.
      expect(space.visibility).toBe('open');
      expect(ballot.actor_id).not.toBeNull();
    }
    expect(ballots.filter((b) => b.poll_id === 'poll-basel-training')).toHaveLength(4);
  });

  it('is deterministic and seeds only an empty database', async () => {
    const other = openSqlite(':memory:');
    await migrateToLatest(other);
    await seedDemo(other, { now: NOW, ballotSecret: BALLOT_SECRET });
    const digest = (d: Kysely<Database>) =>
      sql<{ d: string }>`select group_concat(id || created_at || author_id, ',') as d from (select * from posts order by id)`
        .execute(d)
        .then((r) => r.rows[0]?.d);
    expect(await digest(other)).toBe(await digest(db));
    const ballots = (d: Kysely<Database>) =>
      sql<{ d: string }>`select group_concat(poll_id || actor_id || option_id || created_at, ',') as d from (select b.poll_id, b.actor_id, c.option_id, b.created_at from ballots b join ballot_choices c using (poll_id, voter_key) where b.actor_id is not null order by 1, 2, 3)`
        .execute(d)
        .then((r) => r.rows[0]?.d);
    expect(await ballots(other)).toBe(await ballots(db));
    expect(await seedDemoIfEmpty(other, { now: NOW, ballotSecret: BALLOT_SECRET })).toBeNull();
    await other.destroy();
  });

  it('writes knowledge notes in fr, de and en, some due for review, in tech-watch and two closed spaces', async () => {
    const notes = await db.selectFrom('notes').selectAll().execute();
    expect(notes).toHaveLength(15);
    expect(notes.filter((n) => n.space_id === 'tech-watch')).toHaveLength(12);
    expect(new Set(notes.map((n) => n.language))).toEqual(new Set(['fr', 'de', 'en']));
    expect(notes.some((n) => n.id === 'note-pqc-migration')).toBe(true);
    const today = NOW.toISOString().slice(0, 10);
    expect(notes.filter((n) => n.space_id === 'tech-watch' && n.review_by !== null && n.review_by <= today).length).toBeGreaterThan(2);
    expect(await db.selectFrom('note_revisions').select('note_id').execute()).toHaveLength(15);
  });

  it('writes comment threads in fr, de and en with one level of replies, by people who may comment, and some reactions', async () => {
    const comments = await db.selectFrom('comments').selectAll().execute();
    expect(comments).toHaveLength(11);
    expect(new Set(comments.map((c) => c.post_id))).toEqual(
      new Set(['news-basel-lab', 'demo-general-014', 'demo-general-017', 'demo-security-watch-001']),
    );
    expect(new Set(comments.map((c) => c.locale))).toEqual(new Set(['fr', 'de', 'en']));
    const byId = new Map(comments.map((c) => [c.id, c]));
    for (const comment of comments) {
      const post = await db.selectFrom('posts').select(['space_id', 'created_at']).where('id', '=', comment.post_id).executeTakeFirstOrThrow();
      expect(comment.space_id).toBe(post.space_id);
      expect(comment.created_at > post.created_at && comment.created_at < NOW.toISOString()).toBe(true);
      if (comment.parent_id !== null) {
        const parent = byId.get(comment.parent_id)!;
        expect(parent.parent_id).toBeNull();
        expect(parent.post_id).toBe(comment.post_id);
      }
      const role = await db.selectFrom('memberships').select('role')
        .where('space_id', '=', comment.space_id).where('actor_id', '=', comment.author_id).executeTakeFirst();
      expect(['owner', 'correspondent', 'member']).toContain(role?.role);
    }
    expect(comments.filter((c) => c.parent_id !== null).length).toBe(5);
    const reactions = await db.selectFrom('reactions').select('object_id').where('object_id', 'in', [...byId.keys()]).execute();
    expect(reactions.length).toBe(9);
  });

  it('writes author variants on the news article and a few general posts, never in the post\'s own language', async () => {
    const variants = await db.selectFrom('post_variants').innerJoin('posts', 'posts.id', 'post_variants.post_id')
      .select(['post_variants.post_id', 'post_variants.locale', 'post_variants.machine', 'posts.locale as source']).execute();
    expect(variants).toHaveLength(8);
    expect(variants.filter((v) => v.post_id === 'news-basel-lab').map((v) => v.locale).sort()).toEqual(['de', 'fr']);
    for (const v of variants) {
      expect(v.locale).not.toBe(v.source);
      expect(v.machine).toBe(0);
    }
  });

  it('writes a pinned announcement asking for acknowledgement, acknowledged from several sites, and a scheduled post', async () => {
    const safety = await db.selectFrom('posts').selectAll().where('id', '=', 'announcement-safety-week').executeTakeFirstOrThrow();
    expect(safety).toMatchObject({ kind: 'announcement', space_id: 'announcements', requires_ack: 1, pinned_until: null });
    expect(safety.pinned_at).not.toBeNull();
    const acks = await db
      .selectFrom('post_acks')
      .innerJoin('actors', 'actors.id', 'post_acks.actor_id')
      .select('actors.site')
      .where('post_id', '=', safety.id)
      .execute();
    expect(acks).toHaveLength(5);
    expect(new Set(acks.map((a) => a.site)).size).toBe(3);
    const scheduled = await db.selectFrom('posts').selectAll().where('publish_at', 'is not', null).execute();
    expect(scheduled).toHaveLength(1);
    expect(Date.parse(scheduled[0]!.publish_at!)).toBe(NOW.getTime() + 3 * 24 * 3600 * 1000);
    expect(scheduled[0]!.publish_pending).toBe(1);
  });

  it('writes pending requests to join a private space from people outside it, and a site on every site space', async () => {
    const requests = await db
      .selectFrom('join_requests')
      .innerJoin('spaces', 'spaces.id', 'join_requests.space_id')
      .leftJoin('memberships', (join) =>
        join.onRef('memberships.space_id', '=', 'join_requests.space_id').onRef('memberships.actor_id', '=', 'join_requests.actor_id'),
      )
      .select(['join_requests.actor_id', 'join_requests.message', 'spaces.visibility', 'memberships.role'])
      .where('join_requests.space_id', '=', 'rnd-oncology')
      .orderBy('join_requests.created_at')
      .execute();
    expect(requests.map((r) => r.actor_id)).toEqual(['marco', 'sophie']);
    for (const r of requests) {
      expect(r.visibility).toBe('private');
      expect(r.role).toBeNull();
      expect(r.message.length).toBeGreaterThan(0);
    }
    const sites = await db.selectFrom('spaces').select(['id', 'site', 'search_text']).where('id', 'like', '%-site').execute();
    expect(Object.fromEntries(sites.map((s) => [s.id, s.site]))).toEqual({
      'lyon-site': 'Lyon',
      'basel-site': 'Basel',
      'cambridge-site': 'Cambridge',
    });
    const security = await db.selectFrom('spaces').select('search_text').where('id', '=', 'security-watch').executeTakeFirstOrThrow();
    expect(security.search_text).toContain('veille securite');
  });
});
