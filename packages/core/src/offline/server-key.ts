/**
 * The server as the partition key of everything the offline parts keep (the
 * read cache, drafts, the durable outbox, the tabs' shared stream): one rule,
 * so that all of them agree on what "this server" is.
 */

/**
 * The server part of offline partitions: the base URL made absolute, without
 * a trailing slash; `memory` for a given transport object, or the name a
 * transport gives by itself (`local`).
 */
export function serverKeyOf(
  options: { baseUrl?: string; transport?: unknown },
  page: string = typeof location === 'undefined' ? 'http://localhost/' : location.href,
): string {
  const transport = options.transport;
  if (typeof transport === 'string') return transport;
  if (transport) return 'memory';
  const base = page;
  try {
    return new URL(options.baseUrl || '/', base).href.replace(/\/+$/, '');
  } catch {
    return options.baseUrl ?? '';
  }
}
