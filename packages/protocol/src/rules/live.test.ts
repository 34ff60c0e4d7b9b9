import { describe, expect, it } from 'vitest';
import { eventAudience, receives, type EventAudience } from './live.js';

describe('live event audiences (rules)', () => {
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

  it('decides the audience when the change is made: a draft keeps its events to those who may read it', () => {
    const now = new Date('2026-06-01T10:00:00Z');
    expect(eventAudience({ actorId: 'marco' }, null, now)).toEqual({ kind: 'person', actorId: 'marco' });
    expect(eventAudience(null, null, now)).toEqual({ kind: 'space' });
    expect(eventAudience(null, { authorId: 'hannah', publishAt: null }, now)).toEqual({ kind: 'space' });
    expect(eventAudience(null, { authorId: 'hannah', publishAt: '2026-06-01T09:00:00Z' }, now)).toEqual({ kind: 'space' });
    expect(eventAudience(null, { authorId: 'hannah', publishAt: '2026-06-02T09:00:00Z' }, now)).toEqual({ kind: 'drafters', authorId: 'hannah' });
  });
});
