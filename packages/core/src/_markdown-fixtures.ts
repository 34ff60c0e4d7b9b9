/**
 * What the Markdown tests share: measures of the AST (nesting depth, text in
 * reading order). The hostile bodies are in bench/_markdown-inputs.mjs, shared
 * with the benchmark.
 */
import type { MdBlock, MdInline } from './markdown.js';

/** Deepest nesting of quotes and lists in `blocks`, and of emphasis, strikethrough and links within any block. */
export function nestingOf(blocks: readonly MdBlock[]): { block: number; inline: number } {
  let inline = 0;
  const inlineDepth = (nodes: readonly MdInline[]): number =>
    Math.max(0, ...nodes.map((n) => ('children' in n ? 1 + inlineDepth(n.children) : 0)));
  const blockDepth = (nodes: readonly MdBlock[]): number =>
    Math.max(
      0,
      ...nodes.map((b) => {
        if (b.type === 'paragraph' || b.type === 'heading') inline = Math.max(inline, inlineDepth(b.children));
        if (b.type === 'blockquote') return 1 + blockDepth(b.children);
        if (b.type === 'list') {
          for (const item of b.items) inline = Math.max(inline, inlineDepth(item.children));
          return 1 + Math.max(0, ...b.items.map((item) => blockDepth(item.blocks)));
        }
        return 0;
      }),
    );
  const block = blockDepth(blocks);
  return { block, inline };
}

/** Every character a reader sees, in reading order (link targets excluded, code included, a mention as `@` and its label). */
export function visibleText(blocks: readonly MdBlock[]): string {
  const inline = (nodes: readonly MdInline[]): string =>
    nodes
      .map((n) => {
        if (n.type === 'text' || n.type === 'codespan') return n.text;
        if (n.type === 'br') return '\n';
        if (n.type === 'mention') return `@${n.label}`;
        return inline(n.children);
      })
      .join('');
  const block = (nodes: readonly MdBlock[]): string =>
    nodes
      .map((b) => {
        switch (b.type) {
          case 'paragraph':
          case 'heading':
            return inline(b.children);
          case 'blockquote':
            return block(b.children);
          case 'list':
            return b.items.map((item) => inline(item.children) + '\n' + block(item.blocks)).join('\n');
          case 'code':
            return (b.lang ?? '') + '\n' + b.text;
        }
      })
      .join('\n');
  return block(blocks);
}

/** Every mention in `blocks`, in reading order. */
export function mentionsOf(blocks: readonly MdBlock[]): { actorId: string; label: string }[] {
  const out: { actorId: string; label: string }[] = [];
  const inline = (nodes: readonly MdInline[]): void => {
    for (const n of nodes) {
      if (n.type === 'mention') out.push({ actorId: n.actorId, label: n.label });
      else if ('children' in n) inline(n.children);
    }
  };
  const block = (nodes: readonly MdBlock[]): void => {
    for (const b of nodes) {
      if (b.type === 'paragraph' || b.type === 'heading') inline(b.children);
      else if (b.type === 'blockquote') block(b.children);
      else if (b.type === 'list') {
        for (const item of b.items) {
          inline(item.children);
          block(item.blocks);
        }
      }
    }
  };
  block(blocks);
  return out;
}
