/**
 * Page load of the example pages (not a test: nothing here fails on time).
 *
 *   npm run build && npm run bench:page-load
 *
 * Starts the reference server as `npm start` does (the built CLI in its own
 * process, a temporary SQLite database with the demo organisation, `--auth
 * dev`, the SDK under /sdk/ and the examples under /), then runs Lighthouse 12
 * with its desktop preset on each example page, RUNS times, each run in a
 * fresh headless Chromium (the system's: CHROME_PATH, /usr/bin/chromium by
 * default; nothing is ever downloaded). The pages sign their demo user in by
 * themselves (dev auth), so Lighthouse measures the real content, not a
 * sign-in screen.
 *
 * Prints, per page, the median of the runs: performance, accessibility and
 * best-practices scores, total blocking time, cumulative layout shift,
 * largest contentful paint (and its element), the longest main-thread
 * task, and the bytes transferred; then what Lighthouse still counts against
 * each page (failed audits of the performance category) and every task over
 * 50 ms. For the side-by-side limit, the same is measured on a static HTML
 * page of the same server with no script.
 * PAGES=intranet,tech-watch restricts the pages; RUNS=5 changes the count;
 * JSON=path writes every run's figures there.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { startExamples } from './_server.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
const EXAMPLES = ['intranet', 'open-ecosystem', 'tech-watch'];
/** The limit beside the examples: a static page of the same server, no script, no API call. */
const STATIC_PAGE = 'static-limit';
const PAGES = process.env.PAGES ? process.env.PAGES.split(',') : [...EXAMPLES, STATIC_PAGE];

for (const built of ['packages/server/dist/cli.js', 'dist/sdk/ecotone.js', 'dist/examples/intranet/index.html']) {
  if (!existsSync(built)) {
    console.error(`${built} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}
if (!existsSync(CHROME_PATH)) {
  console.error(`No Chromium at ${CHROME_PATH} (apt-get install -y chromium, or set CHROME_PATH).`);
  process.exit(1);
}

/** The server as `npm start` runs it, on a temporary database; plus a folder for the static limit. */
async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'ecotone-page-load-'));
  const staticDir = join(dir, 'static');
  writeStaticPage(staticDir);
  const server = await startExamples(dir, [`/${STATIC_PAGE}=${staticDir}`]);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A plain page of about the intranet page's text, with no script: what the browser alone costs. */
function writeStaticPage(dir) {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1}: after eighteen months of works, the Basel site opens a laboratory dedicated to cell therapy.</p>`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Static limit</title><link rel="icon" href="data:,"></head><body><main><h1>Static limit</h1>${paragraphs.join('')}</main></body></html>`,
  );
}

/** One Lighthouse run of `url` in a fresh Chromium; returns the figures of the report. */
async function measure(url) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' }, desktopConfig);
    const { categories, audits, runtimeError, runWarnings } = result.lhr;
    if (runtimeError) throw new Error(`${url}: ${runtimeError.code} ${runtimeError.message}`);
    const longTasks = audits['long-tasks']?.details?.items ?? [];
    return {
      performance: Math.round(categories.performance.score * 100),
      accessibility: Math.round(categories.accessibility.score * 100),
      bestPractices: Math.round(categories['best-practices'].score * 100),
      tbtMs: audits['total-blocking-time'].numericValue,
      cls: audits['cumulative-layout-shift'].numericValue,
      lcpMs: audits['largest-contentful-paint'].numericValue,
      fcpMs: audits['first-contentful-paint'].numericValue,
      longestTaskMs: longTasks.reduce((max, task) => Math.max(max, task.duration), 0),
      longTasks: longTasks.map((task) => ({ url: task.url, startMs: Math.round(task.startTime), durationMs: Math.round(task.duration) })),
      transferredBytes: audits['total-byte-weight'].numericValue,
      lcpElement: audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.selector ?? '',
      failing: Object.values(categories.performance.auditRefs)
        .map((ref) => audits[ref.id])
        .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative')
        .map((audit) => `${audit.id}${audit.displayValue ? ` (${audit.displayValue})` : ''}`),
      warnings: runWarnings,
    };
  } finally {
    await chrome.kill();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const server = await startServer();
const all = {};
try {
  console.log(
    `Page load benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, Lighthouse 12 desktop preset, ${RUNS} runs per page`,
  );
  for (const page of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(`${server.url}/${page}/`));
    all[page] = runs;
    const m = (key) => median(runs.map((run) => run[key]));
    console.log(`\n${page} (median of ${RUNS})`);
    console.log(`  performance ${m('performance')}, accessibility ${m('accessibility')}, best practices ${m('bestPractices')}`);
    console.log(
      `  TBT ${Math.round(m('tbtMs'))} ms, CLS ${m('cls').toFixed(3)}, LCP ${Math.round(m('lcpMs'))} ms, FCP ${Math.round(m('fcpMs'))} ms, longest task ${Math.round(m('longestTaskMs'))} ms, transferred ${(m('transferredBytes') / 1024).toFixed(1)} KiB`,
    );
    console.log(`  per run: ${runs.map((r) => `${r.performance}/${Math.round(r.tbtMs)} ms/${r.cls.toFixed(3)}/${Math.round(r.longestTaskMs)} ms`).join(', ')} (performance/TBT/CLS/longest task)`);
    console.log(`  largest contentful paint: ${[...new Set(runs.map((r) => r.lcpElement))].join(' | ')}`);
    const failing = [...new Set(runs.flatMap((r) => r.failing))];
    if (failing.length) console.log(`  performance audits under 0.9 in some run: ${failing.join('; ')}`);
    const longTasks = runs.flatMap((r) => r.longTasks).filter((t) => t.durationMs > 50);
    if (longTasks.length) console.log(`  tasks over 50 ms: ${longTasks.map((t) => `${t.durationMs} ms at ${t.startMs} ms (${t.url})`).join('; ')}`);
    const warnings = [...new Set(runs.flatMap((r) => r.warnings))];
    if (warnings.length) console.log(`  warnings: ${warnings.join(' | ')}`);
  }
} finally {
  await server.stop();
}
if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(all, null, 2));
