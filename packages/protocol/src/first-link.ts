/**
 * The first http(s) link of a Markdown body: a Markdown link `[text](url)`,
 * an autolink `<url>`, or a bare URL, whichever comes first. The server
 * previews it (and copies it into a note promoted from the post); the
 * in-process transports pick the same one.
 *
 * It picks what this regular expression picks (leftmost match; at one
 * position a Markdown link before an autolink before a bare URL):
 *
 *     \[[^\]]*\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)
 *     |<(https?:\/\/[^\s>]+)>
 *     |(https?:\/\/[^\s<>()[\]"'`]+)     (flag i)
 *
 * but in one pass. The expression itself tries each position in turn and,
 * from each `[` or `<`, reads ahead to the end of the run it stops at:
 * `'['.repeat(10_000)` cost 50 million steps on every promote. Here each run
 * end is found once and shared by every start that reaches it.
 */

/** Punctuation that ends a sentence rather than a bare URL. */
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*', '_', '~']);

/**
 * @example
 * firstLink('See [the doc](https://a.example/x) and https://b.example/'); // 'https://a.example/x'
 */
export function firstLink(markdown: string): string | undefined {
  const scan = new Scanner(markdown);
  for (let at = 0; at < markdown.length; at++) {
    const char = markdown[at];
    const found =
      char === '[' ? scan.markdownLink(at) : char === '<' ? scan.autolink(at) : char === 'h' || char === 'H' ? scan.bareUrl(at) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `\s` of JavaScript regular expressions, for one character. */
const SPACE = /\s/;
const isSpace = (char: string | undefined) => char !== undefined && SPACE.test(char);

/** Characters a bare URL stops at (besides white space). */
const BARE_URL_STOPS = new Set(['<', '>', '(', ')', '[', ']', '"', "'", '`']);

class Scanner {
  readonly #text: string;
  /** Next `]` at or after some position, remembered: starts only move forward. */
  #closingBracket = { from: -1, at: -1 };
  /** End of the URL run of a Markdown link / an autolink, remembered likewise. */
  #linkUrlEnd = { from: -1, at: -1 };
  #autolinkEnd = { from: -1, at: -1 };
  /** The outcome after each `](`, by the position of its `]`: every `[` before it ends there. */
  #linkAfter = new Map<number, string | undefined>();

  constructor(text: string) {
    this.#text = text;
  }

  /** `[text](url "title")` starting at `at`: the text runs to the first `]`. */
  markdownLink(at: number): string | undefined {
    const close = this.#next(this.#closingBracket, at + 1, (char) => char === ']');
    if (close < 0 || this.#text[close + 1] !== '(') return undefined;
    if (!this.#linkAfter.has(close)) this.#linkAfter.set(close, this.#linkDestination(close + 2));
    return this.#linkAfter.get(close);
  }

  /** `<http://…>` starting at `at`. */
  autolink(at: number): string | undefined {
    const start = at + 1;
    const scheme = this.#scheme(start);
    if (scheme === 0) return undefined;
    const end = this.#next(this.#autolinkEnd, start + scheme, (char) => char === '>' || isSpace(char));
    if (end === start + scheme || this.#text[end] !== '>') return undefined;
    return this.#text.slice(start, end);
  }

  /** A bare `http://…` starting at `at`, without the sentence punctuation after it. */
  bareUrl(at: number): string | undefined {
    const scheme = this.#scheme(at);
    if (scheme === 0) return undefined;
    let end = at + scheme;
    // Not remembered: a bare URL that starts is always the answer.
    while (end < this.#text.length && !BARE_URL_STOPS.has(this.#text[end]!) && !isSpace(this.#text[end])) end++;
    if (end === at + scheme) return undefined;
    // A loop, not /[.,;:!?*_~]+$/: that expression is quadratic on a long run of dots inside a URL.
    while (TRAILING_PUNCTUATION.has(this.#text[end - 1]!)) end--;
    return this.#text.slice(at, end);
  }

  /** What follows `](`: `\s*<?(https?://[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)`. */
  #linkDestination(from: number): string | undefined {
    const text = this.#text;
    let i = this.#skipSpaces(from);
    if (text[i] === '<') i++;
    const scheme = this.#scheme(i);
    if (scheme === 0) return undefined;
    const end = this.#next(this.#linkUrlEnd, i + scheme, (char) => char === ')' || char === '>' || isSpace(char));
    if (end === i + scheme) return undefined;
    const url = text.slice(i, end);
    const after = text[end] === '>' ? end + 1 : end;
    // With a title, then without one, as the expression backtracks.
    const spaces = this.#skipSpaces(after);
    if (spaces > after && text[spaces] === '"') {
      const quote = text.indexOf('"', spaces + 1);
      if (quote >= 0 && text[this.#skipSpaces(quote + 1)] === ')') return url;
    }
    return text[spaces] === ')' ? url : undefined;
  }

  /** Length of `http://` or `https://` (any case) at `at`, or 0. */
  #scheme(at: number): number {
    const head = this.#text.slice(at, at + 8).toLowerCase();
    return head.startsWith('https://') ? 8 : head.startsWith('http://') ? 7 : 0;
  }

  #skipSpaces(from: number): number {
    let i = from;
    while (isSpace(this.#text[i])) i++;
    return i;
  }

  /**
   * First position at or after `from` whose character is a stop (or the
   * text's length). Remembered in `memo`: while later calls start before the
   * stop found, the answer is the same, so each character is read once.
   */
  #next(memo: { from: number; at: number }, from: number, isStop: (char: string) => boolean): number {
    if (memo.from >= 0 && memo.from <= from && from <= memo.at) return memo.at;
    let i = from;
    while (i < this.#text.length && !isStop(this.#text[i]!)) i++;
    memo.from = from;
    memo.at = i;
    return i;
  }
}
