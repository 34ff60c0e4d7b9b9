/**
 * Link previews, loaded on first use: a page without a standalone link card
 * never downloads this (cards inside posts read `post.linkPreview` instead).
 *
 * A preview is a read: it goes straight to the transport, never through the
 * outbox, and is kept in the store for the client's lifetime, since the
 * server caches it and shares it between users anyway.
 */
import { Observable } from 'rxjs';
import {
  previewsPath,
  type LinkPreview,
  type PreviewRequest,
} from '@ecotone/protocol';
import { AccessError, ValidationError, toEcotoneError, type EcotoneError } from '../errors.js';
import type { EntityStore } from '../store/entity-store.js';
import type { TransportRequest } from '../types.js';
import type { ClientCore } from '../client-core.js';

/** What the preview reader needs from the client. */
export interface PreviewContext {
  readonly store: EntityStore;
  request<T>(req: TransportRequest): Promise<T>;
  /** Whether the server previews links at all (`Me.capabilities`); true when it does not say. */
  previewsEnabled(): Promise<boolean>;
}

/** Schemes a preview may be asked for: the server refuses every other one, so the client does not ask. */
const PREVIEWABLE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * The cache key and the URL sent: the URL as the browser parses it (so
 * `HTTPS://Example.com` and `https://example.com/` share one entry), or an
 * `invalid_url` error for anything that is not an http(s) URL.
 */
export function previewKey(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalidUrl();
  }
  if (!PREVIEWABLE_PROTOCOLS.has(parsed.protocol)) throw invalidUrl();
  return parsed.href;
}

function invalidUrl(): EcotoneError {
  // Same code and status as the server's answer, so callers handle one case.
  return new ValidationError('invalid_url', 'Only http and https URLs can be previewed', { status: 400 });
}

/** The preview domain of a client (see client-core.ts). */
export function attach(core: ClientCore): PreviewReader {
  return new PreviewReader({
    store: core.store,
    request: (req) => core.request(req),
    // An unreachable `me` should not hide previews: the preview request will say.
    previewsEnabled: () => core.me().then((me) => me.capabilities?.previews !== false, () => true),
  });
}

export class PreviewReader {
  private readonly inFlight = new Map<string, Promise<LinkPreview>>();
  /**
   * `previews_disabled` is a property of the server, not of one URL: once
   * heard, no further preview is asked for during the client's lifetime.
   */
  private disabled: EcotoneError | undefined;

  constructor(private readonly ctx: PreviewContext) {}

  /** See {@link EcotoneClient.preview}. */
  preview(url: string): Promise<LinkPreview> {
    let key: string;
    try {
      key = previewKey(url);
    } catch (err) {
      return Promise.reject(toEcotoneError(err));
    }
    const cached = this.ctx.store.snapshot.previews[key];
    if (cached) return Promise.resolve(cached);
    if (this.disabled) return Promise.reject(this.disabled);
    let pending = this.inFlight.get(key);
    if (!pending) {
      const body: PreviewRequest = { url: key };
      pending = this.ctx
        .previewsEnabled()
        .then((enabled) => {
          // A server with previews off says so in `me`: ask it nothing (no request, no 403 in the console).
          if (!enabled) throw new AccessError('previews_disabled', 'Link previews are off on this server', { status: 403 });
          return this.ctx.request<LinkPreview>({ method: 'POST', path: previewsPath(), body });
        })
        .then(
          (preview) => {
            this.ctx.store.update((s) => ({ ...s, previews: { ...s.previews, [key]: preview } }));
            return preview;
          },
          (err: unknown) => {
            const error = toEcotoneError(err);
            if (error.code === 'previews_disabled') this.disabled = error;
            // Other failures are not kept: the site may answer next time.
            throw error;
          },
        )
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** See {@link EcotoneClient.preview$}. */
  preview$(url: string): Observable<LinkPreview | undefined> {
    return new Observable<LinkPreview | undefined>((subscriber) => {
      let key: string;
      try {
        key = previewKey(url);
      } catch (err) {
        subscriber.error(toEcotoneError(err));
        return undefined;
      }
      const inner = this.ctx.store.select((s) => s.previews[key]).subscribe(subscriber);
      if (!this.ctx.store.snapshot.previews[key]) this.preview(url).catch((err: unknown) => subscriber.error(err));
      return inner;
    });
  }
}
