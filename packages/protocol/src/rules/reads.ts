/**
 * Rules of reads: how many spaces one request may name, what a search must
 * contain, and how reaction counts are shaped.
 */
import { MULTI_FEED_SPACES_MAX } from '../constants.js';
import type { ProblemFieldError } from '../wire-types.js';

/**
 * The spaces named by a feed or a search over several spaces (`?spaces=`,
 * comma-separated), each once, in the order given.
 */
export function namedSpaces(list: string): string[] {
  return [...new Set(list.split(','))];
}

/** Refuses more than MULTI_FEED_SPACES_MAX spaces in one request, before anything is looked up. */
export function spaceListErrors(ids: readonly string[]): ProblemFieldError[] {
  return ids.length > MULTI_FEED_SPACES_MAX ? [{ path: '/query/spaces', message: `must name at most ${MULTI_FEED_SPACES_MAX} spaces` }] : [];
}

/** A word of a search: letters and digits, in any script. */
export const SEARCH_WORD = /[\p{L}\p{N}]+/gu;
/** Longer runs of letters are not words (an encoded blob, a hash): not indexed, not searched. */
export const SEARCH_WORD_MAX_CHARS = 64;

/** A search must contain a word: a run of letters or digits, in any script, of at most SEARCH_WORD_MAX_CHARS. */
export function searchQueryErrors(q: string): ProblemFieldError[] {
  const hasWord = [...q.matchAll(SEARCH_WORD)].some((m) => m[0].length <= SEARCH_WORD_MAX_CHARS);
  return hasWord ? [] : [{ path: '/query/q', message: 'must contain a word (letters or digits)' }];
}

/** Every configured reaction kind, in the configured order, with its count (0 when nobody used it). */
export function reactionCounts(kinds: readonly string[], count: (kind: string) => number | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = count(kind) ?? 0;
  return counts;
}
