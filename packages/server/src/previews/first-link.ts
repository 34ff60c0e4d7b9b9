/**
 * The first http(s) link of a Markdown body: a Markdown link `[text](url)`,
 * an autolink `<url>`, or a bare URL, whichever comes first.
 */
const LINK =
  /\[[^\]]*\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^\s>]+)>|(https?:\/\/[^\s<>()[\]"'`]+)/i;

/** Punctuation that ends a sentence rather than a bare URL. */
const TRAILING_PUNCTUATION = /[.,;:!?*_~]+$/;

export function firstLink(markdown: string): string | undefined {
  const match = LINK.exec(markdown);
  if (!match) return undefined;
  const [, markdownLink, autolink, bare] = match;
  return markdownLink ?? autolink ?? bare?.replace(TRAILING_PUNCTUATION, '');
}
