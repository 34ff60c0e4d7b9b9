/**
 * File tokens (docs/attachments.md#serving): what binds a request for a
 * file to a person, since `<img>` and `<video>` cannot send a bearer token.
 * A token names its person and its expiry and is signed with a key the
 * server keeps in its database (settings `file_token_key`, made on first
 * use, shared by every instance). The answers that list attachments stay
 * the same for everyone (kept feed pages, live events shaped once per
 * audience); each client adds its own person's token to the file's address.
 *
 * A token only says who asks: the server still checks at each request that
 * this person may read the file now.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { claimSetting } from '../db/settings-repository.js';

/** How long a file token is valid. */
export const FILE_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Bytes of the signing key. */
const KEY_BYTES = 32;
/** Kept apart from every other use of the key's hash. */
const DOMAIN = 'ecotone-file-token-v1';
/** `<person, base64url>.<expiry, seconds since the epoch, base 36>.<HMAC-SHA-256, base64url>` */
const TOKEN = /^([A-Za-z0-9_-]{1,128})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

/** The signing key, made and stored by the first instance that needs it. */
export async function fileTokenKey(db: Kysely<Database>): Promise<Buffer> {
  return Buffer.from(await claimSetting(db, 'file_token_key', randomBytes(KEY_BYTES).toString('base64url')), 'base64url');
}

function mac(key: Buffer, actorId: string, expiresS: number): Buffer {
  return createHmac('sha256', key).update(`${DOMAIN}\n${actorId}\n${expiresS}`).digest();
}

/** A token for `actorId`, valid until `expiresAt` (rounded down to the second). */
export function signFileToken(key: Buffer, actorId: string, expiresAt: Date): string {
  const expiresS = Math.floor(expiresAt.getTime() / 1000);
  return `${Buffer.from(actorId).toString('base64url')}.${expiresS.toString(36)}.${mac(key, actorId, expiresS).toString('base64url')}`;
}

/** The person a token names, when it is well formed, signed with `key` and not expired at `now`; null otherwise. */
export function verifyFileToken(key: Buffer, token: string, now: Date): { actorId: string; expiresAt: Date } | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, person = '', expiry = '', signature = ''] = match;
  const actorId = Buffer.from(person, 'base64url').toString('utf8');
  // Decoding is lenient; only the canonical spelling of the person is accepted.
  if (Buffer.from(actorId).toString('base64url') !== person) return null;
  const expiresS = parseInt(expiry, 36);
  if (!Number.isSafeInteger(expiresS) || expiresS.toString(36) !== expiry) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, actorId, expiresS);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (expiresS * 1000 <= now.getTime()) return null;
  return { actorId, expiresAt: new Date(expiresS * 1000) };
}
