import { describe, expect, it } from 'vitest';
import { indexText, parseQuery } from './stemming.js';
import { rankQueryLiteral, tsqueryLiteral, tsvectorLiteral } from './tsvector.js';

describe('PostgreSQL text-search literals', () => {
  it('numbers keys as FTS5 does, field after field, with their weights', () => {
    const title = indexText('Sécurité des réseaux', 'fr');
    expect(title).toBe('securit secur de reseau');
    expect(tsvectorLiteral([{ keys: title, weight: 'A' }, { keys: 'reseau ot', weight: 'D' }])).toBe(
      "'securit':1A 'secur':2A 'de':3A 'reseau':4A,5 'ot':6",
    );
    expect(tsvectorLiteral([{ keys: '', weight: 'D' }])).toBe('');
  });

  it('keeps what PostgreSQL keeps: 256 positions a key, positions up to 16383', () => {
    const literal = tsvectorLiteral([{ keys: 'x '.repeat(20_000), weight: 'D' }]);
    expect(literal.slice("'x':".length).split(',')).toHaveLength(256);
    expect(tsvectorLiteral([{ keys: `${'x '.repeat(20_000)}y`, weight: 'B' }]).endsWith("'y':16383B")).toBe(true);
  });

  it('asks for every term through any of its keys, the last one as a prefix while typing', () => {
    const query = parseQuery('sécurité réseaux');
    expect(tsqueryLiteral(query)).toBe("('securit' | 'securite' | 'secur') & ('reseaux':* | 'reseau':*)");
    expect(tsqueryLiteral(parseQuery('sécurité réseaux', false))).toBe("('securit' | 'securite' | 'secur') & ('reseaux' | 'reseau')");
    expect(tsqueryLiteral(parseQuery('Prüfung', false))).toBe("'prufung'");
    // Ranking reads every key OR'ed (ts_rank's frequency and weights, not distances).
    expect(rankQueryLiteral(query)).toBe("'securit' | 'securite' | 'secur' | 'reseaux':* | 'reseau':*");
  });

  it('quotes a stray quote or backslash instead of letting it end the lexeme', () => {
    expect(tsvectorLiteral([{ keys: "l'x a\\b", weight: 'D' }])).toBe("'l''x':1 'a\\\\b':2");
    expect(tsqueryLiteral({ terms: [new Set(["l'x"])], prefixLast: false })).toBe("'l''x'");
  });
});
