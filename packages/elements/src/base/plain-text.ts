/** Plain text of Markdown bodies: search results, person cards. */

/** Characters from, to (end excluded) in a text. */
export type Range = readonly [number, number];

/**
 * The text a reader sees of a Markdown body (emphasis, code and link markers,
 * list and quote prefixes removed; line breaks as spaces), with `ranges`
 * moved onto it: search highlights point into the Markdown source.
 */
export function plainText(markdown: string, ranges: readonly Range[]): { text: string; ranges: Range[] } {
  const drop = new Array<boolean>(markdown.length).fill(false);
  const dropAll = (re: RegExp, group = 0) => {
    for (const m of markdown.matchAll(re)) {
      const at = (m.index ?? 0) + (group ? m[0].indexOf(m[group]!) : 0);
      for (let i = 0; i < (group ? m[group]!.length : m[0].length); i++) drop[at + i] = true;
    }
  };
  // Link text holds no `[`: a link starts at the last `[` before its `]`, and
  // '['.repeat(10_000) no longer makes the expression read to the end from each one.
  for (const m of markdown.matchAll(/\[([^\][\n]*)\]\(([^)\s]*)\)/g)) {
    const at = m.index ?? 0;
    drop[at] = true;
    for (let i = at + 1 + m[1]!.length; i < at + m[0].length; i++) drop[i] = true;
  }
  dropAll(/\*\*|__|~~|`/g);
  dropAll(/(?:^|[\s(])([*_])(?=\S)/gm, 1);
  dropAll(/(?<=\S)([*_])(?=[\s.,;:!?)]|$)/gm, 1);
  dropAll(/^[ \t]*(?:>[ \t]?)+/gm);
  dropAll(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm);
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < markdown.length; i++) {
    at.push(text.length);
    if (drop[i]) continue;
    const ch = markdown[i]!;
    if (ch === '\n' || ch === '\r') {
      if (!text.endsWith(' ')) text += ' ';
    } else text += ch;
  }
  at.push(text.length);
  const moved = ranges.map(([s, e]) => [at[Math.min(s, markdown.length)]!, at[Math.min(e, markdown.length)]!] as const);
  return { text: text.trimEnd(), ranges: moved.filter(([s, e]) => e > s) };
}

/** The first words of a Markdown body as plain text, at most `maxChars`, cut at a word with an ellipsis. */
export function excerptOf(markdown: string, maxChars: number): string {
  const { text } = plainText(markdown, []);
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf(' ', maxChars);
  return `${text.slice(0, cut > maxChars / 2 ? cut : maxChars).trimEnd()}…`;
}
