import { API_PREFIX } from '@ecotone/protocol';

/**
 * Turns a protocol route builder into a Fastify path relative to the API
 * prefix, with `:name` parameters: `apiPath(routes.feed, ':space')`.
 * Deriving paths from `routes` keeps server and clients on the same strings.
 */
export function apiPath<A extends string[]>(build: (...args: A) => string, ...params: A): string {
  const full = build(...params);
  // encodeURIComponent turns ':' into '%3A'; restore the parameter markers.
  return full.slice(API_PREFIX.length).replaceAll('%3A', ':');
}
