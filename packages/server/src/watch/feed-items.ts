/**
 * Reading a feed (RSS 0.9x/2.0, RDF/RSS 1.0, Atom, JSON Feed) with feedsmith,
 * a maintained parser, into the few fields a watch post carries: a stable
 * guid, a plain-text title and summary (markup removed, bounded), an http(s)
 * link and a publication date. Nothing here fetches anything.
 */
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { parseFeed, type AnyFeed } from 'feedsmith';
import { WATCH_SUMMARY_MAX_CHARS, WATCH_TITLE_MAX_CHARS } from '@ecotone/protocol';

/** Items taken from one fetch at most (the first ones, feeds list newest first). */
export const WATCH_ITEMS_PER_FETCH_MAX = 30;

export interface FeedItem {
  /** The feed's id for the item (guid, Atom id, JSON Feed id), else its link, else its title and date. */
  guid: string;
  title: string;
  summary: string;
  link: string | null;
  publishedAt: string | null;
}

export interface ReadFeed {
  title: string | null;
  /** The feed's language, when it gives one of ours (`en`, `fr`, `de`). */
  language: 'en' | 'fr' | 'de' | null;
  items: FeedItem[];
}

/** SHA-256 of a text, base64url: the keys of URLs, guids and links in indexes. */
export function keyOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Text without markup: tags dropped (script and style with their content), entities decoded, spaces collapsed. */
export function plainText(html: string, max: number): string {
  let text = '';
  let skipping = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => {
        if (name === 'script' || name === 'style') skipping++;
      },
      onclosetag: (name) => {
        if (name === 'script' || name === 'style') skipping = Math.max(0, skipping - 1);
        else text += ' ';
      },
      ontext: (chunk) => {
        if (skipping === 0) text += chunk;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return bounded(text.replace(/\s+/g, ' ').trim(), max);
}

function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  // Cut at a code point boundary, with an ellipsis.
  const cut = [...text.slice(0, max - 1)].join('');
  return `${cut.replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`;
}

/** An http(s) link resolved against the feed's URL, or null. */
export function httpLink(text: unknown, base: URL): string | null {
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    const url = new URL(text.trim(), base);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
    return url.toString();
  } catch {
    return null;
  }
}

function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** A text construct of any format: a string, or an Atom `{ value }`. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value && typeof (value as { value: unknown }).value === 'string') {
    return (value as { value: string }).value;
  }
  return '';
}

function languageOf(value: unknown): ReadFeed['language'] {
  const code = typeof value === 'string' ? value.trim().slice(0, 2).toLowerCase() : '';
  return code === 'en' || code === 'fr' || code === 'de' ? code : null;
}

interface RawItem {
  guid: string | null;
  title: string;
  summary: string;
  link: unknown;
  date: unknown;
}

/** The raw fields of each format's items, before they are made plain and bounded. */
function rawItems(parsed: AnyFeed<string>): { title: string; language: unknown; items: RawItem[] } {
  switch (parsed.format) {
    case 'rss': {
      const feed = parsed.feed;
      return {
        title: textOf(feed.title),
        language: feed.language,
        items: (feed.items ?? []).map((item) => ({
          guid: textOf(item.guid) || null,
          title: textOf(item.title),
          summary: textOf(item.description) || textOf(item.content?.encoded),
          link: item.link,
          date: item.pubDate ?? item.dc?.dates?.[0],
        })),
      };
    }
    case 'atom': {
      const feed = parsed.feed;
      return {
        title: textOf(feed.title),
        language: undefined,
        items: (feed.entries ?? []).map((entry) => {
          const links = entry.links ?? [];
          const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
          return {
            guid: entry.id || null,
            title: textOf(entry.title),
            summary: textOf(entry.summary) || textOf(entry.content),
            link: alternate?.href,
            date: entry.published ?? entry.updated,
          };
        }),
      };
    }
    case 'rdf': {
      const feed = parsed.feed;
      return {
        title: textOf(feed.title),
        language: undefined,
        items: (feed.items ?? []).map((item) => ({
          guid: item.rdf?.about ?? null,
          title: textOf(item.title),
          summary: textOf(item.description),
          link: item.link,
          date: item.dc?.dates?.[0],
        })),
      };
    }
    case 'json': {
      const feed = parsed.feed;
      return {
        title: textOf(feed.title),
        language: feed.language,
        items: (feed.items ?? []).map((item) => ({
          guid: item.id === undefined || item.id === null ? null : String(item.id),
          title: textOf(item.title),
          summary: textOf(item.summary) || textOf(item.content_text) || textOf(item.content_html),
          link: item.url ?? item.external_url,
          date: item.date_published ?? item.date_modified,
        })),
      };
    }
  }
}

/**
 * Reads a fetched feed; throws when the text is not a feed of a known
 * format. Items without a title, summary or link are left out; so is an item
 * whose guid repeats one before it in the same feed.
 */
export function readFeed(body: string, feedUrl: URL): ReadFeed {
  const parsed = parseFeed(body);
  const raw = rawItems(parsed);
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const item of raw.items) {
    if (items.length >= WATCH_ITEMS_PER_FETCH_MAX) break;
    const link = httpLink(item.link, feedUrl);
    const title = plainText(item.title, WATCH_TITLE_MAX_CHARS);
    const summary = plainText(item.summary, WATCH_SUMMARY_MAX_CHARS);
    const publishedAt = isoDate(item.date);
    if (!title && !summary && !link) continue;
    const guid = item.guid?.trim() || link || `${title}\n${publishedAt ?? ''}`;
    if (seen.has(guid)) continue;
    seen.add(guid);
    items.push({ guid, title: title || (link ? new URL(link).hostname : summary.slice(0, 80)), summary, link, publishedAt });
  }
  return { title: plainText(raw.title, WATCH_TITLE_MAX_CHARS) || null, language: languageOf(raw.language), items };
}
