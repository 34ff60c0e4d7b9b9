import { describe, expect, it } from 'vitest';
import type { Role } from '../schemas.js';
import { canEditNote, editsEveryNote } from './notes.js';

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
