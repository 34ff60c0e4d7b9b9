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
    return this.block(() => super.list(src));
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
    return super.url(lookAhead(src));
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
    return DELIMITER_ROW.test(src) ? super.table(src.slice(0, blockWindowEnd(src, 0))) : undefined;
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
/** What marked's delimiter rules read around that span: the run before the opener, the flanking after the closer. */
const DELIMITER_CONTEXT_CHARS = 64;

/**
 * marked looks for the closer of every `*`, `_` and `~` up to the end of the
 * block: quadratic on a long run of delimiters that never close (`'b<~'`
 * repeated to 10,000 characters took 1.3 s). It is shown the span it may
 * close in, with some context on both sides (`maskedSrc` is the whole block
 * with code and links masked; `src` its part from the opener on).
 */
function closedWithin<T extends { raw: string }>(src: string, maskedSrc: string, find: (src: string, maskedSrc: string) => T | undefined): T | undefined {
  const window = EMPHASIS_MAX_CHARS + DELIMITER_CONTEXT_CHARS;
  if (src.length <= window) return find(src, maskedSrc);
  const at = maskedSrc.length - src.length;
  const token = find(src.slice(0, window), maskedSrc.slice(Math.max(0, at - DELIMITER_CONTEXT_CHARS), at + window));
  return token && token.raw.length <= EMPHASIS_MAX_CHARS ? token : undefined;
}

/** How far marked's text and email rules may look ahead, in characters (well beyond any email address). */
const LOOK_AHEAD_MAX_CHARS = 512;

/** The start of `src` that marked's text and email rules may see: LOOK_AHEAD_MAX_CHARS, ending after a space or line break if one is in the second half. */
function lookAhead(src: string): string {
  if (src.length <= LOOK_AHEAD_MAX_CHARS) return src;
  const space = Math.max(src.lastIndexOf(' ', LOOK_AHEAD_MAX_CHARS - 1), src.lastIndexOf('\n', LOOK_AHEAD_MAX_CHARS - 1));
  return src.slice(0, space >= LOOK_AHEAD_MAX_CHARS / 2 ? space + 1 : LOOK_AHEAD_MAX_CHARS);
}

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
