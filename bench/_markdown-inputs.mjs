/**
 * Hostile Markdown bodies, shared by the property tests of the Markdown
 * parser (packages/core/src/markdown.fuzz.test.ts) and by
 * bench/markdown.bench.mjs: the families that overflowed marked's stack or
 * made it read ahead from every position (quadratic time), each built to any
 * length.
 */

/** `unit` repeated to exactly `chars` characters. */
export const repeatTo = (unit, chars) => unit.repeat(Math.max(0, Math.ceil(chars / unit.length))).slice(0, Math.max(0, chars));

/** An indented list, one level deeper on each line, to `chars` characters. */
function ladder(marker, indent, chars) {
  let out = '';
  for (let level = 0; out.length < chars; level++) out += `${' '.repeat(level * indent)}${marker} a\n`;
  return out.slice(0, chars);
}

/**
 * Hostile bodies by family, each built to a given length: nesting that
 * overflowed the stack, and runs that made marked read ahead from every
 * position (quadratic time).
 */
export const HOSTILE_FAMILIES = {
  'nested quotes >>>>': (n) => repeatTo('>', n),
  'nested quotes > > >': (n) => repeatTo('> ', n),
  'nested quotes, one per line': (n) => {
    let out = '';
    for (let level = 1; out.length < n; level++) out += `${'>'.repeat(level)} a\n`;
    return out.slice(0, n);
  },
  'lists - - -': (n) => repeatTo('- ', n),
  'lists * a * a': (n) => repeatTo('* a ', n),
  'lists 1. 1. 1.': (n) => repeatTo('1. ', n),
  'lists 1) 1) 1)': (n) => repeatTo('1) ', n),
  'indent ladder -': (n) => ladder('-', 2, n),
  'indent ladder 1.': (n) => ladder('1.', 3, n),
  'quotes and lists > - > -': (n) => repeatTo('> - ', n),
  'list item with lazy lines': (n) => '- a\n' + repeatTo('b\n', n - 4),
  'list item with indented lines': (n) => '- a\n' + repeatTo('  b\n', n - 4),
  'emphasis *a': (n) => repeatTo('*a', n),
  'emphasis _a': (n) => repeatTo('_a', n),
  'strong **a': (n) => repeatTo('**a', n),
  'strikethrough ~a': (n) => repeatTo('~a', n),
  'nested emphasis ***a***': (n) => repeatTo('*', n / 2 - 1) + 'a' + repeatTo('*', n / 2),
  'alternating *_ a _*': (n) => repeatTo('*_', n / 2 - 1) + 'a' + repeatTo('_*', n / 2),
  'brackets [[[': (n) => repeatTo('[', n),
  'links [a](': (n) => repeatTo('[a](', n),
  'images ![': (n) => repeatTo('![', n),
  'nested link text [a [a': (n) => repeatTo('[a ', n / 2) + repeatTo('](http://x)', n / 2),
  'angle brackets <<<': (n) => repeatTo('<', n),
  'tags <a<a': (n) => repeatTo('<a', n),
  'autolinks <http://a': (n) => repeatTo('<http://a', n),
  'backticks `a': (n) => repeatTo('`a', n),
  'code fences ```': (n) => repeatTo('```\n', n),
  'pipes |a': (n) => repeatTo('|a', n),
  'almost tables a|b / -|': (n) => repeatTo('a|b\n-|\n', n),
  'setext a / -': (n) => repeatTo('a\n-\n', n),
  'emails a@b.': (n) => repeatTo('a@b.', n),
  'escapes \\*': (n) => repeatTo('\\*', n),
  mixed: (n) => repeatTo('> - *a* [b](http://c) `d` ~~e~~ <f> **g** _h_ ![i](j)\n', n),
};

/** A normal post body of about `chars` characters: paragraphs, emphasis, links, lists, a quote and code. */
export function normalBody(chars) {
  const section = [
    '### Site news',
    '',
    'The **Lyon** laboratory opens its new *sequencing* room next week; see [the plan](https://intranet.example/lyon/plan "Plan") and https://intranet.example/faq.',
    'Visits are on Tuesday and Thursday, ~~Friday~~ by appointment.',
    '',
    '- bring your badge',
    '- read the `safety.md` note first',
    '  1. gloves',
    '  2. goggles',
    '',
    '> Quality first: every sample is logged.',
    '',
    '```',
    'sample-id,site,date',
    '```',
    '',
  ].join('\n');
  return repeatTo(section + '\n', chars);
}
