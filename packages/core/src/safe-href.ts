/**
 * Which link targets Ecotone renders as links: absolute http:, https: and
 * mailto: URLs. A module of its own (no Markdown parser in it), so an element
 * that only needs this check does not bundle marked.
 */
/** URL schemes a link may keep. */
const SAFE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * The normalised URL when it is absolute http:, https: or mailto:, else undefined.
 * Entities are decoded first and the WHATWG URL parser strips tabs and
 * newlines, so `java&#x09;script:` and `JaVaScRiPt:` are seen for what they are.
 */
export function safeHref(raw: string): string | undefined {
  const candidate = decodeEntities(raw).trim();
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url.href;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
};

/** Decodes numeric and common named character references (the lexer leaves them as typed). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // NUL, surrogates and out-of-range references decode to the replacement character, as in HTML.
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}
