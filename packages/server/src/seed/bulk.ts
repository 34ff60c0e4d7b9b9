/**
 * A bulk generator of history: years of posts, with their reactions,
 * comments, acknowledgements, variants and search rows, written straight
 * into SQLite with prepared statements in large transactions (a million
 * posts in about a minute), not through the API. It exists for the
 * query-plan test and the read benchmarks, which need a company's size
 * without waiting for one; run it on a database that has the demo seed.
 *
 * The data is deterministic (a seeded random source) and shaped like a
 * real network's long tail: most posts have a few reactions or none, some
 * have comments, one in a few hundred asks for an acknowledgement, a few
 * "viral" posts carry thousands of reactions and comments, and a few drafts
 * are scheduled in the future.
 */
import SqliteDatabase from 'better-sqlite3';
import type { Locale } from '@ecotone/protocol';
import { indexText } from '../search/stemming.js';
import { createRandom } from './demo.js';

export interface BulkSpace {
  spaceId: string;
  posts: number;
}

export interface BulkOptions {
  /** Posts to add per space (the spaces must exist). */
  spaces: readonly BulkSpace[];
  /** People to add (members of every bulk space), besides those already there. */
  people?: number;
  /** The random seed: the same seed gives the same rows. */
  seed?: number;
  /** The newest post's time (default: now); older ones go back in time from it. */
  newest?: Date;
  /** Time between two posts of one space, in ms (default: 10 minutes). */
  spacingMs?: number;
}

export interface BulkReport {
  posts: number;
  people: number;
  reactions: number;
  comments: number;
  ms: number;
}

const DEFAULT_SEED = 20_261_203;
const DEFAULT_SPACING_MS = 10 * 60_000;
/** Rows written per transaction: large enough to be fast, small enough to keep the WAL in check. */
const BATCH_ROWS = 20_000;
/** Distinct bodies per language: their stems are computed once and reused. */
const BODY_POOL_SIZE = 400;
/** Posts with thousands of reactions and comments, one per this many posts. */
const VIRAL_EVERY = 50_000;
const VIRAL_REACTIONS = 3_000;
const VIRAL_COMMENTS = 1_500;

const LOCALES: readonly Locale[] = ['en', 'fr', 'de'];
const WORDS: Readonly<Record<Locale, readonly string[]>> = {
  en: 'site safety training audit laboratory release shift network vaccine batch quality meeting cafeteria parking project team update process security report planning'.split(' '),
  fr: 'site sécurité formation audit laboratoire réseau équipe lot qualité réunion cantine parking projet rapport planning procédé atelier contrôle essais livraison'.split(' '),
  de: 'Standort Sicherheit Schulung Prüfung Labor Netzwerk Charge Qualität Besprechung Kantine Parkplatz Projekt Bericht Planung Verfahren Werkstatt Kontrolle Versuch Lieferung Team'.split(' '),
};
const GLUE: Readonly<Record<Locale, readonly string[]>> = {
  en: 'the a of and for with in on to by from'.split(' '),
  fr: 'le la les des du et pour avec dans sur une un'.split(' '),
  de: 'der die das und für mit in auf ein eine von'.split(' '),
};

interface PooledText {
  body: string;
  stems: string;
}

function bodyPool(rand: () => number): Record<Locale, PooledText[]> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const pool = {} as Record<Locale, PooledText[]>;
  for (const locale of LOCALES) {
    pool[locale] = [];
    for (let i = 0; i < BODY_POOL_SIZE; i++) {
      const words: string[] = [];
      const count = 8 + Math.floor(rand() * 40);
      for (let w = 0; w < count; w++) words.push(rand() < 0.35 ? pick(GLUE[locale]) : pick(WORDS[locale]));
      const body = `${words.join(' ')}.`;
      pool[locale].push({ body, stems: indexText(body, locale) });
    }
  }
  return pool;
}

/**
 * Adds the history described by `options` to the SQLite file at `path`
 * (already migrated, with the spaces named in it). Returns what it wrote.
 */
export function bulkGenerate(path: string, options: BulkOptions): BulkReport {
  const started = performance.now();
  const rand = createRandom(options.seed ?? DEFAULT_SEED);
  const newest = (options.newest ?? new Date()).getTime();
  const spacingMs = options.spacingMs ?? DEFAULT_SPACING_MS;
  const pool = bodyPool(rand);
  const db = new SqliteDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  const iso = (ms: number) => new Date(ms).toISOString();
  const report: BulkReport = { posts: 0, people: 0, reactions: 0, comments: 0, ms: 0 };

  try {
    const spaces = db.prepare<[string], { id: string }>('SELECT id FROM spaces WHERE id = ?');
    for (const { spaceId } of options.spaces) {
      if (!spaces.get(spaceId)) throw new Error(`bulk: no space "${spaceId}"`);
    }
    // A run after another must not reuse its ids.
    const runTag = (db.prepare<[], { n: number }>("SELECT count(*) AS n FROM posts WHERE id LIKE 'bulk-%'").get()?.n ?? 0).toString(36);

    const insertActor = db.prepare(
      'INSERT OR IGNORE INTO actors (id, display_name, search_name, avatar_url, site, locale, title, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)',
    );
    const insertMember = db.prepare(
      "INSERT OR IGNORE INTO memberships (space_id, actor_id, role, created_at) VALUES (?, ?, 'member', ?)",
    );
    const sites = ['Lyon', 'Basel', 'Boston', 'Munich', 'Toulouse', 'Berlin', 'Cambridge', 'Geneva', 'Lille', 'Hamburg'];
    const peopleCount = options.people ?? 0;
    db.transaction(() => {
      for (let i = 0; i < peopleCount; i++) {
        const id = `bulk-person-${i}`;
        const locale = LOCALES[i % LOCALES.length]!;
        insertActor.run(id, `Person ${i}`, `person ${i}`, sites[i % sites.length], locale, 'Engineer', iso(newest - 400 * 86_400_000));
        for (const { spaceId } of options.spaces) insertMember.run(spaceId, id, iso(newest - 300 * 86_400_000));
      }
    })();
    report.people = peopleCount;
    // A crowd asking to join the private spaces: their owners' lists must stay a page.
    const insertRequest = db.prepare(
      "INSERT OR IGNORE INTO join_requests (space_id, actor_id, message, created_at) VALUES (?, ?, '', ?)",
    );
    const privateSpaces = db.prepare<[], { id: string }>("SELECT id FROM spaces WHERE visibility = 'private'").all();
    db.transaction(() => {
      for (const { id: spaceId } of privateSpaces) {
        for (let i = 0; i < peopleCount; i += 2) insertRequest.run(spaceId, `bulk-person-${i}`, iso(newest - (peopleCount - i) * 60_000));
      }
    })();
    const authors = db
      .prepare<[], { id: string }>('SELECT id FROM actors WHERE deactivated_at IS NULL ORDER BY id')
      .all()
      .map((r) => r.id);
    const pickAuthor = () => authors[Math.floor(rand() * authors.length)]!;

    const insertPost = db.prepare(
      `INSERT INTO posts (id, space_id, author_id, kind, body, locale, created_at, edited_at, publish_at, publish_pending, pinned_at, pinned_until, requires_ack)
       VALUES (?, ?, ?, 'text', ?, ?, ?, NULL, ?, ?, NULL, NULL, ?)`,
    );
    const insertText = db.prepare<[string, string], { seq: number }>(
      'INSERT INTO post_texts (post_id, locale) VALUES (?, ?) RETURNING seq',
    );
    const insertFts = db.prepare('INSERT INTO posts_fts (rowid, body) VALUES (?, ?)');
    const insertVariant = db.prepare(
      'INSERT INTO post_variants (post_id, locale, body, machine, created_at) VALUES (?, ?, ?, 0, ?)',
    );
    const insertReaction = db.prepare(
      'INSERT OR IGNORE INTO reactions (object_id, actor_id, kind, created_at) VALUES (?, ?, ?, ?)',
    );
    const insertComment = db.prepare(
      'INSERT INTO comments (id, post_id, space_id, parent_id, author_id, body, locale, created_at, edited_at, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL)',
    );
    const insertAck = db.prepare('INSERT OR IGNORE INTO post_acks (post_id, actor_id, created_at) VALUES (?, ?, ?)');
    const kinds = ['like', 'celebrate', 'insightful'];

    const writePost = (spaceId: string, index: number, total: number) => {
      const id = `bulk-${runTag}-${spaceId}-${index}`;
      // Index 0 is the oldest post; the newest is at `newest` minus a minute,
      // so the demo's own recent posts stay on top.
      const at = newest - 60_000 - (total - 1 - index) * spacingMs;
      const createdAt = iso(at);
      const locale = LOCALES[Math.floor(rand() * LOCALES.length)]!;
      const text = pool[locale][Math.floor(rand() * BODY_POOL_SIZE)]!;
      // A few scheduled drafts among the newest posts.
      const draft = index > total - 200 && rand() < 0.02;
      const publishAt = draft ? iso(newest + 86_400_000 * (1 + Math.floor(rand() * 30))) : null;
      const requiresAck = rand() < 0.003 ? 1 : 0;
      insertPost.run(id, spaceId, pickAuthor(), text.body, locale, createdAt, publishAt, draft ? 1 : 0, requiresAck);
      insertFts.run(insertText.get(id, locale)!.seq, text.stems);
      if (rand() < 0.05) {
        const other = LOCALES.find((l) => l !== locale)!;
        const variant = pool[other][Math.floor(rand() * BODY_POOL_SIZE)]!;
        insertVariant.run(id, other, variant.body, createdAt);
        insertFts.run(insertText.get(id, other)!.seq, variant.stems);
      }
      const viral = index % VIRAL_EVERY === VIRAL_EVERY - 1;
      const reactionCount = viral ? VIRAL_REACTIONS : rand() < 0.3 ? 1 + Math.floor(rand() * 6) : 0;
      for (let r = 0; r < reactionCount; r++) {
        const actor = viral ? authors[r % authors.length]! : pickAuthor();
        const kind = viral ? kinds[Math.floor(r / authors.length) % kinds.length]! : kinds[Math.floor(rand() * kinds.length)]!;
        report.reactions += insertReaction.run(id, actor, kind, createdAt).changes;
      }
      const commentCount = viral ? VIRAL_COMMENTS : rand() < 0.08 ? 1 + Math.floor(rand() * 3) : 0;
      for (let c = 0; c < commentCount; c++) {
        const body = pool[locale][Math.floor(rand() * BODY_POOL_SIZE)]!.body;
        insertComment.run(`${id}-c${c}`, id, spaceId, pickAuthor(), body, locale, iso(at + (c + 1) * 1_000));
      }
      report.comments += commentCount;
      if (requiresAck) {
        const acks = Math.floor(rand() * 20);
        for (let a = 0; a < acks; a++) insertAck.run(id, pickAuthor(), createdAt);
      }
    };

    for (const { spaceId, posts } of options.spaces) {
      for (let start = 0; start < posts; start += BATCH_ROWS) {
        const end = Math.min(posts, start + BATCH_ROWS);
        db.transaction(() => {
          for (let i = start; i < end; i++) writePost(spaceId, i, posts);
        })();
      }
      report.posts += posts;
    }
    // Fresh statistics, as a long-running database would have after
    // `PRAGMA optimize`: the planner's choices are then the real ones.
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}
