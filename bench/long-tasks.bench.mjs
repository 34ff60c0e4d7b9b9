/**
 * Long tasks at page load, without any tracing, and what rendered in them
 * (a benchmark and a diagnosis tool, not a test: nothing here fails on time).
 *
 *   npm run build && npm run bench:long-tasks
 *   RUNS=12 PAGES=intranet npm run bench:long-tasks
 *   COMPARE=../other-checkout RUNS=8 PAGES=intranet npm run bench:long-tasks
 *
 * Starts the built server as `npm start` runs it (its own process, a
 * temporary SQLite database with the demo organisation, `--auth dev`, the
 * SDK from dist/sdk, the built examples) and loads each example page RUNS
 * times in a fresh context of one headless system Chromium (playwright-core,
 * /usr/bin/chromium or CHROME_PATH), 1350 × 940 as Lighthouse's desktop
 * preset. The page itself reports its long tasks (PerformanceObserver,
 * `longtask`, buffered: tasks over 50 ms) for LOAD_MS after navigation; no
 * trace is recorded, since tracing (Lighthouse's categories especially)
 * makes every task longer.
 *
 * Each long task is printed with the Ecotone elements' updates that ran in
 * it: every element class's `performUpdate` is timed (customElements.define
 * is wrapped before the SDK loads), and the updates that started within the
 * task are summed per element. An update's time includes creating the
 * elements its render makes, not their own first renders. A long task with
 * no update in it is the browser's (style, layout, paint) or the SDK's
 * evaluation, which come before any element renders.
 *
 * Each load also reports how long the SDK's evaluation took: the duration
 * of `ecotone.js`'s module script in the page's long animation frames
 * (`long-animation-frame` entries list the scripts of a frame over 50 ms;
 * the frame that evaluates the SDK is one, with its first layout).
 *
 * With COMPARE set to another checkout of the project, built, the same
 * pages are served from both (a server each, started in each directory)
 * and loaded in turn, this one first on odd loads and the other first on
 * even ones, so that both see the same machine: a change measured against
 * the code before it, on a machine whose load varies from minute to minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startExamples } from './_server.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const PAGES = (process.env.PAGES ?? 'intranet,open-ecosystem,tech-watch').split(',');
const LOAD_MS = Number(process.env.LOAD_MS ?? 5_000);
const VIEWPORT = { width: 1350, height: 940 };
const COMPARE = process.env.COMPARE;

/** Runs in the page before anything else. */
function watchPage() {
  const updates = [];
  const longTasks = [];
  const evaluations = [];
  window.__ecotoneLoad = { updates, longTasks, evaluations };
  new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      for (const script of frame.scripts) if (script.invokerType === 'module-script' && script.sourceURL.endsWith('/sdk/ecotone.js')) evaluations.push(script.duration);
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  const define = customElements.define.bind(customElements);
  customElements.define = (name, cls, options) => {
    const own = cls.prototype.performUpdate;
    if (own && name.startsWith('eco-')) {
      cls.prototype.performUpdate = function performUpdate() {
        const start = performance.now();
        try {
          return own.call(this);
        } finally {
          updates.push([name, start, performance.now() - start]);
        }
      };
    }
    return define(name, cls, options);
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ecotone-long-tasks-'));
const builds = [{ name: 'this checkout', server: await startExamples(dir) }];
if (COMPARE) {
  // startExamples runs the server of the current directory, with its dist/.
  const here = process.cwd();
  process.chdir(COMPARE);
  try {
    builds.push({ name: COMPARE, server: await startExamples(mkdtempSync(join(dir, 'compare-'))) });
  } finally {
    process.chdir(here);
  }
}
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  console.log(`Long tasks at load, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, Chromium ${browser.version()}, ${RUNS} loads per page${COMPARE ? ' and build' : ''}, ${LOAD_MS} ms each`);
  for (const name of PAGES) {
    const results = new Map(builds.map((build) => [build, { durations: [], evaluations: [], clean: 0, lines: [] }]));
    for (let run = 0; run < RUNS; run++) {
      for (const build of run % 2 ? [...builds].reverse() : builds) {
        const result = results.get(build);
        const context = await browser.newContext({ viewport: VIEWPORT });
        const page = await context.newPage();
        await page.addInitScript(watchPage);
        await page.goto(`${build.server.url}/${name}/`, { waitUntil: 'load' });
        await page.waitForTimeout(LOAD_MS);
        const { updates, longTasks, evaluations } = await page.evaluate(() => window.__ecotoneLoad);
        await context.close();
        if (longTasks.length === 0) result.clean += 1;
        // A module already evaluated, imported again, may be listed too (a few ms): the longest is the evaluation.
        const evaluation = evaluations.length ? Math.max(...evaluations) : undefined;
        if (evaluation !== undefined) result.evaluations.push(evaluation);
        const lines = longTasks.map(([start, duration]) => {
          result.durations.push(duration);
          const inside = updates.filter(([, at]) => at >= start && at <= start + duration);
          const byElement = new Map();
          for (const [element, , ms] of inside) {
            const [count, total] = byElement.get(element) ?? [0, 0];
            byElement.set(element, [count + 1, total + ms]);
          }
          const parts = [...byElement].sort((a, b) => b[1][1] - a[1][1]).map(([element, [count, ms]]) => `${element}×${count} ${ms.toFixed(0)}`);
          return `${duration.toFixed(0)} ms at ${start.toFixed(0)}${parts.length ? `: ${parts.join(', ')}` : ' (no element update)'}`;
        });
        const evaluated = evaluation === undefined ? '' : `SDK evaluated in ${evaluation.toFixed(0)} ms; `;
        result.lines.push(`  load ${run + 1}: ${evaluated}${lines.length ? lines.join('; ') : 'no long task'}`);
      }
    }
    for (const [build, { durations, evaluations, clean, lines }] of results) {
      console.log(`\n${name}${COMPARE ? ` (${build.name})` : ''}:`);
      for (const line of lines) console.log(line);
      durations.sort((a, b) => a - b);
      evaluations.sort((a, b) => a - b);
      const median = evaluations.length ? `; SDK evaluation median ${evaluations[evaluations.length >> 1].toFixed(0)} ms (${evaluations.map((ms) => ms.toFixed(0)).join(', ')})` : '';
      console.log(`  ${clean} of ${RUNS} loads without a long task; ${durations.length} long tasks: ${durations.length ? durations.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}${median}`);
    }
  }
} finally {
  await browser.close();
  for (const build of builds) await build.server.stop();
  rmSync(dir, { recursive: true, force: true });
}
