/**
 * `<eco-feed>` in a real browser against the real server (not a test:
 * nothing here fails on time).
 *
 *   npm run bench:feed-render        (builds, then runs this file)
 *
 * Builds a temporary SQLite database with generated Markdown posts (three
 * spaces: 50, 100 and 10,000 posts, written through insertPost as the server
 * writes them), starts the built `ecotone serve` on it in a process of its
 * own (`--auth dev`, the SDK from dist/sdk), and drives one Chromium
 * (playwright-core, /usr/bin/chromium or CHROME_PATH) through:
 *
 * 1. Scrolling. With 100 and then 10,000 posts loaded into the client (all
 *    pages fetched from the server before the feed is mounted), the feed is
 *    scrolled by SCROLL_STEP_PX per animation frame over SCROLL_DISTANCE_PX.
 *    Counts the nodes of the composed DOM (shadow roots included) during the
 *    scroll, and the long tasks (PerformanceObserver 'longtask', over 50 ms).
 * 2. First render of 50 posts. With the posts in the client, from appending
 *    `<eco-feed>` to the paint after its 50 posts have rendered, and to the
 *    paint of its first screen (the first frame whose rendered posts reach
 *    the bottom of the window); long tasks during that time. Then the same
 *    composed DOM, serialised as static HTML (declarative shadow roots, each
 *    with the text of the styles it adopts), from the first byte of the
 *    document to the paint after its last element.
 *
 * Each figure is the median of RUNS runs, each in a fresh page.
 * FEED_RENDER_PROFILE=1 also prints where the main thread spent its time
 * during the first render of 50 posts and while scrolling 10,000 posts (CPU
 * profiles, top functions by self time); FEED_RENDER_SDK=dir serves another
 * build of the SDK than dist/sdk (an unminified one reads better in profiles).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { migrateToLatest, openSqlite } from '../packages/server/dist/db/database.js';
import { insertPost } from '../packages/server/dist/posts/post-repository.js';
import { corpus, random } from './_corpus.mjs';
import { startServe } from './_server.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const SPACES = { 'feed-50': 50, 'feed-100': 100, 'feed-10k': 10_000 };
const SCROLL_DISTANCE_PX = 15_000;
const SCROLL_STEP_PX = 100;
const FIRST_RENDER_POSTS = 50;
const VIEWPORT = { width: 1280, height: 800 };
const NOW = new Date('2026-12-03T09:00:00.000Z');
const LOCALES = ['en', 'fr', 'de'];
const AUTHORS = [
  ['amelie', 'Amélie Laurent', 'Lyon', 'fr'],
  ['oliver', 'Oliver Brown', 'Cambridge', 'en'],
  ['anna', 'Anna Schmidt', 'Basel', 'de'],
  ['priya', 'Priya Nair', 'Cambridge', 'en'],
  ['camille', 'Camille Martin', 'Lyon', 'fr'],
  ['jonas', 'Jonas Weber', 'Basel', 'de'],
];
const WORDS = {
  en: 'laboratory cell therapy clinical batch site building canteen parking training meeting results analysis team project sample protocol equipment safety audit supplier release'.split(' '),
  fr: 'laboratoire thérapie cellulaire lot clinique site bâtiment cantine parking formation réunion résultats analyse équipe projet échantillon protocole équipement sécurité audit fournisseur'.split(' '),
  de: 'Labor Zelltherapie Charge klinisch Standort Gebäude Kantine Parkplatz Schulung Besprechung Ergebnisse Analyse Team Projekt Probe Protokoll Ausrüstung Sicherheit Prüfung Lieferant'.split(' '),
};

const rand = random(7);
const { pick, text } = corpus(rand, WORDS);

/** A post body as people write them: paragraphs with emphasis and links, sometimes a list, a heading, a quote or code. */
function body(locale) {
  const sentence = () => {
    const words = text(locale, 8 + Math.floor(rand() * 14)).split(' ');
    const at = Math.floor(rand() * words.length);
    const r = rand();
    if (r < 0.25) words[at] = `**${words[at]}**`;
    else if (r < 0.45) words[at] = `_${words[at]}_`;
    else if (r < 0.6) words[at] = `[${words[at]}](https://intranet.example/${words[at].toLowerCase()})`;
    else if (r < 0.7) words[at] = `\`${words[at]}\``;
    return `${words.join(' ')}.`;
  };
  const paragraph = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, sentence).join(' ');
  const blocks = [paragraph()];
  const r = rand();
  if (r < 0.2) blocks.push(Array.from({ length: 2 + Math.floor(rand() * 3) }, () => `- ${sentence()}`).join('\n'));
  else if (r < 0.3) blocks.unshift(`### ${text(locale, 4)}`);
  else if (r < 0.38) blocks.push(`> ${sentence()}`);
  else if (r < 0.42) blocks.push('```\nmake test\n```');
  if (rand() < 0.5) blocks.push(paragraph());
  return blocks.join('\n\n');
}

async function buildDatabase(dir) {
  const db = openSqlite(join(dir, 'bench.db'));
  try {
    await migrateToLatest(db);
    const at = new Date(NOW.getTime() - 400 * 86_400_000).toISOString();
    for (const [id, name, site, locale] of [['reader', 'Bench Reader', 'Lyon', 'en'], ...AUTHORS]) {
      await db.insertInto('actors').values({ id, display_name: name, avatar_url: null, site, locale, title: null, created_at: at, deactivated_at: null }).execute();
    }
    await db.transaction().execute(async (trx) => {
      for (const [space, count] of Object.entries(SPACES)) {
        await trx.insertInto('spaces').values({ id: space, name: space, description: '', visibility: 'open', site: null, locale: 'en', created_at: at }).execute();
        await trx.insertInto('memberships').values({ space_id: space, actor_id: 'reader', role: 'member', created_at: at }).execute();
        for (let n = 0; n < count; n++) {
          const [author, , , authorLocale] = pick(AUTHORS);
          const locale = rand() < 0.6 ? authorLocale : pick(LOCALES);
          await insertPost(trx, {
            id: `${space}-${String(n).padStart(5, '0')}`,
            space_id: space,
            author_id: author,
            kind: rand() < 0.1 ? 'question' : 'note',
            body: body(locale),
            locale,
            created_at: new Date(NOW.getTime() - n * 600_000).toISOString(),
            edited_at: null,
            publish_at: null,
            pinned_at: null,
            pinned_until: null,
          });
        }
      }
    });
  } finally {
    await db.destroy();
  }
}

function startServer(dir) {
  return startServe(['--db', join(dir, 'bench.db'), '--auth', 'dev', '--serve-dir', `/sdk=${process.env.FEED_RENDER_SDK ?? 'dist/sdk'}`, '--serve-dir', `/bench=${dir}`]);
}

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Feed render benchmark</title>
  <style>body { margin: 0; font-family: system-ui, sans-serif; } main { max-width: 42rem; margin: 0 auto; padding: 1rem; }</style>
  <script type="module" src="feed-render.js"></script>
</head>
<body><eco-provider id="provider" token="dev:reader"><main id="main"></main></eco-provider></body>
</html>
`;

/** Runs in the page: `window.bench`, over the SDK's elements and the provider's client. */
const PAGE_SCRIPT = `
const provider = document.getElementById('provider');
provider.setAttribute('endpoint', location.origin);
await import('/sdk/ecotone.js');
await provider.updateComplete;
const client = provider.currentClient;
const held = [];
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
// After the next frame's paint: a task queued from requestAnimationFrame runs once the frame is out.
const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Calls visit on every tree under root (its own, then each shadow root, nested ones included). */
function eachTree(root, visit) {
  const trees = [root.shadowRoot ?? root];
  if (root.shadowRoot) trees.push(root);
  while (trees.length > 0) {
    const tree = trees.pop();
    visit(tree);
    for (const el of tree.querySelectorAll('*')) if (el.shadowRoot) trees.push(el.shadowRoot);
  }
}
/** Nodes of the composed DOM of the body, shadow roots included (native walkers: this runs during the scroll). */
function nodeCount() {
  let n = 0;
  eachTree(document.body, (tree) => {
    const walker = document.createTreeWalker(tree);
    while (walker.nextNode()) n++;
  });
  return n;
}
function litElements(root) {
  const out = [];
  eachTree(root, (tree) => out.push(...[...tree.querySelectorAll('*')].filter((el) => 'updateComplete' in el)));
  return out;
}

/**
 * Waits until root and every Lit element under it have rendered, with at
 * least minPosts posts. The tree is walked only once root says it is complete,
 * so the walk does not run between the tasks of a progressive render.
 */
async function settled(root, minPosts = 0) {
  for (;;) {
    await root.updateComplete;
    const elements = litElements(root);
    await Promise.all(elements.map((e) => e.updateComplete));
    const posts = elements.filter((e) => e.localName === 'eco-post').length;
    if (posts >= minPosts && !root.isUpdatePending && elements.every((e) => !e.isUpdatePending)) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function watchLongTasks() {
  const durations = [];
  const observer = new PerformanceObserver((list) => durations.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  return () => {
    durations.push(...observer.takeRecords().map((e) => e.duration));
    observer.disconnect();
    return durations;
  };
}

window.bench = {
  /** Fetches pages of a space's feed into the client until it holds count posts (or the feed ends). */
  async preload(space, count) {
    const feed = client.feed(space);
    let state;
    held.push(feed.state$.subscribe((s) => (state = s)));
    while (!state || state.status === 'loading') await new Promise((resolve) => setTimeout(resolve, 0));
    if (state.status === 'error') throw new Error(String(state.error));
    while (state.hasMore && state.items.length < count) await feed.loadMore();
    await client.me();
    return state.items.length;
  },
  /**
   * Appends the feed of a space; resolves after the paint that shows its
   * posts, with the time to it and to the paint of the first screen: the
   * first frame whose last rendered post (reaction buttons included) reaches
   * the bottom of the window, or shows the last post.
   */
  async mount(space, minPosts) {
    const main = document.getElementById('main');
    const stop = watchLongTasks();
    const feed = document.createElement('eco-feed');
    feed.setAttribute('space', space);
    feed.setAttribute('manual-load', '');
    const start = performance.now();
    let firstScreenMs;
    // Layout is read at the start of a frame, before the browser's own: it forces no extra one.
    const watchFirstScreen = () =>
      requestAnimationFrame(() => {
        const shown = [...(feed.shadowRoot?.querySelectorAll('eco-post') ?? [])].filter((p) => p.hasUpdated && p.shadowRoot.querySelector('footer eco-like-button')?.hasUpdated);
        const last = shown[shown.length - 1];
        if (last && (shown.length === feed.state?.items.length || last.getBoundingClientRect().bottom >= innerHeight)) {
          setTimeout(() => (firstScreenMs = performance.now() - start));
        } else {
          watchFirstScreen();
        }
      });
    watchFirstScreen();
    main.replaceChildren(feed);
    await settled(feed, minPosts);
    await painted();
    const ms = performance.now() - start;
    return { ms, firstScreenMs, longTasks: stop(), nodes: nodeCount(), posts: feed.shadowRoot.querySelectorAll('eco-post').length };
  },
  /** Scrolls the window by stepPx per animation frame over distancePx. */
  async scroll(distancePx, stepPx) {
    scrollTo(0, 0);
    await painted();
    const stop = watchLongTasks();
    const nodes = [];
    const start = performance.now();
    let frames = 0;
    for (let y = 0; y < distancePx; y += stepPx) {
      scrollBy(0, stepPx);
      await frame();
      if (frames++ % 10 === 0) nodes.push(nodeCount());
    }
    await painted();
    nodes.push(nodeCount());
    return { ms: performance.now() - start, frames, scrolledPx: scrollY, nodes, longTasks: stop(), height: document.documentElement.scrollHeight };
  },
  /** The composed DOM of the page's body as static HTML: declarative shadow roots with the text of their styles. */
  staticHtml() {
    const escapeText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const styleText = (root) => [...root.adoptedStyleSheets].map((sheet) => [...sheet.cssRules].map((r) => r.cssText).join('\\n')).join('\\n');
    const out = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return escapeText(node.data);
      if (node.nodeType === Node.COMMENT_NODE) return '<!--' + node.data + '-->';
      if (node.nodeType !== Node.ELEMENT_NODE || node.localName === 'script') return '';
      const attrs = [...node.attributes].map((a) => ' ' + a.name + '="' + escapeAttr(a.value) + '"').join('');
      const shadow = node.shadowRoot
        ? '<template shadowrootmode="open"><style>' + styleText(node.shadowRoot) + '</style>' + [...node.shadowRoot.childNodes].map(out).join('') + '</template>'
        : '';
      const inner = shadow + [...node.childNodes].map(out).join('');
      return ['img', 'br', 'input', 'hr', 'meta', 'link'].includes(node.localName) ? '<' + node.localName + attrs + '>' : '<' + node.localName + attrs + '>' + inner + '</' + node.localName + '>';
    };
    return [...document.body.childNodes].map(out).join('');
  },
};
window.benchReady = true;
`;

/** Loaded last in the static page: the paint after its last element. */
const STATIC_SCRIPT = `<script>
requestAnimationFrame(() => setTimeout(() => {
  window.staticMs = performance.now() - performance.getEntriesByType('navigation')[0].responseStart;
}, 0));
</script>`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const max = (values) => values.reduce((a, b) => Math.max(a, b), 0);

async function openBenchPage(browser, url) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${url}/bench/feed-render.html`);
  await page.waitForFunction(() => window.benchReady === true);
  return page;
}

async function scrollRun(browser, url, space, count) {
  const page = await openBenchPage(browser, url);
  try {
    const loaded = await page.evaluate(([s, c]) => window.bench.preload(s, c), [space, count]);
    await page.evaluate((s) => window.bench.mount(s, 1), space);
    const result = await page.evaluate(([d, s]) => window.bench.scroll(d, s), [SCROLL_DISTANCE_PX, SCROLL_STEP_PX]);
    return { loaded, ...result };
  } finally {
    await page.close();
  }
}

/** Prints the top functions by self time of a CPU profile taken while `run` runs in the page. */
async function printProfile(page, title, run) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const { functionName, url: file, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${file.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`\nCPU profile ${title} (self time, ms, of ${total.toFixed(0)} ms):`);
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${key}`);
}

async function profileFirstRender(browser, url) {
  const page = await openBenchPage(browser, url);
  try {
    await page.evaluate(([s, c]) => window.bench.preload(s, c), ['feed-50', FIRST_RENDER_POSTS]);
    await printProfile(page, `of the first render of ${FIRST_RENDER_POSTS} posts`, () =>
      page.evaluate(([s, c]) => window.bench.mount(s, c), ['feed-50', FIRST_RENDER_POSTS]),
    );
  } finally {
    await page.close();
  }
}

async function profileScroll(browser, url, space, count) {
  const page = await openBenchPage(browser, url);
  try {
    await page.evaluate(([s, c]) => window.bench.preload(s, c), [space, count]);
    await page.evaluate((s) => window.bench.mount(s, 1), space);
    await printProfile(page, `while scrolling ${count} posts`, () =>
      page.evaluate(([d, s]) => window.bench.scroll(d, s), [SCROLL_DISTANCE_PX, SCROLL_STEP_PX]),
    );
  } finally {
    await page.close();
  }
}

async function firstRenderRun(browser, url) {
  const page = await openBenchPage(browser, url);
  try {
    await page.evaluate(([s, c]) => window.bench.preload(s, c), ['feed-50', FIRST_RENDER_POSTS]);
    const result = await page.evaluate(([s, c]) => window.bench.mount(s, c), ['feed-50', FIRST_RENDER_POSTS]);
    const html = await page.evaluate(() => window.bench.staticHtml());
    return { ...result, html };
  } finally {
    await page.close();
  }
}

async function staticRun(browser, url) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  try {
    await page.goto(`${url}/bench/static-50.html`);
    await page.waitForFunction(() => typeof window.staticMs === 'number');
    return await page.evaluate(() => ({ ms: window.staticMs, nodes: document.querySelectorAll('*').length }));
  } finally {
    await page.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ecotone-feed-render-'));
let server;
let browser;
try {
  const buildStart = performance.now();
  await buildDatabase(dir);
  console.log(`database: ${Object.entries(SPACES).map(([s, n]) => `${s} ${n} posts`).join(', ')} (${((performance.now() - buildStart) / 1000).toFixed(1)} s)`);
  writeFileSync(join(dir, 'feed-render.html'), PAGE_HTML);
  writeFileSync(join(dir, 'feed-render.js'), PAGE_SCRIPT);
  server = await startServer(dir);
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const version = browser.version();
  console.log(`Feed render benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, Chromium ${version}, ${RUNS} runs each`);

  if (process.env.FEED_RENDER_PROFILE) {
    await profileFirstRender(browser, server.url);
    await profileScroll(browser, server.url, 'feed-10k', SPACES['feed-10k']);
  }

  console.log(`\nScrolling ${SCROLL_DISTANCE_PX.toLocaleString('en')} px, ${SCROLL_STEP_PX} px per frame (medians; max over runs in brackets):`);
  for (const [space, count] of [['feed-100', 100], ['feed-10k', 10_000]]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await scrollRun(browser, server.url, space, count));
    const loaded = runs[0].loaded;
    const nodesMax = runs.map((r) => max(r.nodes));
    const nodesMin = runs.map((r) => Math.min(...r.nodes));
    const counts = runs.map((r) => r.longTasks.length);
    const longest = runs.map((r) => max(r.longTasks));
    const blocking = runs.map((r) => r.longTasks.reduce((a, d) => a + d - 50, 0));
    console.log(
      `  ${String(loaded).padStart(6)} posts loaded: DOM nodes ${median(nodesMin)}–${median(nodesMax)} [${max(nodesMax)}], ` +
        `long tasks ${median(counts)} [${max(counts)}], longest ${median(longest).toFixed(0)} ms [${max(longest).toFixed(0)}], ` +
        `blocking ${median(blocking).toFixed(0)} ms, ${median(runs.map((r) => r.frames))} frames in ${median(runs.map((r) => r.ms)).toFixed(0)} ms` +
        (runs.some((r) => r.scrolledPx < SCROLL_DISTANCE_PX) ? ` (reached only ${Math.min(...runs.map((r) => r.scrolledPx))} px)` : ''),
    );
  }

  const renders = [];
  const statics = [];
  for (let i = 0; i < RUNS; i++) {
    const render = await firstRenderRun(browser, server.url);
    renders.push(render);
    // The same composed DOM as static HTML, from this run's render.
    writeFileSync(join(dir, 'static-50.html'), `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Static feed</title><style>body { margin: 0; font-family: system-ui, sans-serif; } main { max-width: 42rem; margin: 0 auto; padding: 1rem; }</style></head><body>${render.html}${STATIC_SCRIPT}</body></html>\n`);
    statics.push(await staticRun(browser, server.url));
  }
  const renderMs = median(renders.map((r) => r.ms));
  const staticMs = median(statics.map((r) => r.ms));
  const ratios = renders.map((r, i) => r.ms / statics[i].ms);
  const firstScreens = renders.map((r) => r.firstScreenMs ?? Number.NaN);
  console.log(`\nFirst render of ${FIRST_RENDER_POSTS} posts (medians):`);
  console.log(
    `  <eco-feed>, posts in the client: ${renderMs.toFixed(0)} ms to the paint (${renders[0].posts} posts, ${renders[0].nodes} nodes), ` +
      `first screen painted at ${median(firstScreens).toFixed(0)} ms [${max(firstScreens).toFixed(0)}], ` +
      `long tasks ${median(renders.map((r) => r.longTasks.length))} [${max(renders.map((r) => r.longTasks.length))}], longest ${median(renders.map((r) => max(r.longTasks))).toFixed(0)} ms [${max(renders.map((r) => max(r.longTasks))).toFixed(0)}]`,
  );
  console.log(`  the same markup as static HTML (${(Buffer.byteLength(renders[0].html) / 1024).toFixed(0)} KB, declarative shadow DOM): ${staticMs.toFixed(0)} ms from first byte to the paint`);
  console.log(
    `  ratio: ×${(renderMs / staticMs).toFixed(2)} (target ≤ ×2); run by run (each render with its own static page): ` +
      `×${median(ratios).toFixed(2)} [${Math.min(...ratios).toFixed(2)}–${max(ratios).toFixed(2)}]`,
  );
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
