import { describe, expect, it } from 'vitest';
import { comparePeople, foldForSearch, nameMatches, offeredInSpace, searchWords } from './people-search.js';

describe('people search', () => {
  it('folds names without accents or case, punctuation separating words', () => {
    expect(foldForSearch('Amélie  Durand')).toBe('amelie durand');
    expect(foldForSearch('Jürgen Straße')).toBe('jurgen strasse');
    expect(foldForSearch("O'Brien-Ünal")).toBe('o brien unal');
  });

  it('matches every query word anywhere in the folded name', () => {
    const name = foldForSearch('Amélie Durand');
    expect(nameMatches(name, searchWords('AME'))).toBe(true);
    expect(nameMatches(name, searchWords('durand amélie'))).toBe(true);
    expect(nameMatches(name, searchWords('rand'))).toBe(true);
    expect(nameMatches(name, searchWords('amelie weber'))).toBe(false);
    expect(nameMatches(name, [])).toBe(true);
  });

  it('orders people by name, then id', () => {
    const people = [
      { id: 'b', displayName: 'Anna' },
      { id: 'c', displayName: 'Zoe' },
      { id: 'a', displayName: 'Anna' },
    ];
    expect([...people].sort(comparePeople).map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('offers everyone for an open space, members only otherwise', () => {
    expect(offeredInSpace('open', null)).toBe(true);
    expect(offeredInSpace('private', null)).toBe(false);
    expect(offeredInSpace('secret', null)).toBe(false);
    expect(offeredInSpace('secret', 'reader')).toBe(true);
  });
});
