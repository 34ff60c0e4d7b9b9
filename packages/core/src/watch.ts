/**
 * Technology-watch sources of a space, and the triage of their items. A
 * function of its own rather than methods of the client, so that only the
 * pages that manage sources (`<eco-watch-sources>`) or triage items carry it.
 */
import {
  watchOpmlPath,
  watchSourcePath,
  watchSourcesPath,
  watchTriagePath,
  type Post,
  type WatchOpmlResult,
  type WatchSource,
  type WatchSourceDraft,
  type WatchSourceList,
  type WatchTriageRequest,
} from '@ecotone/protocol';
import type { ClientCore } from './client-core.js';
import type { EcotoneClient } from './types.js';

/** A client's access to technology-watch sources (see {@link clientWatch}). */
export interface WatchSources {
  /**
   * The space's sources, oldest first, with `mayManage`. Rejects with
   * `watch_unavailable` when the server fetches nothing (`--egress off`), and
   * `not_found` from an in-process transport, which fetches nothing either.
   */
  list(spaceId: string): Promise<WatchSourceList>;
  /** Follows a feed (owners and correspondents); the same URL twice is the same source. */
  add(spaceId: string, draft: WatchSourceDraft): Promise<WatchSource>;
  /** Stops following a source; the posts it brought stay. */
  remove(sourceId: string): Promise<void>;
  /** Adds the sources of an OPML document. */
  importOpml(spaceId: string, opml: string): Promise<WatchOpmlResult>;
  /** The space's sources as an OPML 2.0 document, built from `list` (the server's `GET …/watch/opml` gives the same). */
  exportOpml(spaceId: string, title: string): Promise<string>;
  /** Dismisses a watch post, opens it for discussion, or reopens it, for the whole space. */
  triage(postId: string, action: WatchTriageRequest['action']): Promise<Post>;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** An OPML 2.0 document listing these sources. */
export function opmlOf(title: string, sources: readonly Pick<WatchSource, 'title' | 'url'>[]): string {
  const outlines = sources.map((s) => `    <outline text="${escapeXml(s.title)}" title="${escapeXml(s.title)}" type="rss" xmlUrl="${escapeXml(s.url)}"/>`);
  return ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">', `  <head><title>${escapeXml(title)}</title></head>`, '  <body>', ...outlines, '  </body>', '</opml>', ''].join('\n');
}

/**
 * The technology-watch sources of the client's server.
 *
 * @example
 * const watch = clientWatch(client);
 * const { items, mayManage } = await watch.list('general');
 * if (mayManage) await watch.add('general', { url: 'https://blog.example/feed.xml' });
 */
export function clientWatch(client: EcotoneClient): WatchSources {
  // The client is its own core (client-core.ts); the public type does not show it.
  const core = client as unknown as ClientCore;
  const list = (spaceId: string) => core.request<WatchSourceList>({ method: 'GET', path: watchSourcesPath(spaceId) });
  return {
    list,
    add: (spaceId, draft) => core.request<WatchSource>({ method: 'POST', path: watchSourcesPath(spaceId), body: draft }),
    remove: (sourceId) => core.request<void>({ method: 'DELETE', path: watchSourcePath(sourceId) }),
    importOpml: (spaceId, opml) => core.request<WatchOpmlResult>({ method: 'POST', path: watchOpmlPath(spaceId), body: { opml } }),
    exportOpml: async (spaceId, title) => opmlOf(title, (await list(spaceId)).items),
    triage: (postId, action) => core.request<Post>({ method: 'POST', path: watchTriagePath(postId), body: { action } }),
  };
}
