import { html, type TemplateResult } from 'lit';

/**
 * `text` with the `[start, end)` ranges wrapped in `<mark>`, as template
 * parts: the text is always a text node, never parsed as HTML.
 */
export function highlighted(text: string, ranges: readonly (readonly [number, number])[]): (string | TemplateResult)[] {
  const parts: (string | TemplateResult)[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(Math.max(rawEnd, start), text.length);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(html`<mark part="mark">${text.slice(start, end)}</mark>`);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
