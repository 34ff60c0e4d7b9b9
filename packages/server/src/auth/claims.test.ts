/**
 * What a person's first token provisions: the claims read as labels
 * (normalised) and, for the picture, under the avatar policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Me } from '@ecotone/protocol';
import { startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(TEST_NOW.getTime() / 1000) - 60)
    .setExpirationTime(new Date(TEST_NOW.getTime() + 3_600_000))
    .sign(new TextEncoder().encode(SECRET));

describe('claims as labels', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ auth: { mode: 'jwt', secret: SECRET } });
  });
  afterAll(() => server.close());

  const me = async (claims: Record<string, unknown>) => (await server.json<Me>('/api/v1/me', { token: await sign(claims) })).body.actor;

  it('normalises name, title and site: no bidi or invisible characters, NFC, one space', async () => {
    const actor = await me({
      sub: 'mallory',
      name: '\u202eMallory\u202c  Lee\u200b',
      title: 'Inge\u0301nieure\n\tQA',
      site: '\u2067Lyon\u2069',
    });
    expect(actor).toEqual({ id: 'mallory', displayName: 'Mallory Lee', title: 'Ingénieure QA', site: 'Lyon', locale: 'en' });
  });

  it('falls back to the subject for a name of invisible characters, and bounds long claims', async () => {
    const actor = await me({ sub: 'blank', name: '\u3164\u200b', title: `${'é'.repeat(250)}` });
    expect(actor.displayName).toBe('blank');
    expect(Array.from(actor.title!)).toHaveLength(200);
  });
});
