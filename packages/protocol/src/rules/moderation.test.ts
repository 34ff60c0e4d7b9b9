import { describe, expect, it } from 'vitest';
import {
  canModerate,
  canReport,
  foldForFilter,
  hideErrors,
  normalizeWordFilters,
  reportErrors,
  seesModerated,
  wordFilterErrors,
  wordFilterMatches,
} from './moderation.js';
import { canSeePost } from './posts.js';

describe('moderation rights', () => {
  it('lets owners only moderate', () => {
    expect(canModerate('owner')).toBe(true);
    for (const role of ['correspondent', 'member', 'reader', null] as const) expect(canModerate(role)).toBe(false);
  });
  it('lets anyone report what others wrote, not their own', () => {
    expect(canReport({ authorId: 'a' }, 'b')).toBe(true);
    expect(canReport({ authorId: 'a' }, 'a')).toBe(false);
  });
  it('shows hidden or held content to its author and the owners only', () => {
    for (const moderation of ['hidden', 'held'] as const) {
      expect(seesModerated({ authorId: 'a', moderation }, 'a', 'member')).toBe(true);
      expect(seesModerated({ authorId: 'a', moderation }, 'o', 'owner')).toBe(true);
      expect(seesModerated({ authorId: 'a', moderation }, 'b', 'member')).toBe(false);
      expect(seesModerated({ authorId: 'a', moderation }, 'b', null)).toBe(false);
    }
    expect(seesModerated({ authorId: 'a', moderation: null }, 'b', null)).toBe(true);
  });
  it('hides a hidden post like a draft in canSeePost', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(canSeePost({ authorId: 'a', publishAt: null, moderation: 'hidden' }, 'b', 'member', now)).toBe(false);
    expect(canSeePost({ authorId: 'a', publishAt: null, moderation: 'held' }, 'a', 'member', now)).toBe(true);
    expect(canSeePost({ authorId: 'a', publishAt: null, moderation: 'hidden' }, 'o', 'owner', now)).toBe(true);
    expect(canSeePost({ authorId: 'a', publishAt: null }, 'b', 'member', now)).toBe(true);
  });
});

describe('requests', () => {
  it('bounds a report text and refuses a blank hide reason', () => {
    expect(reportErrors({})).toEqual([]);
    expect(reportErrors({ text: 'x'.repeat(501) })).toEqual([{ path: '/text', message: 'must be at most 500 characters' }]);
    expect(hideErrors({ reason: '  ' })).toEqual([{ path: '/reason', message: 'must not be blank' }]);
    expect(hideErrors({ reason: 'Off topic' })).toEqual([]);
  });
});

describe('word filter', () => {
  it('folds accents and case (NFD)', () => {
    expect(foldForFilter('Éléphant ÇA Straße')).toBe('elephant ca straße');
    expect(foldForFilter('e\u0301te\u0301')).toBe('ete');
  });
  it('finds whole words only, accents and case ignored', () => {
    expect(wordFilterMatches(['Un CAFÉ serré'], ['cafe'])).toEqual(['cafe']);
    expect(wordFilterMatches(['la cafétéria'], ['cafe'])).toEqual([]);
    expect(wordFilterMatches(['écran'], ['Écran'])).toEqual(['Écran']);
    expect(wordFilterMatches(['l\'idiot!'], ['idiot'])).toEqual(['idiot']);
    expect(wordFilterMatches(['nothing here'], [])).toEqual([]);
  });
  it('finds phrases as consecutive words, in any of the texts', () => {
    expect(wordFilterMatches(['title', 'Buy  Cheap\nwatches now'], ['cheap watches', 'buy'])).toEqual(['cheap watches', 'buy']);
    expect(wordFilterMatches(['cheap gold watches'], ['cheap watches'])).toEqual([]);
  });
  it('normalises and validates a list', () => {
    expect(normalizeWordFilters([' Café ', 'cafe', '', 'bad   word'])).toEqual(['Café', 'bad word']);
    expect(wordFilterErrors(['ok', '!!!', 'x'.repeat(65)]).map((e) => e.path)).toEqual(['/words/1', '/words/2']);
    expect(wordFilterErrors(Array.from({ length: 201 }, (_, i) => `w${i}`))[0]!.path).toBe('/words');
  });
});

describe('moderation events', () => {
  it('sends the queue to the space’s owners only, and a hidden post’s events like a draft’s', async () => {
    const { fixedAudience, receives, eventAudience, eventSubject } = await import('./live.js');
    const audience = fixedAudience({ type: 'moderation.changed', spaceId: 's' })!;
    expect(audience).toEqual({ kind: 'owners' });
    expect(receives(audience, 'o', true, 'owner')).toBe(true);
    expect(receives(audience, 'm', true, 'member')).toBe(false);
    expect(receives(audience, 'o', false, 'owner')).toBe(false);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(eventAudience(null, { authorId: 'a', publishAt: null, moderation: 'hidden' }, now)).toEqual({ kind: 'drafters', authorId: 'a' });
    expect(eventSubject({ type: 'content.hidden', spaceId: 's', targetType: 'post', targetId: 'p', postId: 'p', authorId: 'a' })).toEqual({ postId: 'p' });
    expect(eventSubject({ type: 'content.hidden', spaceId: 's', targetType: 'note', targetId: 'n', postId: null, authorId: 'a' })).toBeNull();
  });
});
