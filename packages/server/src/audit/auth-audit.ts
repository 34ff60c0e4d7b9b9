/**
 * Sign-ins and refused tokens in the audit trail. A bearer token is checked
 * on every request; a sign-in is the first request this server process sees
 * with a given token (a person's session, as the company's SSO issued it),
 * and a refused token is recorded at most once a minute per address and
 * reason, the next entry counting those left out, so that a flood of bad
 * tokens cannot flood the trail.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { audit } from './audit-log.js';

/** Tokens remembered as signed in, per process (the oldest are forgotten first). */
const SEEN_TOKENS_MAX = 20_000;
/** A refused token is recorded at most once per address and reason in this window, in ms. */
export const REFUSAL_WINDOW_MS = 60_000;
/** Addresses tracked for refusals at most (then the window starts afresh for all). */
const REFUSAL_ADDRESSES_MAX = 10_000;

/** What the authentication hook tells the audit trail. */
export interface AuthenticationObserver {
  /** A request was authenticated with `token` (a sign-in the first time it is seen). */
  accepted(actor: Actor, token: string, address: string): Promise<void>;
  /** A token was refused (`invalid_token`) for `reason`. */
  refused(reason: string, address: string): Promise<void>;
}

/** The audit trail's observer of authentication, on `db` at `now()`. */
export function auditAuthentication(db: Kysely<Database>, now: () => Date): AuthenticationObserver {
  const seen = new Set<string>();
  const refusals = new Map<string, { since: number; left: number }>();
  return {
    async accepted(actor, token, address) {
      const key = createHash('sha256').update(token).digest('base64url');
      if (seen.has(key)) return;
      if (seen.size >= SEEN_TOKENS_MAX) seen.delete(seen.values().next().value!);
      seen.add(key);
      await audit(db, now(), [{ action: 'auth.sign_in', actorId: actor.id, targetType: 'person', targetId: actor.id, detail: { address } }]);
    },
    async refused(reason, address) {
      const at = now();
      const key = `${address} ${reason}`;
      const window = refusals.get(key);
      if (window && at.getTime() - window.since < REFUSAL_WINDOW_MS) {
        window.left += 1;
        return;
      }
      if (refusals.size >= REFUSAL_ADDRESSES_MAX) refusals.clear();
      refusals.set(key, { since: at.getTime(), left: 0 });
      await audit(db, at, [{ action: 'auth.refused', actorId: null, targetType: 'token', detail: { reason, address, ...(window?.left ? { notRecordedBefore: window.left } : {}) } }]);
    },
  };
}
