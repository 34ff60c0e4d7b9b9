/**
 * Words for search (knowledge notes, posts), in English, French and German.
 *
 * FTS5 only has an English (Porter) stemmer, so words are stemmed here with
 * Snowball and FTS5 receives the stems. Each word gives up to two keys:
 * the stem of the word with its accents folded away, and the folded stem of
 * the word as written. The French stemmer treats "sécurité" and "securite"
 * differently (sécur / securit), so folding first is what makes accent-less
 * queries match; stemming first keeps what the stemmer does best with
 * accents. A query term is expanded to the keys of all three languages, since
 * the searcher's language says nothing about the text's.
 */
import { newStemmer, type Stemmer } from 'snowball-stemmers';
import type { Locale } from '@ecotone/protocol';
import { SUPPORTED_LOCALES } from '@ecotone/protocol';
import { SEARCH_WORD, SEARCH_WORD_MAX_CHARS } from '@ecotone/protocol/rules';
import { foldAccents } from './text-folding.js';

const STEMMER_NAMES: Record<Locale, string> = { en: 'english', fr: 'french', de: 'german' };
const stemmers = new Map<Locale, Stemmer>(
  SUPPORTED_LOCALES.map((locale) => [locale, newStemmer(STEMMER_NAMES[locale])]),
);

/** Letters (any script) and digits; everything else separates words; longer runs are noise (hashes, base64): the search rules. */
const WORD = SEARCH_WORD;
const WORD_MAX_CHARS = SEARCH_WORD_MAX_CHARS;

export interface Token {
  /** The word lowercased, as written. */
  word: string;
  /** `[start, end)` in the original text (UTF-16 code units). */
  start: number;
  end: number;
}

/** Words of a text with their positions. */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    if (match[0].length > WORD_MAX_CHARS) continue;
    tokens.push({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

const keyCache = new Map<string, readonly string[]>();
/** Bound of the memo of word keys, in entries: enough for a corpus vocabulary, never unbounded. */
const KEY_CACHE_MAX_ENTRIES = 200_000;

/** The index keys of one lowercased word in a language (one or two). */
export function wordKeys(word: string, language: Locale): readonly string[] {
  const cacheKey = `${language}:${word}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const stemmer = stemmers.get(language) ?? stemmers.get('en')!;
  const folded = foldAccents(word);
  const a = stemmer.stem(folded);
  const b = foldAccents(stemmer.stem(word));
  const keys = a === b ? [a] : [a, b];
  if (keyCache.size >= KEY_CACHE_MAX_ENTRIES) keyCache.clear();
  keyCache.set(cacheKey, keys);
  return keys;
}

/** The text stored in an FTS column: every key of every word, space-separated. */
export function indexText(text: string, language: Locale): string {
  const out: string[] = [];
  for (const token of tokenise(text)) out.push(...wordKeys(token.word, language));
  return out.join(' ');
}

/** What a query asks for: per term, the keys that match it in any language. */
export interface QueryTerms {
  /** One entry per query word, each the set of its keys over en, fr and de. */
  terms: ReadonlySet<string>[];
  /** Whether the last term also matches words its keys start with (typing ahead). */
  prefixLast: boolean;
}

/** Longest number of query words used; the rest is ignored. */
const QUERY_TERMS_MAX = 12;

export function parseQuery(q: string, prefixLast = true): QueryTerms {
  const terms = tokenise(q)
    .slice(0, QUERY_TERMS_MAX)
    .map((token) => new Set(SUPPORTED_LOCALES.flatMap((locale) => wordKeys(token.word, locale))));
  return { terms, prefixLast };
}

/**
 * The FTS5 MATCH expression: every term must match (AND), each through any of
 * its keys (OR). Keys are letters and digits only, quoted all the same.
 */
export function matchExpression(query: QueryTerms): string {
  return query.terms
    .map((keys, index) => {
      const star = query.prefixLast && index === query.terms.length - 1 ? '*' : '';
      const alternatives = [...keys].map((key) => `"${key}"${star}`);
      return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
    })
    .join(' AND ');
}

/** Whether a word of a text (in its language) matches one of the query's terms. */
export function wordMatches(word: string, language: Locale, query: QueryTerms): boolean {
  const keys = wordKeys(word, language);
  const last = query.terms.length - 1;
  return query.terms.some((termKeys, index) =>
    keys.some((key) =>
      termKeys.has(key) || (query.prefixLast && index === last && [...termKeys].some((t) => key.startsWith(t))),
    ),
  );
}
