import { html, nothing, type TemplateResult } from 'lit';
import { loadMarkdown, markdownParser, type MdBlock, type MdInline } from '@ecotone/core';
import { renderMention, type MentionContext } from '../mentions/mention-chip.js';
import { nextSliceStart } from '../base/tasks.js';

export type { MentionContext };

/**
 * How many parsed bodies are kept. A virtualised feed drops a post's element
 * when it scrolls out and makes a new one when it comes back: the body is not
 * parsed again while it is among the last ones shown.
 */
export const MARKDOWN_CACHE_MAX_BODIES = 200;

/** Parsed bodies by text, least recently used first (a Map keeps insertion order). */
const parsedBodies = new Map<string, readonly MdBlock[]>();

/** Elements that have waited for the parser before their first update (see updateAfterMarkdown). */
const waited = new WeakSet<object>();

/**
 * For the `scheduleUpdate` of an element that renders Markdown (a post,
 * comments, a note): its first update waits for the parser, which loads on
 * first need (loadMarkdown), and runs in a slice of its own once the parser
 * is there, so a body never shows as raw text first. If the parser cannot be
 * loaded, the update runs anyway, bodies as plain text (renderBody).
 *
 * @example
 * protected override scheduleUpdate() { return updateAfterMarkdown(this, () => super.scheduleUpdate()); }
 */
export function updateAfterMarkdown(element: object, update: () => void | Promise<unknown>): void | Promise<unknown> {
  if (markdownParser() || waited.has(element)) return update();
  waited.add(element);
  return loadMarkdown().then(nextSliceStart, nextSliceStart).then(update);
}

/**
 * `parseMarkdown` of the loaded parser. Elements that render Markdown wait
 * for it before their first render (updateAfterMarkdown); should
 * it be missing still (its chunk failed to load), this throws, the body
 * shows as its text (renderBody), and the parser is asked for again.
 */
export function parseLoaded(body: string): MdBlock[] {
  const parser = markdownParser();
  if (!parser) {
    loadMarkdown().catch(() => undefined);
    throw new Error('The Markdown parser is not loaded');
  }
  return parser.parseMarkdown(body);
}

/**
 * `parseLoaded`, once per body text among the last MARKDOWN_CACHE_MAX_BODIES
 * used. The AST is shared by every element showing that text: it is read, never changed.
 */
export function parseMarkdownOnce(body: string): readonly MdBlock[] {
  let blocks = parsedBodies.get(body);
  if (blocks) {
    parsedBodies.delete(body);
  } else {
    blocks = parseLoaded(body);
    if (parsedBodies.size >= MARKDOWN_CACHE_MAX_BODIES) parsedBodies.delete(parsedBodies.keys().next().value as string);
  }
  parsedBodies.set(body, blocks);
  return blocks;
}

/**
 * A body rendered from its Markdown, or, should that fail on some input
 * nobody foresaw, as its raw text: one post, comment or note degrades, never
 * the whole thread or feed around it. Mentions show as chips named from
 * `mentions` (the object's `mentions`, and the chips' accessible name).
 */
export function renderBody(
  body: string,
  mentions?: MentionContext,
  parse: (body: string) => readonly MdBlock[] = parseMarkdownOnce,
): TemplateResult[] {
  try {
    return renderBlocks(parse(body), mentions);
  } catch {
    return [html`<p class="raw">${body}</p>`];
  }
}

/**
 * Renders the core's safe Markdown AST through Lit templates only: text is
 * always a text binding (never parsed as HTML), only the AST's vetted
 * http:, https: and mailto: links become anchors, and mentions become chips
 * (buttons that emit `eco-open-person`).
 */
export function renderBlocks(blocks: readonly MdBlock[], mentions?: MentionContext): TemplateResult[] {
  return blocks.map((block) => renderBlock(block, mentions));
}

function renderBlock(block: MdBlock, mentions: MentionContext | undefined): TemplateResult {
  switch (block.type) {
    case 'paragraph':
      return html`<p>${renderInlines(block.children, mentions)}</p>`;
    case 'heading': {
      const content = renderInlines(block.children, mentions);
      // No static tag names (that would need unsafeStatic): one template per allowed level.
      if (block.level === 3) return html`<h3>${content}</h3>`;
      if (block.level === 4) return html`<h4>${content}</h4>`;
      if (block.level === 5) return html`<h5>${content}</h5>`;
      return html`<h6>${content}</h6>`;
    }
    case 'list': {
      const items = block.items.map((item) => html`<li>${renderInlines(item.children, mentions)}${renderBlocks(item.blocks, mentions)}</li>`);
      return block.ordered
        ? html`<ol start=${block.start !== undefined && block.start !== 1 ? block.start : nothing}>${items}</ol>`
        : html`<ul>${items}</ul>`;
    }
    case 'blockquote':
      return html`<blockquote>${renderBlocks(block.children, mentions)}</blockquote>`;
    case 'code':
      return html`<pre><code>${block.text}</code></pre>`;
  }
}

function renderInlines(inlines: readonly MdInline[], mentions: MentionContext | undefined): (TemplateResult | string)[] {
  return inlines.map((inline) => renderInline(inline, mentions));
}

function renderInline(inline: MdInline, mentions: MentionContext | undefined): TemplateResult | string {
  switch (inline.type) {
    case 'text':
      // A string is a text binding of its own: no template to clone for the commonest inline.
      return inline.text;
    case 'strong':
      return html`<strong>${renderInlines(inline.children, mentions)}</strong>`;
    case 'em':
      return html`<em>${renderInlines(inline.children, mentions)}</em>`;
    case 'del':
      return html`<del>${renderInlines(inline.children, mentions)}</del>`;
    case 'codespan':
      return html`<code>${inline.text}</code>`;
    case 'link':
      return html`<a href=${inline.href} title=${inline.title ?? nothing} rel="noopener noreferrer" target="_blank"
        >${renderInlines(inline.children, mentions)}</a
      >`;
    case 'mention':
      return renderMention(inline.actorId, inline.label, mentions);
    case 'br':
      return html`<br />`;
  }
}
