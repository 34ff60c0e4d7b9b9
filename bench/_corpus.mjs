/**
 * What the search benchmarks share: a seeded random source (the same run
 * every time), texts drawn from a vocabulary with function words of each
 * language, and percentiles.
 */

/** Function words of each language, mixed into generated texts. */
export const GLUE = {
  fr: 'le la les des du et pour avec dans sur une un'.split(' '),
  de: 'der die das und für mit in auf ein eine von'.split(' '),
  en: 'the a of and for with in on to by from'.split(' '),
};

/** mulberry32, as in the demo seed. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `pick` and `text` over one random source and a vocabulary by language (about a third function words). */
export function corpus(rand, words) {
  const pick = (items) => items[Math.floor(rand() * items.length)];
  const text = (language, count) => {
    const out = [];
    for (let i = 0; i < count; i++) out.push(rand() < 0.35 ? pick(GLUE[language]) : pick(words[language]));
    return out.join(' ');
  };
  return { pick, text };
}

/** The p-th percentile of sorted numbers (nearest rank). */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
