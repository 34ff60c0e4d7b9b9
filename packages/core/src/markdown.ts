/**
 * The Markdown subset of post bodies, parsed into Ecotone's own small AST.
 *
 * marked's `Lexer` does the parsing; this module keeps only what the AST can
 * express and turns everything else into plain text. There is no HTML in the
 * output at any point: elements render the AST through templates, so raw HTML
 * in a post shows as the characters the author typed, and a link survives only
 * when its URL is http:, https: or mailto:.
 *
 * Parsing is bounded for any input: marked's lexer recurses once per nested
 * quote, list, emphasis or link, so `'>'.repeat(4000)` used to overflow the
 * stack and break the page for every reader. The lexer here refuses to open a
 * container deeper than MARKDOWN_MAX_NESTING; the markers beyond stay text.
 */
import { Lexer, Tokenizer, type Token, type Tokens } from 'marked';
import { decodeEntities, safeHref } from './safe-href.js';

/** Inline content. */
export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'del'; children: MdInline[] }
  | { type: 'codespan'; text: string }
  /** `href` is an absolute http:, https: or mailto: URL, normalised. */
  | { type: 'link'; href: string; title?: string; children: MdInline[] }
  | { type: 'br' };

/** Heading levels allowed in posts: a post sits inside a page, so it never gets h1 or h2. */
export type MdHeadingLevel = 3 | 4 | 5 | 6;

/** One list item: its first lines as inline content, then any nested blocks (sub-lists, more paragraphs). */
export interface MdListItem {
  children: MdInline[];
  blocks: MdBlock[];
}

/** A list block. */
export interface MdList {
  type: 'list';
  ordered: boolean;
  /** First number of an ordered list. */
  start?: number;
  items: MdListItem[];
}

/** Block content. */
export type MdBlock =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'heading'; level: MdHeadingLevel; children: MdInline[] }
  | MdList
  | { type: 'blockquote'; children: MdBlock[] }
  /** `lang` is the info string's first word, for a CSS class at most. */
  | { type: 'code'; lang?: string; text: string };

/**
 * Deepest nesting kept, counted apart for blocks (quotes and lists inside
 * each other) and for inline spans (emphasis, strikethrough and links inside
 * each other, within one block). A marker that would open one more level
 * stays text, and the rest of the document parses as usual. Each level costs
 * marked one more pass over its content, so the cap also bounds the time.
 */
export const MARKDOWN_MAX_NESTING = 16;

/**
 * marked's tokenizer, refusing to open a quote or list (block) or an emphasis,
 * strikethrough or link (inline) beyond MARKDOWN_MAX_NESTING. Returning
 * undefined makes the lexer try its next rule, which ends at paragraph or
 * plain text: the characters are kept.
 */
class BoundedTokenizer extends Tokenizer {
  private blockDepth = 0;
  private inlineDepth = 0;

  override blockquote(src: string): Tokens.Blockquote | undefined {
    return this.block(() => super.blockquote(src));
  }

  override list(src: string): Tokens.List | undefined {
    return this.block(() => {
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
    return this.inline(() => closedWithin(src, maskedSrc, (s, m) => super.emStrong(s, m, prevChar)));
  }

  override del(src: string, maskedSrc: string, prevChar?: string): Tokens.Del | undefined {
    return this.inline(() => closedWithin(src, maskedSrc, (s, m) => super.del(s, m, prevChar)));
  }

  override link(src: string): Tokens.Link | Tokens.Image | undefined {
    return this.inline(() => super.link(src));
  }

  override reflink(src: string, links: Parameters<Tokenizer['reflink']>[1]): Tokens.Link | Tokens.Image | Tokens.Text | undefined {
    return this.inline(() => super.reflink(src, links));
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

  private block<T>(parse: () => T | undefined): T | undefined {
    if (this.blockDepth >= MARKDOWN_MAX_NESTING) return undefined;
    this.blockDepth++;
    try {
      return parse();
    } finally {
      this.blockDepth--;
    }
  }

  private inline<T>(parse: () => T | undefined): T | undefined {
    if (this.inlineDepth >= MARKDOWN_MAX_NESTING) return undefined;
    this.inlineDepth++;
    try {
      return parse();
    } finally {
      this.inlineDepth--;
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

/** How far marked's text and email rules may look ahead, in characters (well beyond any email address). */
const LOOK_AHEAD_MAX_CHARS = 512;
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

/**
 * Parses a post body into a safe AST, in bounded depth and time whatever the
 * input (see MARKDOWN_MAX_NESTING).
 *
 * @example
 * for (const block of parseMarkdown(post.body)) render(block);
 */
export function parseMarkdown(text: string): MdBlock[] {
  try {
    const tokens = new Lexer({ gfm: true, breaks: false, tokenizer: new BoundedTokenizer() }).lex(text);
    return blocks(tokens, 0);
  } catch {
    // Second line of defence, should marked fail on an input nobody foresaw:
    // the author's characters as one paragraph rather than no post at all.
    const paragraph = paragraphOf(text);
    return paragraph ? [paragraph] : [];
  }
}

function blocks(tokens: readonly Token[], depth: number): MdBlock[] {
  const out: MdBlock[] = [];
  for (const token of tokens) {
    const block = toBlock(token, depth);
    if (block) out.push(block);
  }
  return out;
}

// The conversion keeps its own guard (the lexer's cap should make it
// unreachable): deeper than the cap, a token becomes its raw text.
function toBlock(token: Token, depth: number): MdBlock | undefined {
  if (depth > MARKDOWN_MAX_NESTING) return paragraphOf(token.raw);
  switch (token.type) {
    case 'paragraph':
      return { type: 'paragraph', children: inlines((token as Tokens.Paragraph).tokens, 0) };
    case 'text': {
      // Block-level text occurs in tight list items.
      const t = token as Tokens.Text;
      return { type: 'paragraph', children: t.tokens ? inlines(t.tokens, 0) : textNodes(t.text) };
    }
    case 'heading': {
      const h = token as Tokens.Heading;
      const level = Math.min(6, Math.max(3, h.depth + 2)) as MdHeadingLevel;
      return { type: 'heading', level, children: inlines(h.tokens, 0) };
    }
    case 'list':
      return list(token as Tokens.List, depth);
    case 'blockquote':
      return { type: 'blockquote', children: blocks((token as Tokens.Blockquote).tokens, depth + 1) };
    case 'code': {
      const c = token as Tokens.Code;
      const lang = c.lang?.trim().split(/\s+/, 1)[0];
      return lang ? { type: 'code', lang, text: c.text } : { type: 'code', text: c.text };
    }
    case 'space':
    case 'hr':
    case 'def':
      return undefined;
    default:
      // html, table and anything a newer marked adds: the author's characters, as text.
      return paragraphOf(token.raw);
  }
}

function paragraphOf(raw: string): MdBlock | undefined {
  const text = raw.trim();
  return text ? { type: 'paragraph', children: [{ type: 'text', text }] } : undefined;
}

function list(token: Tokens.List, depth: number): MdList {
  const items = token.items.map((item): MdListItem => {
    const children: MdInline[] = [];
    const nested: MdBlock[] = [];
    if (item.task) children.push({ type: 'text', text: item.checked ? '[x] ' : '[ ] ' });
    let hasLine = false;
    for (const child of item.tokens) {
      if (child.type === 'checkbox') continue;
      // The first text or paragraph is the item's own line; the rest is nested.
      if (!hasLine && nested.length === 0 && (child.type === 'text' || child.type === 'paragraph')) {
        const t = child as Tokens.Text | Tokens.Paragraph;
        children.push(...(t.tokens ? inlines(t.tokens, 0) : textNodes(decodeEntities(t.text))));
        hasLine = true;
        continue;
      }
      const block = toBlock(child, depth + 1);
      if (block) nested.push(block);
    }
    return { children: mergeText(children), blocks: nested };
  });
  const start = token.ordered && typeof token.start === 'number' && token.start !== 1 ? token.start : undefined;
  return start === undefined ? { type: 'list', ordered: token.ordered, items } : { type: 'list', ordered: token.ordered, start, items };
}

function inlines(tokens: readonly Token[], depth: number): MdInline[] {
  const out: MdInline[] = [];
  for (const token of tokens) out.push(...toInline(token, depth));
  return mergeText(out);
}

function toInline(token: Token, depth: number): MdInline[] {
  if (depth > MARKDOWN_MAX_NESTING) return textNodes(token.raw);
  switch (token.type) {
    case 'text':
    case 'escape': {
      const t = token as Tokens.Text;
      // Text inside list items may carry its own inline tokens (no nesting of its own).
      return t.tokens ? inlines(t.tokens, depth) : textNodes(decodeEntities(t.text));
    }
    case 'strong':
    case 'em':
    case 'del':
      return [{ type: token.type, children: inlines((token as Tokens.Strong).tokens, depth + 1) }];
    case 'codespan':
      return [{ type: 'codespan', text: decodeEntities((token as Tokens.Codespan).text) }];
    case 'br':
      return [{ type: 'br' }];
    case 'link': {
      const l = token as Tokens.Link;
      const children = inlines(l.tokens, depth + 1);
      const href = safeHref(l.href);
      // An unsafe link keeps its words, without the link.
      if (href === undefined) return children;
      const title = l.title ? decodeEntities(l.title) : undefined;
      return [title ? { type: 'link', href, title, children } : { type: 'link', href, children }];
    }
    case 'image': {
      // Images would make the reader's browser fetch a URL of the author's choosing: show the alt text.
      const alt = (token as Tokens.Image).text;
      return alt ? textNodes(decodeEntities(alt)) : [];
    }
    case 'checkbox':
      return [];
    default:
      // html (inline tags, comments) and unknown tokens: the author's characters, as text.
      return textNodes(token.raw);
  }
}

function textNodes(text: string): MdInline[] {
  return text ? [{ type: 'text', text }] : [];
}

/** Joins adjacent text nodes (the lexer splits text at every special character). */
function mergeText(nodes: MdInline[]): MdInline[] {
  const out: MdInline[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (node.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + node.text };
    else out.push(node);
  }
  return out;
}
