import { describe, expect, it } from 'vitest';
import { canPublish } from './spaces.js';
import { canManageWatchSources, canTriageWatch, watchTriageOutcome } from './watch.js';

describe('technology-watch rules', () => {
  it('lets owners and correspondents manage sources, and those who publish triage', () => {
    expect((['owner', 'correspondent', 'member', 'reader', null] as const).map(canManageWatchSources)).toEqual([true, true, false, false, false]);
    expect((['owner', 'correspondent', 'member', 'reader', null] as const).map(canTriageWatch)).toEqual([true, true, true, false, false]);
  });

  it('never lets anyone publish a watch post by hand', () => {
    expect(canPublish('owner', 'watch')).toBe(false);
    expect(canPublish('owner', 'note')).toBe(true);
  });

  it('moves between new, dismissed and discussed; a promoted item stays promoted', () => {
    expect(watchTriageOutcome('new', 'dismiss')).toBe('dismissed');
    expect(watchTriageOutcome('dismissed', 'discuss')).toBe('discussed');
    expect(watchTriageOutcome('discussed', 'reopen')).toBe('new');
    expect(watchTriageOutcome('dismissed', 'dismiss')).toBe('dismissed');
    expect(watchTriageOutcome('promoted', 'reopen')).toMatchObject({ code: 'conflict' });
  });
});
