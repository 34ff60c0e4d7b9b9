/**
 * Post search benchmark (not a test: nothing here fails on time).
 *
 *   npx tsc -b packages/server && node bench/posts-search.bench.mjs
 *
 * Builds a temporary SQLite database with 5,000 generated posts in French,
 * German and English, 40% of them with variants in one or two other
 * languages (written through insertPost and insertVariants, so indexing is
 * measured as the server does it), a few scheduled drafts, then runs varied
 * searches through searchVisiblePosts, the function GET /api/v1/posts/search
 * calls (stemming, FTS5 match, bm25, best language per post, draft rules,
 * totals, post views and highlights included), and prints p50/p95.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openSqlite } from '../packages/server/dist/db/database.js';
import { insertPost } from '../packages/server/dist/posts/post-repository.js';
import { insertVariants } from '../packages/server/dist/posts/variant-repository.js';
import { searchVisiblePosts } from '../packages/server/dist/search/post-search.js';
import { inProcessSearch } from '../packages/server/dist/search/runner.js';
import { corpus, percentile, random } from './_corpus.mjs';

const POST_COUNT = 5_000;
const VARIANT_SHARE = 0.4;
const DRAFT_SHARE = 0.02;
const SEARCH_COUNT = 500;
const WARMUP_SEARCHES = 50;
const SPACE_COUNT = 10;
const BODY_WORDS = 60;
const NOW = new Date('2026-11-27T09:00:00.000Z');
const LOCALES = ['fr', 'de', 'en'];

const WORDS = {
  fr: 'sécurité réseaux réseau parking travaux cantine formation évacuation laboratoire thérapie cellulaire essais cliniques fournisseurs logiciels correctifs authentification données capteurs mesure résultats analyse risque conformité règlement veille brevets prototypes intégration équipes site bâtiment réunion'.split(' '),
  de: 'Sicherheit Netzwerke Netzwerk Prüfung Parkplatz Bauarbeiten Kantine Schulung Evakuierung Labor Zelltherapie Studien Lieferanten Software Patches Authentifizierung Daten Sensoren Messung Ergebnisse Analyse Risiko Konformität Verordnung Patente Prototypen Integration Teams Standort Gebäude Besprechung Straße'.split(' '),
  en: 'security networks network testing parking works canteen training evacuation laboratory cell therapy clinical trials suppliers software patches authentication data sensors measurement results analysis risk compliance regulation watch patents prototypes integration teams site building meeting'.split(' '),
};
const QUERIES = [
  'securite', 'sécurité réseaux', 'Prufung', 'Netzwerke', 'networks', 'parking', 'cantine', 'Zelltherapie',
  'clinical trials', 'Schwachstellen', 'patches', 'conformité règlement', 'Straße', 'authentification', 'labo',
  'Besprechung Standort', 'évacuation', 'données', 'prototyp', 'risk analysis',
];

const rand = random(42);
const { pick, text } = corpus(rand, WORDS);

const dir = mkdtempSync(join(tmpdir(), 'ecotone-bench-'));
const db = openSqlite(join(dir, 'bench.db'));
try {
  await migrateToLatest(db);
  const at = NOW.toISOString();
  for (const id of ['bench', 'other']) {
    await db.insertInto('actors').values({ id, display_name: id, avatar_url: null, site: null, locale: 'en', title: null, created_at: at }).execute();
  }
  const spaces = Array.from({ length: SPACE_COUNT }, (_, i) => `space-${i}`);
  for (const id of spaces) {
    await db.insertInto('spaces').values({ id, name: id, description: '', visibility: 'open', site: null, locale: 'en', created_at: at }).execute();
  }

  let texts = 0;
  const insertStart = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let n = 0; n < POST_COUNT; n++) {
      const locale = pick(LOCALES);
      const createdAt = new Date(NOW.getTime() - n * 60_000).toISOString();
      const draft = rand() < DRAFT_SHARE;
      const id = `post-${n}`;
      await insertPost(trx, {
        id,
        space_id: spaces[n % SPACE_COUNT],
        // Drafts of someone else: hidden from the searcher.
        author_id: draft ? 'other' : 'bench',
        kind: 'note',
        body: text(locale, BODY_WORDS),
        locale,
        created_at: createdAt,
        edited_at: null,
        publish_at: draft ? new Date(NOW.getTime() + 86_400_000).toISOString() : null,
        publish_pending: draft ? 1 : 0,
      });
      texts++;
      if (rand() < VARIANT_SHARE) {
        const others = LOCALES.filter((l) => l !== locale).slice(0, rand() < 0.5 ? 1 : 2);
        await insertVariants(trx, id, others.map((l) => ({ locale: l, body: text(l, BODY_WORDS), machine: rand() < 0.5 })), createdAt);
        texts += others.length;
      }
    }
  });
  const insertMs = performance.now() - insertStart;

  // The caller reads 8 of the 10 spaces, owns none: the restriction and the draft rule are part of every query.
  const readable = spaces.slice(0, 8).map((id) => ({ space: { id }, role: 'member' }));
  const ctx = { db, search: inProcessSearch(db), ballotSecret: Buffer.alloc(32), now: () => NOW, reactionKinds: ['like', 'celebrate', 'insightful', 'support'] };
  const actor = { id: 'bench' };
  const queryAt = (i) => {
    const spacesOf = i % 9 === 4 ? readable.slice(i % 8, (i % 8) + 1) : readable;
    return [spacesOf, { q: QUERIES[i % QUERIES.length], limit: 20 }];
  };
  for (let i = 0; i < WARMUP_SEARCHES; i++) await searchVisiblePosts(ctx, actor, ...queryAt(i));
  const times = [];
  let hits = 0;
  for (let i = 0; i < SEARCH_COUNT; i++) {
    const start = performance.now();
    const result = await searchVisiblePosts(ctx, actor, ...queryAt(i));
    times.push(performance.now() - start);
    hits += result.total;
  }
  times.sort((a, b) => a - b);
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log(`posts: ${POST_COUNT} (fr/de/en, ${BODY_WORDS}-word bodies), ${texts} indexed texts with variants, inserted and indexed in ${fmt(insertMs)} (${fmt(insertMs / POST_COUNT)} per post)`);
  console.log(`searches: ${SEARCH_COUNT} (${QUERIES.length} queries, some in one space), mean total ${Math.round(hits / SEARCH_COUNT)} matches`);
  console.log(`p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  max ${fmt(times[times.length - 1])}`);
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
