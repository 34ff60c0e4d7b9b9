/**
 * Route paths of technology-watch sources, in a module of their own so
 * that a client bundle keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** `GET`: the space's sources; `POST` adds one. */
export const watchSourcesPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/watch/sources`;
/** `DELETE` stops following a source (its posts stay). */
export const watchSourcePath = (sourceId: string) => `${API_PREFIX}/watch/sources/${encodeURIComponent(sourceId)}`;
/** `GET`: the space's sources as an OPML download; `POST { opml }` adds the sources of an OPML document. */
export const watchOpmlPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/watch/opml`;
/** `POST { action }`: triage a watch post (dismiss, discuss, reopen). */
export const watchTriagePath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/watch/triage`;
