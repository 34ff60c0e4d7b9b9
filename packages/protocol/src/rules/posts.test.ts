import { describe, expect, it } from 'vitest';
import type { Role } from '../wire-types.js';
import { QUOTE_EXCERPT_MAX_CHARS } from '../constants.js';
import { extensionErrors, normalizedExtension } from './extensions.js';
import {
  canDeletePost,
  canMovePost,
  moveErrors,
  quoteExcerpt,
  seesQuoted,
  canEditPost,
  canPin,
  canSeeAcknowledgements,
  canSeePost,
  isDraft,
  isPinned,
  scheduledPublishAt,
  seesDraft,
  seesEveryDraft,
  shownCreatedAt,
  variantErrors,
} from './posts.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const PAST = '2026-06-01T11:59:59.000Z';
const FUTURE = '2026-06-01T12:00:01.000Z';

describe('drafts', () => {
  it.each([
    [null, false],
    [undefined, false],
    [PAST, false],
    [NOW.toISOString(), false],
    [FUTURE, true],
  ])('publishAt %s: draft %s', (publishAt, draft) => {
    expect(isDraft(publishAt, NOW)).toBe(draft);
  });

  // viewer, role → sees hannah's draft
  const cases: [string, Role | null, boolean][] = [
    ['hannah', 'member', true],
    ['hannah', null, true],
    ['amelie', 'owner', true],
    ['thomas', 'correspondent', false],
    ['thomas', 'member', false],
    ['thomas', 'reader', false],
    ['thomas', null, false],
  ];
  it.each(cases)('%s (%s) sees hannah’s draft: %s, and her published post always', (viewer, role, sees) => {
    expect(seesDraft({ authorId: 'hannah' }, viewer, role)).toBe(sees);
    expect(seesEveryDraft(role)).toBe(role === 'owner');
    expect(canSeePost({ authorId: 'hannah', publishAt: FUTURE }, viewer, role, NOW)).toBe(sees);
    expect(canSeePost({ authorId: 'hannah', publishAt: PAST }, viewer, role, NOW)).toBe(true);
    expect(canSeePost({ authorId: 'hannah', publishAt: null }, viewer, role, NOW)).toBe(true);
  });

  it('schedules only a future time, in canonical form', () => {
    expect(scheduledPublishAt(undefined, NOW)).toBeNull();
    expect(scheduledPublishAt(PAST, NOW)).toBeNull();
    expect(scheduledPublishAt(NOW.toISOString(), NOW)).toBeNull();
    expect(scheduledPublishAt('2026-06-01T14:00:01+02:00', NOW)).toBe(FUTURE);
  });

  it.each([
    [null, 'c'],
    [FUTURE, 'c'],
    [PAST, PAST],
  ])('a post scheduled at %s shows as created at %s', (publishAt, shown) => {
    const createdAt = '2026-05-01T00:00:00.000Z';
    expect(shownCreatedAt({ createdAt, publishAt }, NOW)).toBe(shown === 'c' ? createdAt : shown);
  });
});

describe('pins', () => {
  it.each([
    [null, false],
    [undefined, false],
    [{ until: null }, true],
    [{ until: FUTURE }, true],
    [{ until: NOW.toISOString() }, false],
    [{ until: PAST }, false],
  ])('pin %o: pinned %s', (pin, pinned) => {
    expect(isPinned(pin, NOW)).toBe(pinned);
  });
});

describe('post rights', () => {
  // viewer, role → [edit, delete, pin, see acknowledgements] on hannah's post
  const cases: [string, Role | null, boolean, boolean, boolean, boolean][] = [
    ['hannah', 'member', true, true, false, true],
    ['hannah', 'correspondent', true, true, true, true],
    ['hannah', null, true, true, false, true],
    ['amelie', 'owner', false, true, true, true],
    ['thomas', 'correspondent', false, false, true, false],
    ['thomas', 'member', false, false, false, false],
    ['thomas', 'reader', false, false, false, false],
    ['thomas', null, false, false, false, false],
  ];
  it.each(cases)('%s (%s): edit %s, delete %s, pin %s, see acknowledgements %s', (viewer, role, edit, del, pin, acks) => {
    const post = { authorId: 'hannah' };
    expect(canEditPost(post, viewer)).toBe(edit);
    expect(canDeletePost(post, viewer, role)).toBe(del);
    expect(canPin(role)).toBe(pin);
    expect(canSeeAcknowledgements(post, viewer, role)).toBe(acks);
  });
});

describe('variantErrors', () => {
  it.each([
    ['other languages, once each', ['fr', 'de'], []],
    ['none', [], []],
    ['the source language', ['en'], [{ path: '/body/variants/0/locale', message: 'is the language of the post itself' }]],
    ['a language twice', ['fr', 'fr'], [{ path: '/body/variants/1/locale', message: 'has a variant already' }]],
  ] as const)('%s', (_what, locales, errors) => {
    expect(variantErrors(locales.map((locale) => ({ locale })), 'en')).toEqual(errors);
  });
});

describe('extensionErrors and normalizedExtension', () => {
  it('accepts a namespaced type with flat data, and nothing at all', () => {
    expect(extensionErrors(undefined)).toEqual([]);
    expect(extensionErrors({ type: 'acme.kudos', data: { to: 'lukas', value: 'teamwork', points: 3, public: true, note: null } })).toEqual([]);
    expect(extensionErrors({ type: 'acme-corp.hr.shift-swap', data: {} })).toEqual([]);
  });

  it('names every field that is wrong', () => {
    expect(extensionErrors('kudos')).toEqual([{ path: '/body/extension', message: 'must be an object' }]);
    expect(extensionErrors({ type: 'Kudos', data: [], extra: 1 }).map((e) => e.path)).toEqual(['/body/extension/extra', '/body/extension/type', '/body/extension/data']);
    expect(extensionErrors({ type: 'acme.kudos', data: { 'to-whom': 'x', nested: { a: 1 }, list: [1], big: 'x'.repeat(501), inf: Infinity } }).map((e) => e.path)).toEqual([
      '/body/extension/data/to-whom',
      '/body/extension/data/nested',
      '/body/extension/data/list',
      '/body/extension/data/big',
      '/body/extension/data/inf',
    ]);
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, i]));
    expect(extensionErrors({ type: 'acme.kudos', data: many })).toEqual([{ path: '/body/extension/data', message: 'must have at most 16 fields' }]);
    // Within every field limit, but over 2 KB as a whole (multi-byte text counts its bytes).
    const heavy = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, 'é'.repeat(250)]));
    expect(extensionErrors({ type: 'acme.kudos', data: heavy })).toEqual([{ path: '/body/extension/data', message: 'must be at most 2048 bytes as JSON' }]);
    expect(extensionErrors({ type: `acme.${'k'.repeat(60)}`, data: {} }).map((e) => e.path)).toEqual(['/body/extension/type']);
  });

  it('normalises text values as labels and keeps the rest', () => {
    expect(normalizedExtension({ type: 'acme.kudos', data: { to: '\u202eLukas\u202c  Meier\u200b', points: 3, ok: false, none: null } })).toEqual({
      type: 'acme.kudos',
      data: { to: 'Lukas Meier', points: 3, ok: false, none: null },
    });
  });
});

describe('quoting and moving posts', () => {
  const NOW = new Date('2026-06-01T12:00:00Z');
  const ORDER = ['public', 'internal', 'secret'];
  const quoted = { visibility: 'private' as const, label: 'internal', authorId: 'ana', publishAt: null, moderation: null };
  const member = { id: 'bo', role: 'member' as const, clearance: 'internal' };

  it('shows a quoted post to a reader exactly when they may read it now', () => {
    expect(seesQuoted(quoted, member, ORDER, NOW)).toBe(true);
    // Not a member of the private space, not cleared for its label, a draft, hidden.
    expect(seesQuoted(quoted, { ...member, role: null }, ORDER, NOW)).toBe(false);
    expect(seesQuoted(quoted, { ...member, clearance: 'public' }, ORDER, NOW)).toBe(false);
    expect(seesQuoted(quoted, { ...member, clearance: null }, ORDER, NOW)).toBe(false);
    expect(seesQuoted({ ...quoted, publishAt: '2026-06-02T00:00:00Z' }, member, ORDER, NOW)).toBe(false);
    expect(seesQuoted({ ...quoted, moderation: 'hidden' as const }, member, ORDER, NOW)).toBe(false);
    // Its author sees their own draft; a server without labels classifies nothing.
    expect(seesQuoted({ ...quoted, publishAt: '2026-06-02T00:00:00Z' }, { ...member, id: 'ana' }, ORDER, NOW)).toBe(true);
    expect(seesQuoted(quoted, { ...member, clearance: null }, [], NOW)).toBe(true);
  });

  it('excerpts a quoted post as plain text, cut', () => {
    expect(quoteExcerpt('## Blimp **maintenance**, ask [@Lukas](mention:lukas)')).toBe('Blimp maintenance, ask @Lukas');
    const long = quoteExcerpt('word '.repeat(200));
    expect([...long].length).toBe(QUOTE_EXCERPT_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('moves a post to another space, by an owner, unless it is bound to its space', () => {
    expect(canMovePost('owner')).toBe(true);
    for (const role of ['correspondent', 'member', 'reader', null] as const) expect(canMovePost(role)).toBe(false);
    expect(moveErrors({ kind: 'note', spaceId: 'a' }, 'b')).toEqual([]);
    expect(moveErrors({ kind: 'announcement', spaceId: 'a' }, 'b')).toEqual([]);
    expect(moveErrors({ kind: 'note', spaceId: 'a' }, 'a')).toHaveLength(1);
    expect(moveErrors({ kind: 'talk_show', spaceId: 'a' }, 'b')).toHaveLength(1);
    expect(moveErrors({ kind: 'watch', spaceId: 'a' }, 'b')).toHaveLength(1);
  });
});
