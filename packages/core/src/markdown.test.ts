import { describe, expect, it } from 'vitest';
import { mentionMarkdown, mentionedIds } from '@ecotone/protocol/rules';
import { mentionsOf, nestingOf, visibleText } from './_markdown-fixtures.js';
import { Lexer } from 'marked';
import { MARKDOWN_MAX_NESTING, markdownWarmUpSteps, parseMarkdown, type MdBlock, type MdInline } from './markdown.js';
import { safeHref } from './safe-href.js';

/** Every link href in the AST. */
function hrefs(blocks: MdBlock[]): string[] {
  const out: string[] = [];
  const inl = (nodes: MdInline[]) => {
    for (const n of nodes) {
      if (n.type === 'link') out.push(n.href);
      if ('children' in n) inl(n.children);
    }
  };
  const blk = (nodes: MdBlock[]) => {
    for (const b of nodes) {
      if (b.type === 'paragraph' || b.type === 'heading') inl(b.children);
      if (b.type === 'blockquote') blk(b.children);
      if (b.type === 'list') for (const item of b.items) { inl(item.children); blk(item.blocks); }
    }
  };
  blk(blocks);
  return out;
}

/** Plain text of the AST, for "shown as text" checks. */
function text(blocks: MdBlock[]): string {
  return JSON.stringify(blocks);
}

describe('parseMarkdown structure', () => {
  it('parses paragraphs with strong, em, del, codespan, links and hard breaks', () => {
    expect(parseMarkdown('Hello **big** *small* ~~gone~~ `x<y>` [site](https://example.com "Title")  \nnext')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Hello ' },
          { type: 'strong', children: [{ type: 'text', text: 'big' }] },
          { type: 'text', text: ' ' },
          { type: 'em', children: [{ type: 'text', text: 'small' }] },
          { type: 'text', text: ' ' },
          { type: 'del', children: [{ type: 'text', text: 'gone' }] },
          { type: 'text', text: ' ' },
          { type: 'codespan', text: 'x<y>' },
          { type: 'text', text: ' ' },
          { type: 'link', href: 'https://example.com/', title: 'Title', children: [{ type: 'text', text: 'site' }] },
          { type: 'br' },
          { type: 'text', text: 'next' },
        ],
      },
    ]);
  });

  it('maps headings to levels 3 to 6 only', () => {
    const levels = parseMarkdown('# a\n\n## b\n\n### c\n\n#### d\n\n###### f').map((b) => (b.type === 'heading' ? b.level : 0));
    expect(levels).toEqual([3, 4, 5, 6, 6]);
  });

  it('parses ordered, unordered and nested lists with inline children', () => {
    expect(parseMarkdown('3. one\n4. **two**\n   - sub')).toEqual([
      {
        type: 'list',
        ordered: true,
        start: 3,
        items: [
          { children: [{ type: 'text', text: 'one' }], blocks: [] },
          {
            children: [{ type: 'strong', children: [{ type: 'text', text: 'two' }] }],
            blocks: [{ type: 'list', ordered: false, items: [{ children: [{ type: 'text', text: 'sub' }], blocks: [] }] }],
          },
        ],
      },
    ]);
  });

  it('parses blockquotes and fenced code with its language', () => {
    expect(parseMarkdown('> quoted *text*\n\n```ts extra\nconst a = 1 < 2;\n```')).toEqual([
      { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'quoted ' }, { type: 'em', children: [{ type: 'text', text: 'text' }] }] }] },
      { type: 'code', lang: 'ts', text: 'const a = 1 < 2;' },
    ]);
  });

  it('decodes character references in text', () => {
    expect(parseMarkdown('Fish &amp; chips &lt;3 &#x41;&#66; &unknown;')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Fish & chips <3 AB &unknown;' }] },
    ]);
  });

  it('keeps GFM autolinks and mailto', () => {
    expect(hrefs(parseMarkdown('see www.example.com and <https://a.example/x?y=1> or [me](mailto:ana@example.com)'))).toEqual([
      'http://www.example.com/',
      'https://a.example/x?y=1',
      'mailto:ana@example.com',
    ]);
  });

  it('shows images as their alt text (no fetch of an author-chosen URL)', () => {
    expect(parseMarkdown('![a cat](https://tracker.example/p.gif)')).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: 'a cat' }] }]);
  });

  it('returns nothing for empty input and survives deep nesting', () => {
    expect(parseMarkdown('')).toEqual([]);
    const deep = parseMarkdown('>'.repeat(500) + ' deep');
    expect(text(deep)).toContain('deep');
  });
});

describe('parseMarkdown mentions', () => {
  it('reads a mention as a node naming the person by id, its label without the @', () => {
    expect(parseMarkdown('Thanks [@Lukas Weber](mention:lukas) for the **figures**')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Thanks ' },
          { type: 'mention', actorId: 'lukas', label: 'Lukas Weber' },
          { type: 'text', text: ' for the ' },
          { type: 'strong', children: [{ type: 'text', text: 'figures' }] },
        ],
      },
    ]);
  });

  it('reads mentions in lists, quotes, headings and emphasis, and never in code', () => {
    const body = '- [@Ana](mention:ana)\n\n> [@Bo](mention:bo)\n\n### *[@Cy](mention:cy)*\n\n`[@Di](mention:di)`\n\n```\n[@Ed](mention:ed)\n```';
    expect(mentionsOf(parseMarkdown(body)).map((m) => m.actorId)).toEqual(['ana', 'bo', 'cy']);
  });

  it.each([
    ['brackets', 'Anna [Ops] Müller'],
    ['a backslash', 'C:\\Users\\Ana'],
    ['Markdown markers', '*Ana* _de_ `la` ~~Cruz~~ <b>'],
    ['a link of its own', 'Ana](mention:eve) [x](https://evil.example'],
    ['an escaped bracket before a parenthesis', '[Ops](Lyon) Ana'],
    ['an unclosed code span', '```> Ana'],
    ['an HTML tag holding brackets', '<a href="](x)">Ana'],
    ['a newline', 'Ana\nMaria'],
    ['right-to-left letters', 'نور الهدى'],
  ])('reads back the mention mentionMarkdown writes of a name with %s', (_what, displayName) => {
    const body = `Hi ${mentionMarkdown({ id: 'p-1', displayName })}!`;
    expect(mentionsOf(parseMarkdown(body))).toEqual([{ actorId: 'p-1', label: displayName.replace(/\n/g, ' ') }]);
    expect(mentionedIds(body)).toEqual(['p-1']);
  });

  it.each([
    ['no @', '[Lukas](mention:lukas)'],
    ['a title', '[@Lukas](mention:lukas "Lukas")'],
    ['an invalid id', '[@Lukas](mention:lu/kas)'],
    ['an id too long', `[@Lukas](mention:${'l'.repeat(65)})`],
    ['a reference', '[@Lukas][l]\n\n[l]: mention:lukas'],
    ['angle brackets', '[@Lukas](<mention:lukas>)'],
    ['an upper-case scheme', '[@Lukas](MENTION:lukas)'],
  ])('keeps a mention:-link with %s as its words, neither a mention nor a link', (_what, body) => {
    const blocks = parseMarkdown(body);
    expect(mentionsOf(blocks)).toEqual([]);
    expect(hrefs(blocks)).toEqual([]);
    expect(visibleText(blocks)).toContain('Lukas');
  });

  it('keeps other links as they were beside mentions', () => {
    const blocks = parseMarkdown('[@Ana](mention:ana) and [docs](https://docs.example/)');
    expect(mentionsOf(blocks)).toEqual([{ actorId: 'ana', label: 'Ana' }]);
    expect(hrefs(blocks)).toEqual(['https://docs.example/']);
  });
});

describe('parseMarkdown in bounded depth', () => {
  // The bodies of the attack: each overflowed marked's stack, which broke the
  // comment thread, the note and the post for every reader.
  it.each([
    ['a comment', '>'.repeat(4000) + 'x'],
    ['a note', '>'.repeat(20_000)],
    ['a post', '>'.repeat(9999)],
    ['spaced quotes', '> '.repeat(5000) + 'x'],
    ['ordered lists', '1. '.repeat(3333) + 'x'],
    ['unordered lists', '+ '.repeat(5000) + 'x'],
    ['quotes and lists', '> - '.repeat(2500) + 'x'],
  ])('parses %s nested thousands deep, keeping the nesting to the cap', (_what, body) => {
    const blocks = parseMarkdown(body);
    const depth = nestingOf(blocks);
    expect(depth.block).toBe(MARKDOWN_MAX_NESTING);
    expect(depth.inline).toBe(0);
    if (body.endsWith('x')) expect(visibleText(blocks).trimEnd().endsWith('x')).toBe(true);
  });

  it('shows the markers beyond the cap as text, and the rest of the body as usual', () => {
    const blocks = parseMarkdown('>'.repeat(4000) + ' deep\n\nAfter **bold**');
    expect(visibleText(blocks)).toContain('>'.repeat(4000 - MARKDOWN_MAX_NESTING) + ' deep');
    expect(blocks.at(-1)).toEqual({ type: 'paragraph', children: [{ type: 'text', text: 'After ' }, { type: 'strong', children: [{ type: 'text', text: 'bold' }] }] });
  });

  it.each([
    ['strong', '**a '.repeat(2000) + 'b' + ' c**'.repeat(2000)],
    ['strikethrough', '~~a '.repeat(1000) + 'b' + ' c~~'.repeat(1000)],
    ['emphasis in strong', '*a **b '.repeat(600) + 'c' + '** d*'.repeat(600)],
  ])('keeps %s nested to the cap, deeper markers as text', (_what, body) => {
    const blocks = parseMarkdown(body);
    expect(nestingOf(blocks).inline).toBe(MARKDOWN_MAX_NESTING);
    expect(visibleText(blocks)).toContain(' b ');
  });

  it('reads a long paragraph of many lines as one, emphasis across its lines included', () => {
    const line = 'A line of an ordinary paragraph, wrapped by hand.';
    const before = Array.from({ length: 30 }, () => line).join('\n');
    const body = `${before}\n**bold across\nthe lines** and\n${before}`;
    const blocks = parseMarkdown(body);
    expect(blocks).toHaveLength(1);
    const paragraph = blocks[0]!;
    expect(paragraph.type).toBe('paragraph');
    if (paragraph.type === 'paragraph') {
      expect(paragraph.children.filter((c) => c.type === 'strong')).toEqual([{ type: 'strong', children: [{ type: 'text', text: 'bold across\nthe lines' }] }]);
    }
  });

  it('closes emphasis within 500 characters of its opening; further, its markers are text', () => {
    const near = parseMarkdown(`**${'word '.repeat(90)}end**`);
    expect(near[0]?.type === 'paragraph' && near[0].children[0]?.type).toBe('strong');
    const far = parseMarkdown(`**${'word '.repeat(120)}end**`);
    expect(far).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: `**${'word '.repeat(120)}end**` }] }]);
  });

  it('reads a list of more than 10,000 characters as consecutive lists, every item kept in order', () => {
    const items = Array.from({ length: 600 }, (_, i) => `${i + 1}. Item number ${i + 1} of a long list`);
    const blocks = parseMarkdown(items.join('\n'));
    expect(blocks.length).toBeGreaterThan(1);
    const lists = blocks.filter((b) => b.type === 'list');
    expect(lists).toHaveLength(blocks.length);
    const read = lists.flatMap((list) => list.items.map((item) => visibleText([{ type: 'paragraph', children: item.children }])));
    expect(read).toEqual(items.map((line) => line.replace(/^\d+\. /, '')));
    // Each part keeps its numbering.
    expect(lists[1]?.start).toBe(lists[0]!.items.length + 1);
  });

  it('still reads tables as text and setext headings as headings', () => {
    expect(parseMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: '| a | b |\n|---|---|\n| 1 | 2 |' }] }]);
    expect(parseMarkdown('Title\n=====\n\nText')).toEqual([
      { type: 'heading', level: 3, children: [{ type: 'text', text: 'Title' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Text' }] },
    ]);
  });
});

describe('parseMarkdown safety', () => {
  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1) )',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&#58;alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](VBScript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](file:///etc/passwd)',
    '[x](/relative/path)',
    '[x](//evil.example/x)',
    '[x](#anchor)',
    '<javascript:alert(1)>',
    '[x][ref]\n\n[ref]: javascript:alert(1)',
    '[x](https:)',
  ])('drops the link of %j but keeps its words', (source) => {
    const blocks = parseMarkdown(source);
    expect(hrefs(blocks)).toEqual([]);
    expect(text(blocks)).not.toContain('"type":"link"');
  });

  it('turns raw HTML into text, never into elements', () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> <b>bold</b>\n\n<!-- hidden -->');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Hi <img src=x onerror=alert(1)> <b>bold</b>' }] },
      { type: 'paragraph', children: [{ type: 'text', text: '<!-- hidden -->' }] },
    ]);
  });

  it('emits only node types of the AST, whatever the input', () => {
    const allowed = new Set(['paragraph', 'heading', 'list', 'blockquote', 'code', 'text', 'strong', 'em', 'del', 'codespan', 'link', 'mention', 'br']);
    const source = '| a | b |\n|---|---|\n| <i>1</i> | 2 |\n\n---\n\n- [x] done\n- [ ] todo\n\n<div>\n*x*\n</div>\n\nfoo[^1]\n\n[^1]: note';
    const types = [...text(parseMarkdown(source)).matchAll(/"type":"([a-z_]+)"/g)].map((m) => m[1]);
    expect(types.length).toBeGreaterThan(0);
    for (const t of types) expect(allowed.has(t!), t).toBe(true);
    expect(text(parseMarkdown('- [x] done'))).toContain('[x] done');
  });

  it('safeHref normalises and filters', () => {
    expect(safeHref('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
    expect(safeHref('  http://x.example  ')).toBe('http://x.example/');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('\u0000javascript:alert(1)')).toBeUndefined();
    expect(safeHref('ftp://x.example')).toBeUndefined();
  });

  it('compiles its rules ahead without changing any parse (the rules are shared, some stateful)', () => {
    const bodies = ['*a* **b** ~~c~~ `d` [e](https://f.example)\n\n> g\n\n- h\n1. i\n\nj\n===', 'L’équipe — *émoji* 🎉\n\n| a | b |\n|---|---|\n| 1 | 2 |'];
    const before = bodies.map((body) => text(parseMarkdown(body)));
    const steps = markdownWarmUpSteps();
    expect(steps.length).toBeGreaterThan(4);
    for (const step of steps) step();
    const { block, inline } = Lexer.rules;
    for (const rule of [...Object.values(block.gfm), ...Object.values(inline.gfm)]) {
      if (rule instanceof RegExp) expect(rule.lastIndex, rule.source.slice(0, 40)).toBe(0);
    }
    expect(bodies.map((body) => text(parseMarkdown(body)))).toEqual(before);
  });
});
