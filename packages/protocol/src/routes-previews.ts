/**
 * Route paths of the link previews, in a module of their own so that a client bundle
 * keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** POST {url}: the server fetches (under its egress policy) or reuses a cached preview. */
export const previewsPath = () => `${API_PREFIX}/previews`;
/**
 * GET: a preview image, served from this server's origin (no
 * Authorization: an <img> cannot send one; the id is an unguessable keyed
 * hash). `LinkPreview.imageUrl` is this route as an absolute URL on the
 * server's public origin.
 */
export const previewImagePath = (imageId: string) => `${API_PREFIX}/previews/images/${encodeURIComponent(imageId)}`;
