import { describe, expect, it } from 'vitest';
import type { Role } from '../wire-types.js';
import { canDeleteComment, canEditComment, replyParentErrors } from './comments.js';

describe('comment rights', () => {
  // viewer, role, deleted → [edit, delete]
  const cases: [string, Role | null, boolean, boolean, boolean][] = [
    ['ana', 'member', false, true, true],
    ['ana', 'reader', false, true, true],
    ['ben', 'owner', false, false, true],
    ['ben', 'correspondent', false, false, false],
    ['ben', 'member', false, false, false],
    ['ben', null, false, false, false],
    ['ana', 'owner', true, false, false],
    ['ben', 'owner', true, false, false],
  ];
  it.each(cases)('%s (%s) on ana’s comment, deleted %s: edit %s, delete %s', (viewer, role, deleted, edit, del) => {
    const comment = { authorId: 'ana', deleted };
    expect(canEditComment(comment, viewer)).toBe(edit);
    expect(canDeleteComment(comment, viewer, role)).toBe(del);
  });
});

describe('replyParentErrors', () => {
  const top = { postId: 'p1', parentId: null, deleted: false };
  it.each([
    ['a live top-level comment of the post', top, null],
    ['no comment', undefined, 'is not a comment of this post'],
    ['a comment of another post', { ...top, postId: 'p2' }, 'is not a comment of this post'],
    ['a reply', { ...top, parentId: 'c1' }, 'is a reply; reply to its top-level comment instead'],
    ['a deleted comment', { ...top, deleted: true }, 'is deleted'],
  ] as const)('a reply to %s: %s', (_what, parent, message) => {
    const errors = replyParentErrors(parent, 'p1');
    expect(errors).toEqual(message === null ? [] : [{ path: '/body/parentId', message }]);
  });
});
