/**
 * Knowledge note search benchmark (not a test: nothing here fails on time).
 *
 *   npx tsc -b packages/server && node bench/notes-search.bench.mjs
 *
 * Builds a temporary SQLite database with 10,000 generated notes in French,
 * German and English, then runs varied searches through searchVisibleNotes,
 * the function GET /api/v1/notes calls (stemming, FTS5 match, bm25, totals,
 * tag facets, highlights and views included), and prints p50/p95.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateToLatest, openSqlite } from '../packages/server/dist/db/database.js';
import { insertNote } from '../packages/server/dist/notes/note-repository.js';
import { indexText } from '../packages/server/dist/search/stemming.js';
import { searchVisibleNotes } from '../packages/server/dist/notes/search.js';
import { inProcessSearch } from '../packages/server/dist/search/runner.js';
import { corpus, percentile, random } from './_corpus.mjs';

const NOTE_COUNT = 10_000;
const SEARCH_COUNT = 500;
const WARMUP_SEARCHES = 50;
const SPACE_COUNT = 10;
const BODY_WORDS = 120;
const NOW = new Date('2026-11-27T09:00:00.000Z');

const WORDS = {
  fr: 'sécurité réseaux réseau chiffrement post-quantique cryptographie migration certificats données capteurs quantiques édition génomique essais cliniques fournisseurs logiciels nomenclature vulnérabilités correctifs authentification confiance zéro segmentation automates laboratoire mesure précision étude résultats analyse risque conformité règlement européen veille technologique brevets publications prototypes intégration industrielle'.split(' '),
  de: 'Sicherheit Netzwerke Netzwerk Prüfung Verschlüsselung Kryptographie Migration Zertifikate Daten Sensoren Quanten Genomeditierung Studien Lieferanten Software Stückliste Schwachstellen Patches Authentifizierung Vertrauen Segmentierung Steuerungen Labor Messung Genauigkeit Ergebnisse Analyse Risiko Konformität Verordnung Technologiebeobachtung Patente Veröffentlichungen Prototypen Integration Straße größere jährliche'.split(' '),
  en: 'security networks network testing encryption post-quantum cryptography migration certificates data sensors quantum gene editing trials suppliers software bill materials vulnerabilities patches authentication trust zero segmentation controllers laboratory measurement precision study results analysis risk compliance regulation watch patents publications prototypes integration industrial'.split(' '),
};
const TAGS = ['pqc', 'zero-trust', 'sbom', 'quantum', 'crispr', 'ot', 'audit', 'ai', 'privacy', 'cloud', 'iot', 'regulation'];
const MATURITIES = ['draft', 'reviewed', 'reference', 'obsolete'];
const QUERIES = [
  'securite', 'sécurité réseaux', 'Prufung', 'Netzwerke', 'networks', 'post-quantum migration', 'cryptographie',
  'capteurs quantiques', 'zero trust', 'Schwachstellen Patches', 'vulnerabilities', 'gene editing trials',
  'conformité règlement', 'Verschlüsselung', 'certif', 'authentication', 'Labor Messung', 'données', 'sbom', 'prototyp',
];

const rand = random(42);
const { pick, text } = corpus(rand, WORDS);

const dir = mkdtempSync(join(tmpdir(), 'ecotone-bench-'));
const db = openSqlite(join(dir, 'bench.db'));
try {
  await migrateToLatest(db);
  const at = NOW.toISOString();
  await db.insertInto('actors').values({ id: 'bench', display_name: 'Bench', avatar_url: null, site: null, locale: 'en', title: null, created_at: at }).execute();
  const spaces = Array.from({ length: SPACE_COUNT }, (_, i) => `space-${i}`);
  for (const id of spaces) {
    await db.insertInto('spaces').values({ id, name: id, description: '', visibility: 'open', site: null, locale: 'en', created_at: at }).execute();
  }

  const insertStart = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let n = 0; n < NOTE_COUNT; n++) {
      const language = pick(['fr', 'de', 'en']);
      const tags = [...new Set([pick(TAGS), pick(TAGS)])].sort();
      const content = {
        title: text(language, 6),
        body: text(language, BODY_WORDS),
        language,
        tags,
        sources: [],
        maturity: pick(MATURITIES),
        reviewBy: null,
      };
      const index = { title: indexText(content.title, language), body: indexText(content.body, language), tags: indexText(tags.join(' '), language) };
      const createdAt = new Date(NOW.getTime() - n * 60_000).toISOString();
      await insertNote(trx, { ...content, id: `note-${n}`, spaceId: spaces[n % SPACE_COUNT], ownerId: 'bench', promotedFrom: null, createdAt }, index);
    }
  });
  const insertMs = performance.now() - insertStart;

  // The caller reads 8 of the 10 spaces: the restriction is part of every query.
  const readable = new Map(spaces.slice(0, 8).map((id) => [id, 'member']));
  const viewer = { id: 'bench', readable };
  const queryAt = (i) => {
    const query = { q: QUERIES[i % QUERIES.length], limit: 20 };
    if (i % 5 === 1) query.tag = TAGS[i % TAGS.length];
    if (i % 7 === 2) query.maturity = MATURITIES[i % MATURITIES.length];
    if (i % 11 === 3) query.space = spaces[i % 8];
    return query;
  };
  for (let i = 0; i < WARMUP_SEARCHES; i++) await searchVisibleNotes({ db, search: inProcessSearch(db) }, viewer, queryAt(i), NOW);
  const times = [];
  let hits = 0;
  for (let i = 0; i < SEARCH_COUNT; i++) {
    const start = performance.now();
    const result = await searchVisibleNotes({ db, search: inProcessSearch(db) }, viewer, queryAt(i), NOW);
    times.push(performance.now() - start);
    hits += result.total;
  }
  times.sort((a, b) => a - b);
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log(`notes: ${NOTE_COUNT} (fr/de/en, ${BODY_WORDS}-word bodies) inserted and indexed in ${fmt(insertMs)} (${fmt(insertMs / NOTE_COUNT)} per note)`);
  console.log(`searches: ${SEARCH_COUNT} (${QUERIES.length} queries, some with tag/maturity/space filters), mean total ${Math.round(hits / SEARCH_COUNT)} matches`);
  console.log(`p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  max ${fmt(times[times.length - 1])}`);
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
