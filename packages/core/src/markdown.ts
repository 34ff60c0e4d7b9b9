/**
 * The Markdown subset of post bodies, parsed into Ecotone's own small AST.
 *
 * marked's `Lexer` does the parsing; this module keeps only what the AST can
 * express and turns everything else into plain text. There is no HTML in the
 * output at any point: elements render the AST through templates, so raw HTML
 * in a post shows as the characters the author typed, and a link survives only
 * when its URL is http:, https: or mailto:. A mention, `[@Name](mention:id)`
 * as `mentionMarkdown` of `@ecotone/protocol/rules` writes it, becomes a
 * node of its own naming the person by id (elements show the person's
 * current name).
 *
 * Parsing is bounded in depth and time for any input (markdown-bounds.ts):
 * quotes, lists and inline spans nest at most MARKDOWN_MAX_NESTING deep, and
 * the markers beyond stay text.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { mentionTarget } from '@ecotone/protocol/rules';
import { BoundedTokenizer, MARKDOWN_MAX_NESTING } from './markdown-bounds.js';
import { decodeEntities, safeHref } from './safe-href.js';

export { MARKDOWN_MAX_NESTING };

/**
 * Steps that compile marked's regular expressions ahead of the first parse,
 * each meant for a task of its own. V8 first runs a regular expression in its
 * interpreter (compiling it to bytecode) and compiles it to machine code on
 * a later run, once for bodies of Latin-1 characters and once more for
 * bodies with others (’, —, emoji); marked's block rules are so large that
 * these compilations take 50 to 100 ms on a page's first bodies, in the tasks
 * that render the first posts. Run once on a subject of 1,000 characters or
 * more, V8 compiles a regular expression straight to machine code: about a
 * third of the time, for both kinds of text. One step per rule and kind of
 * text: in a page that is loading, one rule's compilation took up to 70 ms
 * (the paragraph rule, 1,443 characters of source) and a group of rules
 * together up to 120 ms.
 *
 * @example
 * for (const step of markdownWarmUpSteps()) await nextTask().then(step);
 */
export function markdownWarmUpSteps(): ReadonlyArray<() => void> {
  const { block, inline } = Lexer.rules;
  const rules = [...Object.values(block.gfm), ...Object.values(inline.gfm)].filter((rule): rule is RegExp => rule instanceof RegExp);
  return LONG_SUBJECTS.flatMap((subject) =>
    rules.map((rule) => () => {
      rule.lastIndex = 0;
      rule.exec(subject);
      rule.lastIndex = 0;
    }),
  );
}

/**
 * Long enough for V8 to compile a regular expression to machine code on its
 * first run (its threshold is 1,000 characters): one of Latin-1 characters
 * only, one with a character beyond (V8 compiles apart for each).
 */
const LONG_SUBJECTS = [`${'word '.repeat(205)}\n`, `${'word’ '.repeat(171)}\n`];

/** Inline content. */
export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'del'; children: MdInline[] }
  | { type: 'codespan'; text: string }
  /** `href` is an absolute http:, https: or mailto: URL, normalised. */
  | { type: 'link'; href: string; title?: string; children: MdInline[] }
  /**
   * A mention of a person, `[@Lukas Weber](mention:lukas)`: `actorId` is the
   * reference, `label` the name as written (without the `@`, escapes
   * removed), to show only when the person's current name is not known.
   */
  | { type: 'mention'; actorId: string; label: string }
  | { type: 'br' };

/** Heading levels allowed in posts: a post sits inside a page, so it never gets h1 or h2. */
export type MdHeadingLevel = 3 | 4 | 5 | 6;

/** One list item: its first lines as inline content, then any nested blocks (sub-lists, more paragraphs). */
export interface MdListItem {
  /** The item's first lines, as inline content. */
  children: MdInline[];
  /** Blocks that follow in the same item: nested lists, further paragraphs. */
  blocks: MdBlock[];
}

/** A list block. */
export interface MdList {
  /** Always `'list'`: tells a list from the other blocks. */
  type: 'list';
  /** Numbered (`1.`) rather than bulleted. */
  ordered: boolean;
  /** First number of an ordered list. */
  start?: number;
  /** The items, in order. */
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
      const mention = mentionOf(l);
      if (mention) return [mention];
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

/**
 * A mention written in full, `[@label](mention:id)`: nothing but the label
 * between the brackets (no newline, `]` escaped) and the target without a
 * title, as `mentionedIds` reads mentions, so that a person shown as
 * mentioned is one the server checked and notified. The label is read from
 * the source (marked unescapes some characters of a link's text and not
 * others), escapes removed: the inverse of `mentionMarkdown`.
 */
const MENTION_LINK = /^\[@((?:[^\]\\\n]|\\.)*)\]\(mention:([A-Za-z0-9_-]{1,64})\)$/;

function mentionOf(link: Tokens.Link): MdInline | undefined {
  const actorId = mentionTarget(link.href);
  if (actorId === undefined) return undefined;
  const match = MENTION_LINK.exec(link.raw);
  if (!match || match[2] !== actorId) return undefined;
  return { type: 'mention', actorId, label: match[1]!.replace(/\\(.)/g, '$1') };
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
