import { describe, expect, it } from 'vitest';
import { audienceColumns, audienceFromColumns, receives, type EventAudience } from './audience.js';

describe('live event audiences', () => {
  const drafters: EventAudience = { kind: 'drafters', authorId: 'hannah' };
  const person: EventAudience = { kind: 'person', actorId: 'marco' };

  it('sends space events to whoever reads the space', () => {
    expect(receives({ kind: 'space' }, 'thomas', true, 'member')).toBe(true);
    expect(receives({ kind: 'space' }, 'thomas', false, null)).toBe(false);
  });

  it("sends a draft's events to its author and the space's owners only", () => {
    expect(receives(drafters, 'hannah', true, 'correspondent')).toBe(true);
    expect(receives(drafters, 'amelie', true, 'owner')).toBe(true);
    for (const role of ['correspondent', 'member', 'reader', null] as const) {
      expect(receives(drafters, 'thomas', true, role)).toBe(false);
    }
    // Never to someone who cannot read the space, even its author after leaving it.
    expect(receives(drafters, 'hannah', false, null)).toBe(false);
  });

  it('sends membership changes to the person concerned and the owners, even after they left', () => {
    expect(receives(person, 'marco', false, null)).toBe(true);
    expect(receives(person, 'amelie', true, 'owner')).toBe(true);
    expect(receives(person, 'thomas', true, 'member')).toBe(false);
  });

  it('round-trips through its columns, and an unknown stored value reaches nobody', () => {
    for (const audience of [{ kind: 'space' } as const, drafters, person]) {
      const columns = audienceColumns(audience);
      expect(audienceFromColumns(columns.audience, columns.audience_actor)).toEqual(audience);
    }
    expect(audienceFromColumns('drafters', null)).toBeNull();
    expect(audienceFromColumns('everyone', 'x')).toBeNull();
  });
});
