import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_BODY_MAX_CHARS, NOTE_BODY_MAX_CHARS, POST_BODY_MAX_CHARS } from '@ecotone/protocol';
import { HOSTILE_FAMILIES } from '../../../bench/_markdown-inputs.mjs';
import { mentionMarkdown, mentionedIds } from '@ecotone/protocol/rules';
import { mentionsOf, nestingOf, visibleText } from './_markdown-fixtures.js';
import { MARKDOWN_MAX_NESTING, parseMarkdown } from './markdown.js';

/** Markers of every construct, and a few letters, so that random texts are dense in Markdown. */
const MARKERS = ['>', '> ', '-', '- ', '* ', '+ ', '1. ', '2) ', '#', '# ', '*', '**', '_', '__', '~', '~~', '`', '```', '~~~', '[', ']', '(', ')', '![', '<', '>', '</', '<!--', '-->', '|', '---', '===', '\\', '&', '&amp;', '&#', ':', '"', "'", 'http://', 'www.', '@', '[@', '](mention:a)', '](mention:b-2)', 'mention:', ' ', '  ', '    ', '\t', '\n', '\n\n', 'a', 'b', 'X', 'é', '1'];
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
  expectMentionsChecked(body, blocks);
}

/**
 * Nobody is shown as mentioned whom the server did not check: every mention
 * of the AST is one `mentionedIds` reads in the body (which the server
 * validates at publish and lists in `mentions`).
 */
function expectMentionsChecked(body: string, blocks = parseMarkdown(body)): void {
  const read = new Set(mentionedIds(body));
  for (const mention of mentionsOf(blocks)) {
    expect(read.has(mention.actorId), `${mention.actorId} mentioned in ${JSON.stringify(body.slice(0, 200))}`).toBe(true);
    expect(mention.label).not.toContain('\n');
  }
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

  it('reads back any name mentionMarkdown writes, as one mention, wherever it stands', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    // Any characters a display name may hold (controls aside: the server's names are one line of text).
    const name = fc
      .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), markdownish(8))
      .filter((n) => n !== '' && !/[\p{Cc}]/u.test(n));
    fc.assert(
      fc.property(id, name, markdownish(20), markdownish(20), (actorId, displayName, before, after) => {
        const written = mentionMarkdown({ id: actorId, displayName });
        // Alone in a paragraph: exactly that mention.
        expect(mentionsOf(parseMarkdown(written))).toEqual([{ actorId, label: displayName }]);
        // Among random Markdown: never a person the body does not mention.
        expectMentionsChecked(`${before} ${written} ${after}`);
      }),
      { numRuns: 300 },
    );
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
