import { describe, expect, it } from 'vitest';
import { AVATAR_URL_MAX_CHARS, avatarSrc } from './index.js';

describe('avatarSrc', () => {
  it('takes same-origin paths and https URLs, normalised', () => {
    expect(avatarSrc('/avatars/ana.png?v=2')).toBe('/avatars/ana.png?v=2');
    expect(avatarSrc('https://id.example/u/ana.png')).toBe('https://id.example/u/ana.png');
    expect(avatarSrc('HTTPS://ID.example:443/a.png')).toBe('https://id.example/a.png');
  });

  it('refuses every other scheme, other hosts behind a path, relative paths, credentials and overlong addresses', () => {
    for (const raw of [
      'http://tracker.example/p.gif',
      'data:image/png;base64,iVBORw0KGgo=',
      'javascript:alert(1)',
      'blob:https://id.example/1',
      'ftp://id.example/a.png',
      '//tracker.example/p.gif',
      '/\\tracker.example/p.gif',
      '/\t/tracker.example/p.gif',
      'https://user:pass@id.example/a.png',
      'avatars/relative.png',
      'https:relative.png',
      '',
      `https://id.example/${'a'.repeat(AVATAR_URL_MAX_CHARS)}`,
    ]) {
      expect({ raw, src: avatarSrc(raw) }).toEqual({ raw, src: undefined });
    }
  });
});
