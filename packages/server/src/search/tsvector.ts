/**
 * PostgreSQL's full-text values, written from the same keys SQLite's FTS5
 * indexes (search/stemming.ts): a `tsvector` literal of an indexed text and
 * `tsquery` literals of a query. Literals, cast with `::tsvector` /
 * `::tsquery`, reach the index as they are: no text search configuration,
 * parser or dictionary runs on them (no `unaccent`, no `english`), so the
 * same words match on both engines by construction.
 */
import type { QueryTerms } from './stemming.js';

/** Weight labels of a `tsvector` position: A is the heaviest, D the default. */
export type TsWeight = 'A' | 'B' | 'C' | 'D';

/** Highest position PostgreSQL stores (larger ones would be stored as this one). */
const POSITION_MAX = 16_383;
/** Positions PostgreSQL keeps per lexeme; later ones would be dropped silently. */
const POSITIONS_PER_KEY_MAX = 256;

/**
 * A quoted lexeme. Keys are letters and digits only (search/stemming.ts), so
 * escaping never happens on real keys; it keeps a stray quote from changing
 * the literal all the same.
 */
function quoted(key: string): string {
  return `'${key.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/**
 * The `tsvector` of fields of space-separated keys (what
 * stemming.indexText returns, the very text FTS5 gets), each with its
 * weight: key after key at consecutive positions, as FTS5 numbers its
 * tokens, so ranking sees the same words at the same distances.
 */
export function tsvectorLiteral(fields: readonly { keys: string; weight: TsWeight }[]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const { keys, weight } of fields) {
    for (const key of keys.split(' ')) {
      if (key === '') continue;
      position = Math.min(position + 1, POSITION_MAX);
      const known = positions.get(key) ?? [];
      if (known.length < POSITIONS_PER_KEY_MAX) known.push(`${position}${weight === 'D' ? '' : weight}`);
      positions.set(key, known);
    }
  }
  return [...positions].map(([key, at]) => `${quoted(key)}:${at.join(',')}`).join(' ');
}

/** One term's alternatives, each as a prefix when `prefix`. */
function alternatives(keys: ReadonlySet<string>, prefix: boolean): string[] {
  return [...keys].map((key) => `${quoted(key)}${prefix ? ':*' : ''}`);
}

/**
 * The `tsquery` a text must match: every term (AND), each through any of
 * its keys (OR), the last one also as a prefix when typing ahead; the
 * meaning of stemming.matchExpression's FTS5 expression.
 */
export function tsqueryLiteral(query: QueryTerms): string {
  const last = query.terms.length - 1;
  return query.terms
    .map((keys, index) => {
      const alts = alternatives(keys, query.prefixLast && index === last);
      return alts.length === 1 ? alts[0] : `(${alts.join(' | ')})`;
    })
    .join(' & ');
}

/**
 * The `tsquery` ranking reads: every key of every term, OR'ed. `ts_rank`
 * scores an OR by how often and how heavily (title over tags over body)
 * each key occurs; given the AND of {@link tsqueryLiteral} it would score by
 * the distance between different keys instead, and the two keys of one
 * word (accented and plain stems) would count as a pair of neighbours.
 */
export function rankQueryLiteral(query: QueryTerms): string {
  const last = query.terms.length - 1;
  return query.terms.flatMap((keys, index) => alternatives(keys, query.prefixLast && index === last)).join(' | ');
}
