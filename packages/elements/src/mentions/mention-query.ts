/**
 * Where a mention is being typed: the `@` at the start of a word and the
 * letters after it, up to the caret. Small and without the picker, so that a
 * composer knows when to load the picker (on the first `@` typed).
 */
import { PEOPLE_QUERY_MAX_CHARS } from '@ecotone/protocol';

/** A mention being typed: `text.slice(start, end)` is `@` and `query`. */
export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  /** What follows the `@`: a name or its beginning, up to three words. */
  query: string;
}

/**
 * `@` at the start of the text or after a space or an opening bracket or quote,
 * then a letter, then letters, digits, marks, `.`, `'`, `’`, `-` and single
 * spaces (names of several words: "@Anna M"), up to the caret. An e-mail
 * address (`ana@example.com`) is no mention: its `@` follows a letter.
 */
const TYPING_MENTION = /(?:^|[\s([{"'«„“‘])@(\p{L}[\p{L}\p{M}\p{N}.'’-]*(?: [\p{L}\p{M}\p{N}.'’-]+){0,2} ?)$/u;

/** The mention being typed before `caret` in `text`, if any. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | undefined {
  // A name is short: looking further back than the longest query finds nothing more.
  const from = Math.max(0, caret - PEOPLE_QUERY_MAX_CHARS - 2);
  const match = TYPING_MENTION.exec(text.slice(from, caret));
  if (!match) return undefined;
  const query = match[1]!;
  if (query.length > PEOPLE_QUERY_MAX_CHARS) return undefined;
  return { start: caret - query.length - 1, end: caret, query };
}
