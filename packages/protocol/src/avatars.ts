/**
 * Which avatar addresses a reader's browser may load. An `<img src>` is
 * fetched by every reader who sees the name: an address elsewhere is a
 * tracking pixel (who read what, when, from where). Shared by the server,
 * which also requires an allowed origin, and the elements, which check again.
 */

/** Longest avatar URL kept, in characters. */
export const AVATAR_URL_MAX_CHARS = 2048;

/** Stands for "the page's own origin" while a relative path is resolved; never fetched (.invalid). */
const SAME_ORIGIN_BASE = 'https://same-origin.invalid';

/**
 * The address to load an avatar from, normalised, or undefined when a
 * browser must not load it. Only two kinds pass: a same-origin path
 * (starting with a single `/`: `//host`, `/\host` and `/<tab>/host` lead
 * elsewhere and are refused), returned as a path; and an `https:` URL
 * without credentials, returned absolute. `http:`, `data:`, `javascript:`,
 * relative paths and anything longer than {@link AVATAR_URL_MAX_CHARS} are
 * refused. Which https origins are acceptable is the caller's policy: the
 * server keeps only those an administrator allowed.
 *
 * @example avatarSrc('/avatars/ana.png') === '/avatars/ana.png'
 * @example avatarSrc('http://tracker.example/p.gif') === undefined
 */
export function avatarSrc(raw: string): string | undefined {
  if (!raw || raw.length > AVATAR_URL_MAX_CHARS) return undefined;
  let url: URL;
  try {
    url = new URL(raw, SAME_ORIGIN_BASE);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  // Resolved against the placeholder: a same-origin path if it was written as one, else a relative path (refused).
  if (url.origin === SAME_ORIGIN_BASE) return raw.startsWith('/') ? url.pathname + url.search + url.hash : undefined;
  return url.protocol === 'https:' && !raw.startsWith('/') ? url.href : undefined;
}
