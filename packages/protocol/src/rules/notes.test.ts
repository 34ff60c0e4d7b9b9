import { describe, expect, it } from 'vitest';
import type { Role } from '../wire-types.js';
import { canEditNote, editsEveryNote, noteFieldErrors, noteTags, titleFromPostBody } from './notes.js';

describe('note rights', () => {
  it.each([
    ['owner', true],
    ['correspondent', true],
    ['member', false],
    ['reader', false],
    [null, false],
  ] as [Role | null, boolean][])('role %s edits every note: %s; its own always', (role, every) => {
    expect(editsEveryNote(role)).toBe(every);
    expect(canEditNote({ ownerId: 'ana' }, 'ben', role)).toBe(every);
    expect(canEditNote({ ownerId: 'ana' }, 'ana', role)).toBe(true);
  });
});

describe('noteFieldErrors', () => {
  it.each([
    ['valid fields', { title: 'Watch', tags: ['ai', 'lab'], sources: ['https://example.org/a'], reviewBy: '2026-02-28' }, []],
    ['nothing', {}, []],
    ['a blank title', { title: ' \u200b' }, [['/body/title', 'must not be blank']]],
    ['a blank tag', { tags: ['ai', '\u200d'] }, [['/body/tags/1', 'must not be blank']]],
    ['a source that is not http(s)', { sources: ['https://ok.example', 'ftp://files.example', 'not a url'] }, [['/body/sources/1', 'must be an http or https URL'], ['/body/sources/2', 'must be an http or https URL']]],
    ['a date that does not exist', { reviewBy: '2026-02-30' }, [['/body/reviewBy', 'is not a date']]],
    ['no review date', { reviewBy: null }, []],
  ] as const)('%s', (_what, fields, errors) => {
    expect(noteFieldErrors(fields)).toEqual(errors.map(([path, message]) => ({ path, message })));
  });
});

describe('noteTags', () => {
  it('normalises, deduplicates and sorts', () => {
    expect(noteTags(['lab', ' ai ', 'lab', 'ai'])).toEqual(['ai', 'lab']);
  });
});

describe('titleFromPostBody', () => {
  it.each([
    ['# Big **news** today\nmore', 'Big news today'],
    ['\n\nSee [the report](https://example.org/r) now', 'See the report now'],
    ['', 'Untitled'],
    ['x'.repeat(250), `${'x'.repeat(199)}…`],
  ])('%j gives %j', (body, title) => {
    expect(titleFromPostBody(body)).toBe(title);
  });
});
