/**
 * marked's lexer, bounded in depth and time for any input. marked recurses
 * once per nested quote, list, emphasis or link (`'>'.repeat(4000)` overflowed
 * the stack and broke the page for every reader), and several of its rules
 * read ahead to the end of the block from every position (quadratic time).
 * The tokenizer here refuses to open a level beyond MARKDOWN_MAX_NESTING and
 * shows those rules a window of the body instead of all of it; each window
 * says what a reader sees beyond it.
 */
import { Tokenizer, type Tokens } from 'marked';
import { MARKDOWN_MAX_NESTING } from './markdown-limits.js';

export { MARKDOWN_MAX_NESTING };

/**
 * marked's tokenizer, refusing to open a quote or list (block) or an emphasis,
 * strikethrough or link (inline) beyond MARKDOWN_MAX_NESTING. Returning
 * undefined makes the lexer try its next rule, which ends at paragraph or
 * plain text: the characters are kept.
 */
export class BoundedTokenizer extends Tokenizer {
  /** How many quotes/lists and emphasis/links are open around the current position. */
  private readonly depth = { block: 0, inline: 0 };

  override blockquote(src: string): Tokens.Blockquote | undefined {
    return this.nested('block', () => super.blockquote(src));
  }

  override list(src: string): Tokens.List | undefined {
    return this.nested('block', () => {
      const end = listWindowEnd(src);
      if (end >= src.length) return super.list(src);
      const queued = this.lexer.inlineQueue.length;
      const window = src.slice(0, end);
      const token = super.list(window);
      // Ended two lines or more before the window's end (marked weighs each
      // line with the next): as it would have on the whole body.
      const beforeLastTwoLines = window.lastIndexOf('\n', window.lastIndexOf('\n', window.length - 2) - 1);
      if (!token || token.raw.length < beforeLastTwoLines) return token;
      // Read again only if cut shorter: nested lists then read less than
      // the window, so no level reads twice what the level above read twice.
      const cut = listCut(src);
      if (cut >= end) return token;
      this.lexer.inlineQueue.length = queued;
      return super.list(src.slice(0, cut));
    });
  }

  override emStrong(src: string, maskedSrc: string, prevChar?: string): Tokens.Em | Tokens.Strong | undefined {
    return this.nested('inline', () => closedWithin(src, maskedSrc, (s, m) => super.emStrong(s, m, prevChar)));
  }

  override del(src: string, maskedSrc: string, prevChar?: string): Tokens.Del | undefined {
    return this.nested('inline', () => closedWithin(src, maskedSrc, (s, m) => super.del(s, m, prevChar)));
  }

  override link(src: string): Tokens.Link | Tokens.Image | undefined {
    return this.nested('inline', () => super.link(src));
  }

  override reflink(src: string, links: Parameters<Tokenizer['reflink']>[1]): Tokens.Link | Tokens.Image | Tokens.Text | undefined {
    return this.nested('inline', () => super.reflink(src, links));
  }

  // marked's text and email rules look ahead over a whole run of letters and
  // punctuation for an `@`, at every token: quadratic on a long run without
  // spaces (`'_a'.repeat(25000)` took seconds). They only ever need a short
  // look ahead, so they are shown a window of the source, cut after a space
  // when there is one (where a token may start anyway).
  override inlineText(src: string): Tokens.Text | undefined {
    return super.inlineText(lookAhead(src));
  }

  override url(src: string): Tokens.Link | undefined {
    // A URL is read whole (the rule consumes what it reads); only an email's run is cut.
    return super.url(URL_START.test(src) ? src : lookAhead(src));
  }

  // A paragraph, a setext heading and a table are found by rules that look
  // ahead over every following line (the table rule at each line of a
  // paragraph, to see whether a table interrupts it): quadratic on bodies of
  // many short lines that almost make a table. They are shown
  // BLOCK_LOOK_AHEAD_MAX_CHARS at a time instead.
  // Each is tried at every line of a list item, so each first checks, in the
  // window, a line it cannot do without.
  override lheading(src: string): Tokens.Heading | undefined {
    const window = src.slice(0, blockWindowEnd(src, 0));
    return UNDERLINE.test(window) ? super.lheading(window) : undefined;
  }

  override table(src: string): Tokens.Table | undefined {
    if (!DELIMITER_ROW.test(src)) return undefined;
    // marked splits every row before it compares the header's cells with the
    // delimiter row's: the first two lines decide, at the cost of two lines.
    const queued = this.lexer.inlineQueue.length;
    const header = super.table(src.slice(0, src.indexOf('\n', src.indexOf('\n') + 1) + 1 || src.length));
    this.lexer.inlineQueue.length = queued;
    return header ? super.table(src.slice(0, blockWindowEnd(src, 0))) : undefined;
  }

  override paragraph(src: string): Tokens.Paragraph | undefined {
    let from = 0;
    for (;;) {
      const end = blockWindowEnd(src, from);
      const match = this.rules.block.paragraph.exec(src.slice(from, end));
      if (!match) return undefined;
      const stop = from + match[0].length;
      const lastLine = src.lastIndexOf('\n', end - 2) + 1;
      // Stopped before the window's last line, or at the end of the body: the
      // paragraph ends here. Otherwise it goes on; the next window starts on
      // the last line read, a line of this paragraph, so the rule decides
      // about the line after it exactly as it would on the whole body.
      if (end === src.length || stop <= lastLine || lastLine <= from) return super.paragraph(src.slice(0, stop));
      from = lastLine;
    }
  }

  /** Runs a rule one level deeper; past the cap it does not run, and its markers stay text. */
  private nested<T>(kind: 'block' | 'inline', parse: () => T | undefined): T | undefined {
    if (this.depth[kind] >= MARKDOWN_MAX_NESTING) return undefined;
    this.depth[kind]++;
    try {
      return parse();
    } finally {
      this.depth[kind]--;
    }
  }
}

/** Farthest an emphasis or a strikethrough may close from where it opens, in characters; beyond, its markers are text. */
const EMPHASIS_MAX_CHARS = 500;
/** Most `*`, `_` and `~` an emphasis or a strikethrough may span, its own included; beyond, likewise. */
const EMPHASIS_MAX_MARKERS = 64;
/** What marked's delimiter rules read around that span: the run before the opener, the flanking after the closer. */
const DELIMITER_CONTEXT_CHARS = 64;

/**
 * marked looks for the closer of every `*`, `_` and `~` up to the end of the
 * block, weighing each delimiter on the way: quadratic on a long run of
 * delimiters that never close (`'b<~'` repeated to 10,000 characters took
 * 1.3 s). It is shown the span it may close in, with some context on both
 * sides (`maskedSrc` is the whole block with code and links masked; `src`
 * its part from the opener on).
 */
function closedWithin<T extends { raw: string }>(src: string, maskedSrc: string, find: (src: string, maskedSrc: string) => T | undefined): T | undefined {
  const opener = src[0];
  if (src.length <= EMPHASIS_MAX_CHARS + DELIMITER_CONTEXT_CHARS || (opener !== '*' && opener !== '_' && opener !== '~')) return find(src, maskedSrc);
  let span = 0;
  for (let markers = 0; span < EMPHASIS_MAX_CHARS; span++) {
    const char = src[span];
    if ((char === '*' || char === '_' || char === '~') && ++markers > EMPHASIS_MAX_MARKERS) break;
  }
  const window = span + DELIMITER_CONTEXT_CHARS;
  const at = maskedSrc.length - src.length;
  const token = find(src.slice(0, window), maskedSrc.slice(Math.max(0, at - DELIMITER_CONTEXT_CHARS), at + window));
  return token && token.raw.length <= span ? token : undefined;
}

/** How far marked's text and email rules may look ahead, in characters (beyond the longest email address, 254). */
const LOOK_AHEAD_MAX_CHARS = 320;
/** How far back from that limit a space or line break is looked for, to end the window on. */
const LOOK_AHEAD_BREAK_CHARS = 64;

/** The start of `src` that marked's text and email rules may see: LOOK_AHEAD_MAX_CHARS, ending after a space or line break near the end if there is one. */
function lookAhead(src: string): string {
  if (src.length <= LOOK_AHEAD_MAX_CHARS) return src;
  for (let end = LOOK_AHEAD_MAX_CHARS; end > LOOK_AHEAD_MAX_CHARS - LOOK_AHEAD_BREAK_CHARS; end--) {
    const char = src.charCodeAt(end - 1);
    if (char === 32 || char === 10) return src.slice(0, end);
  }
  return src.slice(0, LOOK_AHEAD_MAX_CHARS);
}

/** What marked's URL rule reads as a link by its start (not an email address). */
const URL_START = /^(?:https?:\/\/|ftp:\/\/|www\.|mailto:|xmpp:)/i;

/** How far the paragraph, setext heading and table rules may look ahead, in characters (whole lines, at least two). */
const BLOCK_LOOK_AHEAD_MAX_CHARS = 1000;

/** A line that may underline a setext heading: no heading without one. */
const UNDERLINE = /\n {0,3}[=-]/;
/** A table's second line, its delimiter row (`|---|:--:|`): no table without one. */
const DELIMITER_ROW = /^[^\n]*\n[ |:-]*-[ |:-]*(?:\n|$)/;

/** End of the window of whole lines from `from`: at least two lines, else up to BLOCK_LOOK_AHEAD_MAX_CHARS, each line with its line break. */
function blockWindowEnd(src: string, from: number): number {
  const first = src.indexOf('\n', from);
  if (first < 0) return src.length;
  const second = src.indexOf('\n', first + 1);
  if (second < 0) return src.length;
  const limit = from + BLOCK_LOOK_AHEAD_MAX_CHARS;
  if (second + 1 >= limit) return second + 1;
  if (limit >= src.length) return src.length;
  return src.lastIndexOf('\n', limit - 1) + 1;
}

/**
 * Longest list marked reads at once, in characters. marked appends each line
 * of a list item to the item's text and searches that text at every line,
 * which copies it each time: quadratic on an item of thousands of lines
 * (`'- a\n' + 'b\n'.repeat(25_000)` took half a second). A longer list is
 * read as consecutive lists, cut before one of its items (a list that ends
 * within the window is read as it is).
 */
const LIST_WINDOW_CHARS = 10_000;
/** A bullet or number opening a list item, after the list's own indentation. */
const ITEM_START = /(?:[*+-]|\d{1,9}[.)])(?:[ \t]|\n|$)/y;

/** End of the list window: whole lines up to LIST_WINDOW_CHARS, at least the first. */
function listWindowEnd(src: string): number {
  if (src.length <= LIST_WINDOW_CHARS) return src.length;
  const last = src.lastIndexOf('\n', LIST_WINDOW_CHARS - 1);
  if (last >= 0) return last + 1;
  const first = src.indexOf('\n');
  return first < 0 ? src.length : first + 1;
}

/** Where to cut a list longer than LIST_WINDOW_CHARS: before its last item that starts in the window's second half, else at the window's end. */
function listCut(src: string): number {
  const indent = /^ */.exec(src)![0].length;
  for (let line = src.lastIndexOf('\n', LIST_WINDOW_CHARS - 1); line > LIST_WINDOW_CHARS / 2; line = src.lastIndexOf('\n', line - 1)) {
    const start = line + 1 + indent;
    ITEM_START.lastIndex = start;
    if (src.slice(line + 1, start).trim() === '' && src[start] !== ' ' && ITEM_START.test(src)) return line + 1;
  }
  return listWindowEnd(src);
}
