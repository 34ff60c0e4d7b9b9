/**
 * Link previews of {@link MemoryTransport}: answers what the seed or
 * {@link MemoryPreviews.add} says for a URL, nothing is fetched; turned off
 * like a server running `--egress off`.
 */
import { firstLink as firstLinkOf, type LinkPreview, type PreviewRequest } from '@ecotone/protocol';
import { answer, fail, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

export class MemoryPreviews {
  private readonly previews = new Map<string, LinkPreview>();
  disabled = false;

  constructor(private readonly store: MemoryStore) {}

  readonly routes: MemoryRouteTable = {
    previews: { POST: answer((req) => this.preview(req.body as PreviewRequest | undefined)) },
  };

  /** Adds or replaces what `POST /previews` answers for `url`. */
  add(preview: LinkPreview, url: string): void {
    this.previews.set(normalisedUrl(url) ?? url, structuredClone(preview));
  }

  /** What `POST /previews` answers, by URL, for a snapshot of the world. */
  dump(): Record<string, LinkPreview> {
    return structuredClone(Object.fromEntries(this.previews));
  }

  /** Replaces the previews with those of a snapshot. */
  load(previews: Readonly<Record<string, LinkPreview>>): void {
    this.previews.clear();
    for (const [url, preview] of Object.entries(structuredClone(previews))) this.previews.set(url, preview);
  }

  /** The preview seeded for the first http(s) link of a body, if any (and previews are on). */
  forBody(body: string): LinkPreview | undefined {
    const url = firstLink(body);
    return url === undefined || this.disabled ? undefined : this.previews.get(url);
  }

  /** The preview seeded for the first http(s) link of a body, previews on or off. */
  seededForBody(body: string): LinkPreview | undefined {
    const url = firstLink(body);
    return url === undefined ? undefined : this.previews.get(url);
  }

  private preview(body: PreviewRequest | undefined): LinkPreview {
    if (this.disabled) throw fail('previews_disabled', 'Link previews are turned off on this server');
    if (typeof body?.spaceId === 'string') {
      // A link written in a space that offers no link previews is not fetched (an unreadable space is 404).
      this.store.readableSpace(body.spaceId);
      this.store.requireCapabilities(body.spaceId, [{ capability: 'previews' }]);
    }
    const url = typeof body?.url === 'string' ? normalisedUrl(body.url) : undefined;
    if (!url) throw fail('invalid_url', 'Only http and https URLs can be previewed');
    return this.previews.get(url) ?? { url, fetchedAt: this.store.now().toISOString() };
  }
}

/** `url` as the browser parses it when it is an http(s) URL; undefined otherwise. */
function normalisedUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The first http(s) link of a post's body, as the server picks it, normalised. */
function firstLink(body: string): string | undefined {
  const link = firstLinkOf(body);
  return link === undefined ? undefined : normalisedUrl(link);
}
