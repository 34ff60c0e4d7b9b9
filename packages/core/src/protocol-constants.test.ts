import { describe, expect, it } from 'vitest';
import { FEED_LIMIT_DEFAULT, LIVE_EVENT_TYPES, SUPPORTED_LOCALES } from '@ecotone/protocol';
import { FEED_PAGE_SIZE, LIVE_TYPES, LOCALES } from './protocol-constants.js';

describe('mirrored protocol constants', () => {
  it('match @ecotone/protocol', () => {
    expect([...LOCALES]).toEqual([...SUPPORTED_LOCALES]);
    expect(Object.keys(LIVE_TYPES).sort()).toEqual([...LIVE_EVENT_TYPES].sort());
    expect(FEED_PAGE_SIZE).toBe(FEED_LIMIT_DEFAULT);
  });
});
