/**
 * Streaming extraction of preview metadata from an HTML page with
 * htmlparser2: Open Graph, Twitter cards, <title>, meta description and the
 * oEmbed discovery link. `og:url` is deliberately not read: the card links to
 * the URL the user gave, never to one the page claims.
 */
import { Parser } from 'htmlparser2';

export interface PageMetadata {
  /** Keys lowercased: `og:title`, `twitter:image`, `description`… First value wins. */
  meta: Map<string, string>;
  title: string | undefined;
  /** href of `<link rel="alternate" type="application/json+oembed">`, as written. */
  oembedHref: string | undefined;
}

/** The meta keys read; every other one is ignored (and not kept in memory). */
const META_KEYS: ReadonlySet<string> = new Set([
  'og:title',
  'og:description',
  'og:site_name',
  'og:image',
  'og:image:url',
  'og:image:secure_url',
  'og:image:alt',
  'twitter:title',
  'twitter:description',
  'twitter:image',
  'twitter:image:src',
  'twitter:image:alt',
  'description',
]);

/** Longest <title> text kept while parsing, in characters (trimmed later). */
const TITLE_MAX_CHARS = 2_000;

/**
 * A parser fed chunk by chunk. `write` returns true once the head is over
 * and something was found, so the fetcher can stop reading a large page.
 */
export class HtmlMetadataReader {
  readonly result: PageMetadata = { meta: new Map(), title: undefined, oembedHref: undefined };
  #done = false;
  #inTitle = false;
  #title = '';
  readonly #decoder: TextDecoder;
  readonly #parser: Parser;

  constructor(charset: string | undefined) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset ?? 'utf-8');
    } catch {
      // An unknown label: UTF-8 is the web's default and the likeliest truth.
      decoder = new TextDecoder('utf-8');
    }
    this.#decoder = decoder;
    this.#parser = new Parser(
      {
        onopentag: (name, attribs) => this.#open(name, attribs),
        ontext: (text) => {
          if (this.#inTitle && this.#title.length < TITLE_MAX_CHARS) this.#title += text;
        },
        onclosetag: (name) => {
          if (name === 'title' && this.#inTitle) {
            this.#inTitle = false;
            this.result.title ??= this.#title;
          }
          if (name === 'head') this.#headOver();
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
  }

  /** Feeds raw bytes; true once reading further would add nothing. */
  write(chunk: Buffer): boolean {
    if (!this.#done) this.#parser.write(this.#decoder.decode(chunk, { stream: true }));
    return this.#done;
  }

  end(): PageMetadata {
    if (!this.#done) this.#parser.end();
    if (this.#inTitle) this.result.title ??= this.#title;
    return this.result;
  }

  #open(name: string, attribs: Record<string, string>): void {
    if (name === 'title') {
      this.#inTitle = this.result.title === undefined;
      this.#title = '';
    } else if (name === 'meta') {
      const key = (attribs['property'] ?? attribs['name'] ?? '').trim().toLowerCase();
      const content = attribs['content'];
      if (META_KEYS.has(key) && content !== undefined && !this.result.meta.has(key)) this.result.meta.set(key, content);
    } else if (name === 'link') {
      const rel = (attribs['rel'] ?? '').toLowerCase().split(/\s+/);
      const type = (attribs['type'] ?? '').toLowerCase().trim();
      if (rel.includes('alternate') && type === 'application/json+oembed' && attribs['href']) {
        this.result.oembedHref ??= attribs['href'];
      }
    } else if (name === 'body') {
      this.#headOver();
    }
  }

  /**
   * Metadata belongs in <head>. Once it closes, reading stops if something
   * was found; pages that put their tags in <body> (it happens) are read on,
   * up to the byte limit.
   */
  #headOver(): void {
    if (this.result.title !== undefined || this.result.meta.size > 0) {
      this.#done = true;
      this.#parser.pause();
    }
  }
}
