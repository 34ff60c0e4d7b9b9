import { describe, expect, it } from 'vitest';
import { parseRowChange, RowChangeNotices, type RowChange } from './row-changes.js';

describe('row change notices', () => {
  it('parses the notices of the announced tables only', () => {
    expect(parseRowChange('actors:auth0|5f:x')).toEqual({ table: 'actors', key: 'auth0|5f:x' });
    expect(parseRowChange('memberships:priya')).toEqual({ table: 'memberships', key: 'priya' });
    expect(parseRowChange('spaces:general')).toEqual({ table: 'spaces', key: 'general' });
    expect(parseRowChange('posts:p1')).toBeUndefined();
    expect(parseRowChange('constructor:x')).toBeUndefined();
    expect(parseRowChange('actors')).toBeUndefined();
  });

  it('counts every turn as changed until it listens, then once after each time it listens again', () => {
    const notices = new RowChangeNotices();
    const seen: RowChange[] = [];
    notices.subscribe((change) => seen.push(change));
    expect([notices.changedElsewhere(), notices.changedElsewhere()]).toEqual([true, true]);
    notices.listening();
    expect([notices.changedElsewhere(), notices.changedElsewhere()]).toEqual([true, false]);
    notices.noticed('spaces:general');
    notices.noticed('nonsense');
    expect(seen).toEqual([{ table: 'spaces', key: 'general' }]);
    expect(notices.changedElsewhere()).toBe(false);
    notices.lost();
    expect([notices.changedElsewhere(), notices.changedElsewhere()]).toEqual([true, true]);
    notices.listening();
    expect([notices.changedElsewhere(), notices.changedElsewhere()]).toEqual([true, false]);
  });
});
