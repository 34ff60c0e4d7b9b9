import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_TOKEN_TTL_MS, signFileToken, verifyFileToken } from './file-token.js';

const key = randomBytes(32);
const now = new Date('2026-12-05T09:00:00.000Z');
const inAnHour = new Date(now.getTime() + FILE_TOKEN_TTL_MS);

describe('file tokens', () => {
  it('name their person until they expire', () => {
    const token = signFileToken(key, 'amélie-1', inAnHour);
    expect(verifyFileToken(key, token, now)).toEqual({ actorId: 'amélie-1', expiresAt: inAnHour });
    expect(verifyFileToken(key, token, new Date(inAnHour.getTime() - 1))).not.toBeNull();
    expect(verifyFileToken(key, token, inAnHour)).toBeNull();
  });

  it('refuse another key, another person, another expiry, another signature', () => {
    const token = signFileToken(key, 'amelie', inAnHour);
    const [person, expiry, signature] = token.split('.') as [string, string, string];
    expect(verifyFileToken(randomBytes(32), token, now)).toBeNull();
    const thomas = Buffer.from('thomas').toString('base64url');
    expect(verifyFileToken(key, `${thomas}.${expiry}.${signature}`, now)).toBeNull();
    const later = (parseInt(expiry, 36) + 3600).toString(36);
    expect(verifyFileToken(key, `${person}.${later}.${signature}`, now)).toBeNull();
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(verifyFileToken(key, `${person}.${expiry}.${flipped}`, now)).toBeNull();
    // A token signed for thomas is thomas's only.
    expect(verifyFileToken(key, signFileToken(key, 'thomas', inAnHour), now)?.actorId).toBe('thomas');
  });

  it('refuse malformed tokens without throwing', () => {
    const token = signFileToken(key, 'amelie', inAnHour);
    for (const bad of ['', '.', '..', 'a.b', `${token}.x`, token.replace(/\./g, ''), `${token} `, token.toUpperCase(), 'YW1lbGll.zzzzzzzzzzz.' + 'A'.repeat(43)]) {
      expect(verifyFileToken(key, bad, now), bad).toBeNull();
    }
  });
});
