import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_BODY_MAX_CHARS, NOTE_BODY_MAX_CHARS, POST_BODY_MAX_CHARS } from '@ecotone/protocol';
import { HOSTILE_FAMILIES } from '../../../bench/_markdown-inputs.mjs';
import { nestingOf, visibleText } from './_markdown-fixtures.js';
import { MARKDOWN_MAX_NESTING, parseMarkdown } from './markdown.js';

/** Markers of every construct, and a few letters, so that random texts are dense in Markdown. */
const MARKERS = ['>', '> ', '-', '- ', '* ', '+ ', '1. ', '2) ', '#', '# ', '*', '**', '_', '__', '~', '~~', '`', '```', '~~~', '[', ']', '(', ')', '![', '<', '>', '</', '<!--', '-->', '|', '---', '===', '\\', '&', '&amp;', '&#', ':', '"', "'", 'http://', 'www.', '@', ' ', '  ', '    ', '\t', '\n', '\n\n', 'a', 'b', 'X', 'é', '1'];
const marker = fc.constantFrom(...MARKERS);
const markdownish = (maxPieces: number) => fc.array(marker, { maxLength: maxPieces }).map((pieces) => pieces.join(''));

/** A hostile family at a random length up to one of the body limits. */
const hostile = fc
  .tuple(fc.constantFrom(...Object.keys(HOSTILE_FAMILIES)), fc.constantFrom(COMMENT_BODY_MAX_CHARS, POST_BODY_MAX_CHARS, NOTE_BODY_MAX_CHARS), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([family, limit, fraction]) => HOSTILE_FAMILIES[family]!(Math.max(1, Math.round(limit * fraction))));

/** Random pieces repeated many times: structures nested or chained far beyond any real body. */
const repeatedPieces = fc
  .tuple(fc.array(marker, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: POST_BODY_MAX_CHARS }))
  .map(([pieces, chars]) => {
    const unit = pieces.join('');
    return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
  });

function expectBounded(body: string): void {
  const blocks = parseMarkdown(body);
  const depth = nestingOf(blocks);
  expect(depth.block).toBeLessThanOrEqual(MARKDOWN_MAX_NESTING);
  expect(depth.inline).toBeLessThanOrEqual(MARKDOWN_MAX_NESTING);
}

/** Letters, in order, case folded (a task box `[X]` reads `[x]`); digits may be list numbers, which are markers. */
const words = (text: string) => (text.match(/\p{L}/gu) ?? []).join('').toLowerCase();

describe('parseMarkdown (property-based)', () => {
  it('never throws and never nests beyond the cap, on random Markdown', () => {
    fc.assert(fc.property(markdownish(400), expectBounded), { numRuns: 400 });
  });

  it('never throws and never nests beyond the cap, on hostile bodies up to the longest note', () => {
    // Every family once at the longest post, then random families and lengths.
    const examples = Object.values(HOSTILE_FAMILIES).map((build): [string] => [build(POST_BODY_MAX_CHARS)]);
    fc.assert(fc.property(hostile, expectBounded), { numRuns: 60, examples });
  });

  it('never throws and never nests beyond the cap, on pieces repeated up to the longest post', () => {
    fc.assert(fc.property(repeatedPieces, expectBounded), { numRuns: 60 });
  });

  // What marked drops by design is left out of the alphabet: link targets and
  // definitions (`(`, `:`), character references (`&amp;` reads `&`) and code
  // info strings (after ``` and ~~~). Everything else the author typed, beyond
  // markers, must still be read, in order, however the markers nest.
  const KEPT = MARKERS.filter((m) => !/[(:&`~]/.test(m));
  it('keeps every letter the author typed, in order', () => {
    const body = fc.oneof(
      fc.array(fc.constantFrom(...KEPT), { maxLength: 300 }).map((pieces) => pieces.join('')),
      fc
        .tuple(fc.array(fc.constantFrom(...KEPT), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3000 }))
        .map(([pieces, times]) => pieces.join('').repeat(times).slice(0, POST_BODY_MAX_CHARS)),
    );
    fc.assert(
      fc.property(body, (text) => {
        expect(words(visibleText(parseMarkdown(text)))).toBe(words(text));
      }),
      { numRuns: 200 },
    );
  });
});
