import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POST_BODY_MAX_CHARS } from './constants.js';
import { firstLink } from './first-link.js';

/**
 * The expression firstLink replaced: its reference on inputs short enough
 * for its quadratic search not to matter.
 */
function referenceFirstLink(markdown: string): string | undefined {
  const match =
    /\[[^\]]*\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^\s>]+)>|(https?:\/\/[^\s<>()[\]"'`]+)/i.exec(markdown);
  if (!match) return undefined;
  const [, markdownLink, autolink, bare] = match;
  return markdownLink ?? autolink ?? bare?.replace(/[.,;:!?*_~]+$/, '');
}

/** Pieces of links and of what surrounds them, so that random texts often almost make a link. */
const piece = fc.constantFrom(
  '[', ']', '(', ')', '<', '>', '"', "'", '`', ' ', '\n', '\t', '\u00a0', '.', ',', '!', '*', '_', '~', ':', '/', 'a', 'h', 'H',
  'http://', 'https://', 'HTTPS://', 'hTtP://', 'http:/', 'x.example', '/p?q=1', '](', '[a](', ' "t"', '"', '>)', ')',
);
/** A Markdown link, an autolink or a bare URL, each part present, missing or slightly wrong. */
const nearLink = fc
  .tuple(
    fc.constantFrom('', '[', '[a', '[a]', '[]', '[a [b]', '<', '!['),
    fc.constantFrom('', ']', '](', '] (', ']()', '](\n'),
    fc.constantFrom('', ' ', '\n\t', '<', ' <'),
    fc.constantFrom('http://', 'https://', 'HTTP://', 'http:/', 'ftp://', 'http://'),
    fc.constantFrom('', 'x.example', 'a.b/p?q=1', 'a(b)', 'a"b', "a'b", 'a>b', 'a]b', 'a.', 'a.,!', 'a_~*'),
    fc.constantFrom('', '>', ' ', ' "t"', '\n"t"', ' "t', '> "t" '),
    fc.constantFrom('', ')', ' )', '>)', '.', ')!'),
  )
  .map((parts) => parts.join(''));
const linkish = (maxPieces: number) =>
  fc.array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: nearLink }), { maxLength: maxPieces }).map((pieces) => pieces.join(''));

/** Repeated markers, the inputs that made the expression quadratic, with a link or not at the end. */
const adversarial = (maxChars: number) =>
  fc
    .tuple(
      fc.constantFrom('[', '<', '[a](', '<http://a', '[](http://a', '](http://a "', 'http://a.', '(http://', '[a]( ', '<https://', '"', ' '),
      fc.integer({ min: 1, max: maxChars }),
      fc.constantFrom('', 'x', ' https://ok.example/', '](https://ok.example/)', '>', ')'),
    )
    .map(([unit, chars, tail]) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, Math.max(0, chars - tail.length)) + tail);

describe('firstLink (property-based)', () => {
  it('picks what the former expression picked, on short texts', () => {
    fc.assert(
      fc.property(linkish(40), (text) => {
        expect(firstLink(text)).toBe(referenceFirstLink(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('picks what the former expression picked, on repeated markers', () => {
    fc.assert(
      fc.property(adversarial(2000), (text) => {
        expect(firstLink(text)).toBe(referenceFirstLink(text));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws and returns an http(s) URL of the text, up to the longest post', () => {
    fc.assert(
      fc.property(fc.oneof(adversarial(POST_BODY_MAX_CHARS), linkish(POST_BODY_MAX_CHARS / 8)), (text) => {
        const link = firstLink(text);
        if (link !== undefined) {
          expect(link).toMatch(/^https?:\/\//i);
          expect(text).toContain(link);
        }
      }),
      { numRuns: 100 },
    );
  });
});
