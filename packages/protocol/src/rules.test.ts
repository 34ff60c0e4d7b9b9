import { describe, expect, it } from 'vitest';
import { canDeletePost } from './rules.js';

describe('canDeletePost', () => {
  it("lets the author and the space's owners delete a post, nobody else", () => {
    const post = { authorId: 'hannah' };
    expect(canDeletePost(post, 'hannah', 'member')).toBe(true);
    expect(canDeletePost(post, 'hannah', null)).toBe(true);
    expect(canDeletePost(post, 'amelie', 'owner')).toBe(true);
    for (const role of ['correspondent', 'member', 'reader', null] as const) expect(canDeletePost(post, 'thomas', role)).toBe(false);
  });
});
