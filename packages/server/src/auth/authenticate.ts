import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { SUPPORTED_LOCALES, normalizeLabel, type Actor, type Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { AvatarPolicy } from './avatar-policy.js';
import { HttpProblem } from '../http/errors.js';
import { findActor, provisionActor } from '../people/actor-repository.js';
import type { DirectoryGrant } from '../spaces/membership-changes.js';
import { grantsFor, groupsOf, type DirectoryGroupsConfig } from './directory-groups.js';

/** Applies what the directory grants a person in each mapped space (the server passes spaces/membership-changes.ts). */
export type DirectorySync = (actorId: string, grants: ReadonlyMap<string, DirectoryGrant>) => Promise<unknown>;

/** Tokens whose groups this process has applied, most recent last; older ones are forgotten first. */
const SYNCED_TOKENS_KEPT = 10_000;

/** How a deployment authenticates callers. */
export type AuthConfig =
  | {
      /** `Bearer dev:<actorId>` selects an existing actor. Development only. */
      mode: 'dev';
    }
  | {
      mode: 'jwt';
      /** Shared secret for HS256 tokens, at least 32 bytes. */
      secret?: string;
      /** URL of the company's JWKS, for asymmetric tokens. */
      jwksUrl?: string;
      issuer?: string;
      audience?: string;
      /** Longest token lifetime accepted (`exp - iat`, or `exp - now` without `iat`), in seconds; 24 h by default. */
      maxTokenAgeSeconds?: number;
      /** Clock difference tolerated with the token issuer (on `exp`, `nbf` and `iat`), in seconds; 30 by default. */
      clockSkewSeconds?: number;
      /** Which claim holds each field of a person provisioned on first sign-in (defaults: {@link DEFAULT_PROFILE_CLAIMS}). */
      claims?: Partial<ProfileClaims>;
      /** Space memberships from the directory's groups (none unless configured). */
      groups?: DirectoryGroupsConfig;
    };

/** The fields a person is provisioned with on first sign-in, and the token claim each is read from. */
export interface ProfileClaims {
  name: string;
  email: string;
  locale: string;
  site: string;
  title: string;
  picture: string;
  /** The person's IANA time zone (OpenID Connect `zoneinfo`), shown as their local time on person cards. */
  timeZone: string;
  /** The person's clearance, an id of the server's classification labels (read from every token, not only the first). */
  clearance: string;
}

/** Standard OpenID Connect claims, plus `site` and `title` (set them to your provider's: `office_location`, `job_title`…). */
export const DEFAULT_PROFILE_CLAIMS: ProfileClaims = {
  name: 'name',
  email: 'email',
  locale: 'locale',
  site: 'site',
  title: 'title',
  picture: 'picture',
  timeZone: 'zoneinfo',
  clearance: 'clearance',
};

/** The longest `sub` accepted, in characters (identity providers use far fewer). */
const SUBJECT_MAX_CHARS = 255;
/** Prefix of actor ids derived from a subject that is not a plain id. */
const DERIVED_ID_PREFIX = 'sub-';

/**
 * The actor id of a token's subject. A subject that is a plain id (letters,
 * digits, `-` and `_`, at most 64) is the id itself, as it always was. Any
 * other (`auth0|5f…`, `anna@example.com`, a URI, accents) is mapped to
 * `sub-` and 32 characters of the SHA-256 of issuer and subject, stable and
 * URL-safe; the original subject and issuer are kept in the person's row.
 */
export function actorIdForSubject(subject: string, issuer: string | undefined): string {
  if (ID_PATTERN.test(subject)) return subject;
  const digest = createHash('sha256').update(`${issuer ?? ''}\n${subject}`).digest('base64url');
  return `${DERIVED_ID_PREFIX}${digest.slice(0, 32)}`;
}

/** Who is calling, and until when their token holds. */
export interface Authentication {
  actor: Actor;
  /** The token's `exp`; null for development tokens, which do not expire. */
  expiresAt: Date | null;
  /**
   * The clearance the token claims (null: no claim, the lowest); absent for
   * development tokens, whose person's stored clearance holds (policy/classification.ts).
   */
  clearance?: string | null;
}

/** Resolves a bearer token to the calling actor and the token's expiry, or throws a 401 problem. */
export type Authenticator = (token: string) => Promise<Authentication>;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const DEV_TOKEN_PREFIX = 'dev:';
/** Longest token lifetime accepted unless configured, in seconds. */
export const DEFAULT_JWT_MAX_AGE_S = 24 * 60 * 60;
/** Clock tolerance between the token issuer and this server unless configured, in seconds. */
export const DEFAULT_JWT_CLOCK_SKEW_S = 30;
/** Shortest HS256 secret accepted, in bytes (RFC 7518 §3.2: a key as long as the hash). */
export const HS256_SECRET_MIN_BYTES = 32;

/**
 * Shortest time between two fetches of the identity provider's key set, in
 * ms: a token signed with a key the server has not seen makes it fetch the
 * set again (a rotation), at most this often.
 */
export const JWKS_COOLDOWN_MS = 5_000;

/** Algorithms accepted from a JWKS: never HS* (a public key must not double as a secret). */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const invalidToken = (why: string) => new HttpProblem('invalid_token', why);
/** Said to a person whose access was ended: no more than that the token no longer works. */
const NO_LONGER_ACCEPTED = 'This token is no longer accepted';

/**
 * `NODE_ENV` names production in any case and with any surrounding spaces
 * (`PRODUCTION`, `" production"`): a guard that compares the exact string is
 * one typo away from letting development sign-in into production.
 */
export function isProductionEnvironment(nodeEnv: string | undefined): boolean {
  return nodeEnv?.trim().toLowerCase() === 'production';
}

/**
 * Refuses a configuration that would be unsafe or cannot work, with a
 * message for the administrator. Called before anything is built, and by the
 * CLI before the database is opened.
 */
export function checkAuthConfig(config: AuthConfig, nodeEnv: string | undefined = process.env['NODE_ENV']): void {
  if (config.mode === 'dev') {
    if (isProductionEnvironment(nodeEnv)) {
      throw new Error('Refusing to start: --auth dev lets anyone act as anyone and is disabled when NODE_ENV=production. Use --auth jwt.');
    }
    return;
  }
  if (!config.secret === !config.jwksUrl) {
    throw new Error('JWT authentication needs exactly one of a shared secret (--jwt-secret) or a JWKS URL (--jwks-url).');
  }
  if (config.secret !== undefined) {
    const bytes = new TextEncoder().encode(config.secret).length;
    if (bytes < HS256_SECRET_MIN_BYTES) {
      throw new Error(
        `Refusing to start: the JWT secret (--jwt-secret or ECOTONE_JWT_SECRET) has ${bytes} bytes; HS256 needs at least ` +
          `${HS256_SECRET_MIN_BYTES} random bytes, or tokens can be forged by guessing it. Generate one with: openssl rand -base64 48`,
      );
    }
  }
  const { maxTokenAgeSeconds, clockSkewSeconds } = config;
  if (maxTokenAgeSeconds !== undefined && !(Number.isInteger(maxTokenAgeSeconds) && maxTokenAgeSeconds > 0)) {
    throw new Error('The maximum token age (--jwt-max-age) must be a positive whole number of seconds.');
  }
  if (clockSkewSeconds !== undefined && !(Number.isInteger(clockSkewSeconds) && clockSkewSeconds >= 0)) {
    throw new Error('The clock skew (--jwt-clock-skew) must be a whole number of seconds, 0 or more.');
  }
}

export function createAuthenticator(
  config: AuthConfig,
  db: Kysely<Database>,
  now: () => Date,
  avatars: AvatarPolicy = new AvatarPolicy(),
  /** How a stored person is found (the server passes its reader cache). */
  actorById: (id: string) => Promise<Actor | undefined> = (id) => findActor(db, id),
  /** Applies directory groups to memberships; required when `config.groups` is set. */
  directorySync?: DirectorySync,
): Authenticator {
  checkAuthConfig(config);
  if (config.mode === 'dev') {
    return async (token) => {
      const id = token.startsWith(DEV_TOKEN_PREFIX) ? token.slice(DEV_TOKEN_PREFIX.length) : '';
      const actor = ID_PATTERN.test(id) ? await actorById(id) : undefined;
      if (!actor) throw invalidToken('Unknown development actor');
      if (actor.deactivated) throw invalidToken(NO_LONGER_ACCEPTED);
      return { actor, expiresAt: null };
    };
  }
  if (config.groups && !directorySync) throw new Error('Directory groups are configured but nothing applies them');
  return createJwtAuthenticator(config, db, now, avatars, actorById, directorySync);
}

/** Why jose refused a token, in words for the caller; signature failures stay vague. */
function refusal(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return 'The token has no expiry (exp); only expiring tokens are accepted';
    if (error.claim === 'nbf') return 'The token is not valid yet (nbf)';
    if (error.claim === 'iss') return 'The token was issued by another issuer';
    if (error.claim === 'aud') return 'The token is meant for another audience';
    return `The token's "${error.claim}" claim is invalid`;
  }
  return 'The token is invalid or expired';
}

/** Verifies a token's signature and claims; resolves with claims whose `exp` is known. */
function createJwtVerifier(
  config: Extract<AuthConfig, { mode: 'jwt' }>,
  now: () => Date,
): (token: string) => Promise<JWTPayload & { exp: number }> {
  const maxAgeS = config.maxTokenAgeSeconds ?? DEFAULT_JWT_MAX_AGE_S;
  const skewS = config.clockSkewSeconds ?? DEFAULT_JWT_CLOCK_SKEW_S;
  const expected = {
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
    // A token without an end is a key that never stops working.
    requiredClaims: ['exp'],
    clockTolerance: skewS,
  };
  let verify: (token: string, at: Date) => Promise<JWTPayload>;
  /** Whether the key set was fetched too recently to be fetched again (JWKS mode). */
  let keysCoolingDown = () => false;
  if (config.secret) {
    const key = new TextEncoder().encode(config.secret);
    verify = async (token, at) => (await jwtVerify(token, key, { ...expected, currentDate: at, algorithms: ['HS256'] })).payload;
  } else {
    // jose caches the key set and refetches it when an unknown `kid` shows up,
    // at most once per cooldown (so random kids cannot flood the provider).
    const jwks = createRemoteJWKSet(new URL(config.jwksUrl ?? ''), { cooldownDuration: JWKS_COOLDOWN_MS });
    keysCoolingDown = () => jwks.coolingDown;
    const getKey: JWTVerifyGetKey = jwks;
    verify = async (token, at) =>
      (await jwtVerify(token, getKey, { ...expected, currentDate: at, algorithms: ASYMMETRIC_ALGORITHMS })).payload;
  }

  return async (token) => {
    const at = now();
    // Asked before: after the check, a key set fetched by the check itself would look "cooling down" too.
    const fetchBlocked = keysCoolingDown();
    let claims: JWTPayload;
    try {
      claims = await verify(token, at);
    } catch (error) {
      // The identity provider's key set could not be fetched: not the caller's fault.
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        throw new HttpProblem('unavailable', 'The identity provider’s keys are unreachable; retry shortly');
      }
      // A key the cached set does not hold, and the set was fetched too
      // recently to be fetched again: the provider may have rotated its keys
      // since. Not the caller's fault: retry after the cooldown. (A key still
      // missing from a freshly fetched set is refused: 401.)
      if (error instanceof joseErrors.JWKSNoMatchingKey && fetchBlocked) {
        throw new HttpProblem('unavailable', 'The identity provider’s keys are being refreshed; retry shortly', undefined, undefined, {
          'retry-after': String(JWKS_COOLDOWN_MS / 1000),
        });
      }
      throw invalidToken(refusal(error));
    }
    // jose has checked that exp is a number not yet past, and iat a number when present.
    const exp = claims.exp as number;
    const nowS = Math.floor(at.getTime() / 1000);
    if (claims.iat !== undefined && claims.iat > nowS + skewS) throw invalidToken('The token was issued in the future (iat)');
    // The issuer's own figures when it says when it issued the token; else what is left of it from now.
    const lifetimeS = claims.iat !== undefined ? exp - claims.iat : exp - nowS - skewS;
    if (lifetimeS > maxAgeS) {
      throw invalidToken(`The token lives longer than this server accepts (at most ${maxAgeS} s from issue to expiry)`);
    }
    return { ...claims, exp };
  };
}

function createJwtAuthenticator(
  config: Extract<AuthConfig, { mode: 'jwt' }>,
  db: Kysely<Database>,
  now: () => Date,
  avatars: AvatarPolicy,
  actorById: (id: string) => Promise<Actor | undefined>,
  directorySync: DirectorySync | undefined,
): Authenticator {
  const verifyToken = createJwtVerifier(config, now);
  const applyGroups = config.groups && directorySync ? groupApplier(config.groups, directorySync) : undefined;
  const named = { ...DEFAULT_PROFILE_CLAIMS, ...config.claims };
  /** The person the claims name: stored, or provisioned on first sight (never changed if stored). */
  const actorOf = async (claims: JWTPayload): Promise<Actor> => {
    const sub = claims.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > SUBJECT_MAX_CHARS || sub.trim() !== sub) {
      throw invalidToken('The token has no usable subject');
    }
    const id = actorIdForSubject(sub, claims.iss);
    const existing = await actorById(id);
    if (existing) return existing;
    // First sight of this person: provision them from the identity provider's claims.
    const email = stringClaim(claims, named.email);
    return provisionActor(db, {
      id,
      display_name: stringClaim(claims, named.name) ?? email ?? sub,
      locale: localeClaim(claims, named.locale),
      site: stringClaim(claims, named.site) ?? null,
      title: stringClaim(claims, named.title) ?? null,
      avatar_url: avatars.accept(pictureClaim(claims, named.picture)),
      time_zone: timeZoneClaim(claims, named.timeZone) ?? null,
      created_at: now().toISOString(),
      subject: sub,
      issuer: claims.iss ?? null,
      email: email ?? null,
    });
  };

  return async (token) => {
    const claims = await verifyToken(token);
    const actor = await actorOf(claims);
    // Provisioning keeps a stored row as it is: a deactivated person stays deactivated.
    if (actor.deactivated) throw invalidToken(NO_LONGER_ACCEPTED);
    await applyGroups?.(token, actor.id, claims);
    const clearance = claims[named.clearance];
    return { actor, expiresAt: new Date(claims.exp * 1000), clearance: typeof clearance === 'string' && clearance.length <= 64 ? clearance : null };
  };
}

/**
 * Applies a token's groups once per token and process: the first request
 * with a new token brings the person's memberships in line (its concurrent
 * requests wait for that one change); later requests with the same token
 * cost a map lookup. A failed change is tried again by the next request.
 */
function groupApplier(config: DirectoryGroupsConfig, sync: DirectorySync) {
  const applied = new Map<string, Promise<unknown>>();
  return async (token: string, actorId: string, claims: JWTPayload): Promise<void> => {
    // A digest names the token: whole tokens kept here would be secrets lying in memory.
    const key = createHash('sha256').update(token).digest('base64url');
    let done = applied.get(key);
    if (!done) {
      const groups = groupsOf(claims, config.claim);
      done = groups ? sync(actorId, grantsFor(config.rules, groups)) : Promise.resolve();
      applied.set(key, done);
      if (applied.size > SYNCED_TOKENS_KEPT) applied.delete(applied.keys().next().value as string);
      done.catch(() => applied.delete(key));
    }
    await done;
  };
}

/** Longest text kept from a claim, in characters (code points). */
const CLAIM_MAX_CHARS = 200;

/**
 * A text claim as a single-line label (normalizeLabel: NFC, no bidi or
 * invisible characters, one space), at most 200 characters; absent when
 * nothing visible is left, so a name of fillers falls back to the subject.
 */
/** Longest time zone name kept (IANA names are under 40 characters). */
const TIME_ZONE_MAX_CHARS = 64;

/** The claim when it names a time zone this runtime knows (`Europe/Paris`), else undefined. */
function timeZoneClaim(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > TIME_ZONE_MAX_CHARS) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function stringClaim(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  if (typeof value !== 'string') return undefined;
  // Bounded before normalising too: a claim is only as long as a header allows, but need not be read whole.
  const label = Array.from(normalizeLabel(value.slice(0, 8 * CLAIM_MAX_CHARS)))
    .slice(0, CLAIM_MAX_CHARS)
    .join('')
    .trimEnd();
  return label.length > 0 ? label : undefined;
}

/** The `picture` claim as sent (a URL is not a label: it is checked whole by the avatar policy, never cut). */
function pictureClaim(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' ? value : undefined;
}

function localeClaim(claims: JWTPayload, name: string): Locale {
  const language = stringClaim(claims, name)?.slice(0, 2).toLowerCase();
  return (SUPPORTED_LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : 'en';
}
