import { describe, expect, it } from 'vitest';
import { MULTI_FEED_SPACES_MAX } from '../constants.js';
import { namedSpaces, reactionCounts, searchQueryErrors, spaceListErrors } from './reads.js';

describe('rules of reads', () => {
  it('names each space once, in the order given', () => {
    expect(namedSpaces('a,b,a,c')).toEqual(['a', 'b', 'c']);
  });

  it.each([
    [MULTI_FEED_SPACES_MAX, 0],
    [MULTI_FEED_SPACES_MAX + 1, 1],
  ])('refuses more than the maximum of spaces (%i spaces: %i error)', (n, errors) => {
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    expect(spaceListErrors(ids)).toHaveLength(errors);
    if (errors) expect(spaceListErrors(ids)[0]).toMatchObject({ path: '/query/spaces' });
  });

  it.each([
    ['quality', true],
    ['Prüfung', true],
    ['2026', true],
    ['日本', true],
    ['!!!', false],
    ['  -- ', false],
    ['', false],
    ['x'.repeat(65), false],
    ['x'.repeat(64), true],
  ])('a search %j contains a word: %s', (q, ok) => {
    expect(searchQueryErrors(q)).toEqual(ok ? [] : [{ path: '/query/q', message: 'must contain a word (letters or digits)' }]);
  });

  it('counts every configured kind, in order, 0 when unused', () => {
    const used = new Map([['celebrate', 2]]);
    expect(reactionCounts(['like', 'celebrate'], (k) => used.get(k))).toEqual({ like: 0, celebrate: 2 });
    expect(Object.keys(reactionCounts(['like', 'celebrate'], () => 1))).toEqual(['like', 'celebrate']);
  });
});
