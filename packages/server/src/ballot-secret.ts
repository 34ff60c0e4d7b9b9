import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import { claimSetting } from './repositories/settings.js';

/** Random bytes of a generated ballot secret. */
const BALLOT_SECRET_BYTES = 32;
/** Shortest configured ballot secret accepted, in characters. */
const BALLOT_SECRET_MIN_CHARS = 32;
const BALLOT_SECRET_SETTING = 'ballot_secret';

/**
 * The key of anonymous voter hashes: the configured one, or one generated on
 * first start and kept in `settings`. It must never change for a database:
 * a new key would let everyone vote a second time in open anonymous polls.
 */
export async function loadBallotSecret(db: Kysely<Database>, configured: string | undefined): Promise<Buffer> {
  if (configured !== undefined) {
    if (configured.length < BALLOT_SECRET_MIN_CHARS) {
      throw new Error(`The ballot secret must have at least ${BALLOT_SECRET_MIN_CHARS} characters`);
    }
    return Buffer.from(configured, 'utf8');
  }
  const stored = await claimSetting(db, BALLOT_SECRET_SETTING, randomBytes(BALLOT_SECRET_BYTES).toString('base64url'));
  return Buffer.from(stored, 'base64url');
}
