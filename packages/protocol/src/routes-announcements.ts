/**
 * Route paths of the announcements, in a module of their own so that a client bundle
 * keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** PUT (PinRequest) pins, DELETE unpins a post (owners and correspondents of its space). */
export const pinPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/pin`;
/** PUT acknowledges ("I have read this"), idempotently; GET the per-site summary (author and owners). */
export const acknowledgementsPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/acks`;
