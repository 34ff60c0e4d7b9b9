/**
 * Match positions for search results, computed on the original text (the
 * index only holds stems): every word whose keys the query asks for is
 * marked, so the marks point at what the reader sees, accents and all.
 */
import type { Locale } from '@ecotone/protocol';
import { tokenise, wordMatches, type QueryTerms } from './stemming.js';

/** `[start, end)` (UTF-16 code units) of every word of `text`, read in `language`, that matches the query. */
export function matchedRanges(text: string, language: Locale, query: QueryTerms): [number, number][] {
  return tokenise(text)
    .filter((token) => wordMatches(token.word, language, query))
    .map((token) => [token.start, token.end]);
}
