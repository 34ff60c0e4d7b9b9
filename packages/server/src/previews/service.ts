/**
 * Link previews: a shared cache in the database, one fetch per URL at a
 * time, and the page, its oEmbed video and its image fetched through the
 * egress guard only.
 */
import type { Kysely } from 'kysely';
import { isProblemCode, normalizeLabel, routes, type LinkPreview, type LinkVideo, type ProblemCode } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { HttpProblem } from '../http/errors.js';
import { parsePreviewUrl, type EgressGuard } from '../egress/fetcher.js';
import { HtmlMetadataReader, type PageMetadata } from './html-metadata.js';
import { IMAGE_ACCEPT_HEADER, imageId, isAcceptedImageType, sniffImageType } from './images.js';
import { isOembedType, videoFromOembed } from './oembed.js';
import { findCachedPreview, pruneCachedPreviews, storeCachedPreview, storePreviewImage } from './preview-repository.js';

/** How long a successful preview is reused, in ms. */
export const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a failed fetch is remembered (not retried), in ms. */
export const PREVIEW_FAILURE_TTL_MS = 10 * 60 * 1000;
/** Longest title kept, in characters. */
const TITLE_MAX_CHARS = 300;
/** Longest description kept, in characters. */
const DESCRIPTION_MAX_CHARS = 1_000;
/** Longest site name and image description kept, in characters. */
const SHORT_TEXT_MAX_CHARS = 200;
/** Largest oEmbed document read, in bytes. */
const OEMBED_MAX_BYTES = 64 * 1024;

/**
 * Failures worth remembering: they come from the remote page. Refusals of
 * the policy (egress_blocked, invalid_url) are cheap to decide again and
 * follow the configuration, so they are never cached.
 */
const CACHED_FAILURES: ReadonlySet<ProblemCode> = new Set([
  'preview_unreachable',
  'preview_timeout',
  'preview_too_large',
  'preview_not_html',
  'preview_too_many_redirects',
]);

const FAILURE_TITLES: Partial<Record<ProblemCode, string>> = {
  preview_unreachable: 'The linked host could not be reached',
  preview_timeout: 'The linked host took too long to answer',
  preview_too_large: 'The linked page is too large',
  preview_not_html: 'The link is not an HTML page',
  preview_too_many_redirects: 'The link redirects too many times',
};

type StoredPreview = Omit<LinkPreview, 'url'>;

/**
 * A text of the remote page as a label (see normalizeLabel: no bidi or
 * invisible characters, white space and controls collapsed), bounded in
 * length (by code points).
 */
export function cleanText(value: string | undefined, maxChars: number): string | undefined {
  if (value === undefined) return undefined;
  const text = normalizeLabel(value);
  if (!text) return undefined;
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('').trimEnd()}…`;
}

function isHtmlType(mediaType: string): boolean {
  return mediaType === 'text/html' || mediaType === 'application/xhtml+xml';
}

export interface LinkPreviewServiceOptions {
  guard: EgressGuard;
  db: Kysely<Database>;
  now: () => Date;
  /** Key of image ids (see images.ts), loaded or made on first use. */
  imageKey: () => Promise<Buffer>;
  /** Origin (and path prefix) browsers reach this server at, for absolute image URLs. */
  publicUrl: () => string;
}

export class LinkPreviewService {
  readonly #guard: EgressGuard;
  readonly #db: Kysely<Database>;
  readonly #now: () => Date;
  readonly #loadImageKey: () => Promise<Buffer>;
  readonly #publicUrl: () => string;
  #imageKey: Promise<Buffer> | undefined;
  /** Fetches in flight by URL key: concurrent askers share one. */
  readonly #inflight = new Map<string, Promise<StoredPreview>>();
  /** Background work (post previews), awaited on close. */
  readonly #background = new Set<Promise<unknown>>();
  readonly #shutdown = new AbortController();

  constructor(options: LinkPreviewServiceOptions) {
    this.#guard = options.guard;
    this.#db = options.db;
    this.#now = options.now;
    this.#loadImageKey = options.imageKey;
    this.#publicUrl = options.publicUrl;
  }

  /** False with `--egress off`: nothing is resolved or fetched, ever. */
  get enabled(): boolean {
    return this.#guard.policy.mode !== 'off';
  }

  /**
   * The preview of a URL, from the cache or fetched now. Throws HttpProblem
   * with a documented code when the URL is refused or the fetch fails.
   */
  async preview(text: string): Promise<LinkPreview> {
    if (!this.enabled) throw new HttpProblem('previews_disabled', 'Link previews are disabled on this server');
    const url = parsePreviewUrl(text);
    const stored = await this.#shared(urlKey(url), url);
    // The card links to what the user gave, never to a URL the page claims.
    return { url: url.href, ...stored };
  }

  /** Runs background work that close() waits for; its errors are the task's own business. */
  track(task: Promise<unknown>): void {
    const settled = task.catch(() => undefined).finally(() => this.#background.delete(settled));
    this.#background.add(settled);
  }

  /** Cancels fetches in flight and waits for background work to end. */
  async close(): Promise<void> {
    this.#shutdown.abort(new HttpProblem('unavailable', 'The server is shutting down'));
    await Promise.all([...this.#background]);
  }

  /**
   * One lookup-then-fetch per URL at a time. The cache lookup is inside the
   * shared task: an ask whose lookup ran before another ask's fetch was stored
   * would otherwise miss the cache after that fetch had left the map, and fetch
   * the page a second time.
   */
  #shared(key: string, url: URL): Promise<StoredPreview> {
    let pending = this.#inflight.get(key);
    if (!pending) {
      pending = this.#cachedOrFetched(key, url).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return pending;
  }

  async #cachedOrFetched(key: string, url: URL): Promise<StoredPreview> {
    const cached = await findCachedPreview(this.#db, key, this.#now());
    if (cached?.kind === 'failure') {
      const code = isProblemCode(cached.problemCode) ? cached.problemCode : 'preview_unreachable';
      throw new HttpProblem(code, FAILURE_TITLES[code] ?? 'No preview for this link');
    }
    return cached?.preview ?? (await this.#fetchAndCache(key, url));
  }

  async #fetchAndCache(key: string, url: URL): Promise<StoredPreview> {
    const fetchedAt = this.#now();
    try {
      const preview = await this.#fetchPreview(url, fetchedAt);
      await storeCachedPreview(this.#db, {
        urlKey: key,
        value: { kind: 'preview', preview },
        fetchedAt,
        expiresAt: new Date(fetchedAt.getTime() + PREVIEW_TTL_MS),
      });
      await pruneCachedPreviews(this.#db, fetchedAt);
      return preview;
    } catch (error) {
      if (error instanceof HttpProblem && CACHED_FAILURES.has(error.code) && !this.#shutdown.signal.aborted) {
        await storeCachedPreview(this.#db, {
          urlKey: key,
          value: { kind: 'failure', problemCode: error.code },
          fetchedAt,
          expiresAt: new Date(fetchedAt.getTime() + PREVIEW_FAILURE_TTL_MS),
        });
      }
      throw error;
    }
  }

  async #fetchPreview(url: URL, fetchedAt: Date): Promise<StoredPreview> {
    let reader: HtmlMetadataReader | undefined;
    const page = await this.#guard.fetch(url, {
      accept: isHtmlType,
      refusedType: 'preview_not_html',
      acceptHeader: 'text/html, application/xhtml+xml;q=0.9',
      signal: this.#shutdown.signal,
      stream: ({ charset }) => {
        reader = new HtmlMetadataReader(charset);
        return (chunk) => reader!.write(chunk);
      },
    });
    const found = reader?.end() ?? { meta: new Map(), title: undefined, oembedHref: undefined };
    const meta = (...keys: string[]) => keys.map((k) => found.meta.get(k)).find((v) => v !== undefined && v.trim() !== '');
    // Image and video are extras: fetched side by side, and a failure of
    // either only means the card has no image or no video.
    const [image, video] = await Promise.all([
      this.#image(meta('og:image', 'og:image:secure_url', 'og:image:url', 'twitter:image', 'twitter:image:src'), page.finalUrl),
      this.#video(found, page.finalUrl),
    ]);
    const title = cleanText(meta('og:title', 'twitter:title') ?? found.title, TITLE_MAX_CHARS);
    const description = cleanText(meta('og:description', 'twitter:description', 'description'), DESCRIPTION_MAX_CHARS);
    const siteName = cleanText(meta('og:site_name'), SHORT_TEXT_MAX_CHARS);
    const imageAlt = image ? cleanText(meta('og:image:alt', 'twitter:image:alt'), SHORT_TEXT_MAX_CHARS) : undefined;
    return {
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(siteName ? { siteName } : {}),
      ...(image ? { imageUrl: image } : {}),
      ...(imageAlt ? { imageAlt } : {}),
      ...(video ? { video } : {}),
      fetchedAt: fetchedAt.toISOString(),
    };
  }

  /** Fetches, checks and stores the image; its URL on our origin, or undefined. */
  async #image(src: string | undefined, base: URL): Promise<string | undefined> {
    if (!src) return undefined;
    try {
      const url = parsePreviewUrl(src, base);
      const response = await this.#guard.fetch(url, {
        accept: isAcceptedImageType,
        refusedType: 'preview_not_html',
        acceptHeader: IMAGE_ACCEPT_HEADER,
        signal: this.#shutdown.signal,
      });
      const contentType = sniffImageType(response.body);
      if (!contentType) return undefined;
      this.#imageKey ??= this.#loadImageKey();
      const id = imageId(await this.#imageKey, response.body);
      await storePreviewImage(this.#db, { id, contentType, bytes: response.body, createdAt: this.#now().toISOString() });
      // Our own origin: the reader's browser never contacts the linked host.
      return `${this.#publicUrl().replace(/\/+$/, '')}${routes.previewImage(id)}`;
    } catch {
      return undefined;
    }
  }

  /** The oEmbed video, fetched through the same guard; undefined on any failure. */
  async #video(found: PageMetadata, base: URL): Promise<LinkVideo | undefined> {
    if (!found.oembedHref) return undefined;
    try {
      const url = parsePreviewUrl(found.oembedHref, base);
      const response = await this.#guard.fetch(url, {
        accept: isOembedType,
        refusedType: 'preview_not_html',
        acceptHeader: 'application/json',
        signal: this.#shutdown.signal,
      });
      if (response.body.length > OEMBED_MAX_BYTES) return undefined;
      return videoFromOembed(JSON.parse(response.body.toString('utf8')));
    } catch {
      return undefined;
    }
  }
}

/** The cache key of a URL: WHATWG-normalised, without the fragment (servers never see it). */
export function urlKey(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}
