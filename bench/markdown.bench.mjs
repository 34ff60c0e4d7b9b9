/**
 * Markdown and link finding benchmark (not a test: nothing here fails on time).
 *
 *   npx tsc -b packages/core && node bench/markdown.bench.mjs
 *
 * Parses each hostile family of bench/_markdown-inputs.mjs (the bodies that
 * overflowed marked's stack or made it quadratic) at 10,000 characters (the
 * longest post), 50,000 (the longest note) and 100,000 (twice that, to show
 * the scaling), next to a normal body of the same lengths; then finds the
 * first link of hostile and normal bodies with firstLink (@ecotone/protocol),
 * next to the expression it replaced (at 2,500 to 10,000 characters: it is
 * quadratic). Each figure is the median of several runs, after a warm-up.
 */
import { performance } from 'node:perf_hooks';
import { parseMarkdown } from '../packages/core/dist/markdown.js';
import { firstLink } from '../packages/protocol/dist/first-link.js';
import { HOSTILE_FAMILIES, normalBody, repeatTo } from './_markdown-inputs.mjs';
import { percentile } from './_corpus.mjs';

const LENGTHS = [10_000, 50_000, 100_000];
const RUNS = 5;

/** Median time of `fn()` over RUNS runs after one warm-up, in milliseconds. */
function median(fn) {
  fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);
const row = (name, times) => {
  const scaling = times.at(-1) / Math.max(times[0], 0.01);
  console.log(`${name.padEnd(34)}${times.map(fmt).join('')}   x${scaling.toFixed(1)}`);
};
const header = (title, lengths = LENGTHS) => {
  const ratio = `${lengths.at(-1) / 1000}k/${lengths[0] / 1000}k (linear: x${lengths.at(-1) / lengths[0]})`;
  console.log(`\n${title.padEnd(34)}${lengths.map((n) => `${n / 1000}k`.padStart(8)).join('')}   ${ratio}`);
};
/** Median times of `measure` on `build(n)` for each length (bodies built beforehand). */
const timesOf = (build, measure, lengths = LENGTHS) => lengths.map((n) => build(n)).map((body) => median(() => measure(body)));

header('parseMarkdown, ms');
row('normal body', timesOf(normalBody, parseMarkdown));
const parsed = Object.entries(HOSTILE_FAMILIES).map(([name, build]) => [name, timesOf(build, parseMarkdown)]);
parsed.sort((a, b) => b[1][1] - a[1][1]);
for (const [name, times] of parsed) row(name, times);

/** The expression firstLink replaced. */
const FORMER = /\[[^\]]*\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^\s>]+)>|(https?:\/\/[^\s<>()[\]"'`]+)/i;
const LINK_FAMILIES = {
  'normal body': normalBody,
  "'['": (n) => repeatTo('[', n),
  "'[a]('": (n) => repeatTo('[a](', n),
  "'[](http://a'": (n) => repeatTo('[](http://a', n),
  "'<http://a'": (n) => repeatTo('<http://a', n),
  "'](http://a \"'": (n) => repeatTo('](http://a "', n),
  "'http://a' + '.'": (n) => 'http://a' + repeatTo('.', n - 9) + ' ',
};
header('firstLink, ms');
for (const [name, build] of Object.entries(LINK_FAMILIES)) row(name, timesOf(build, firstLink));
// Quadratic: measured at shorter lengths, or it runs for minutes.
const FORMER_LENGTHS = [2_500, 5_000, 10_000];
header('former expression, ms', FORMER_LENGTHS);
for (const [name, build] of Object.entries(LINK_FAMILIES)) row(name, timesOf(build, (body) => FORMER.exec(body), FORMER_LENGTHS));
