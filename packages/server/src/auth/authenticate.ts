import type { Kysely } from 'kysely';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { SUPPORTED_LOCALES, normalizeLabel, type Actor, type Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { AvatarPolicy } from '../avatar-policy.js';
import { HttpProblem } from '../errors.js';
import { findActor, provisionActor } from '../repositories/actors.js';

/** How a deployment authenticates callers. */
export type AuthConfig =
  | {
      /** `Bearer dev:<actorId>` selects an existing actor. Development only. */
      mode: 'dev';
    }
  | {
      mode: 'jwt';
      /** Shared secret for HS256 tokens. */
      secret?: string;
      /** URL of the company's JWKS, for asymmetric tokens. */
      jwksUrl?: string;
      issuer?: string;
      audience?: string;
    };

/** Resolves a bearer token to the calling actor, or throws a 401 problem. */
export type Authenticator = (token: string) => Promise<Actor>;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const DEV_TOKEN_PREFIX = 'dev:';
/** Clock tolerance for exp/nbf between the token issuer and this server, in seconds. */
const JWT_CLOCK_TOLERANCE_S = 30;

/** Algorithms accepted from a JWKS: never HS* (a public key must not double as a secret). */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const invalidToken = (why: string) => new HttpProblem('invalid_token', why);

export function createAuthenticator(
  config: AuthConfig,
  db: Kysely<Database>,
  now: () => Date,
  avatars: AvatarPolicy = new AvatarPolicy(),
): Authenticator {
  if (config.mode === 'dev') {
    if (process.env['NODE_ENV'] === 'production') {
      throw new Error('Refusing to start: --auth dev lets anyone act as anyone and is disabled when NODE_ENV=production. Use --auth jwt.');
    }
    return async (token) => {
      const id = token.startsWith(DEV_TOKEN_PREFIX) ? token.slice(DEV_TOKEN_PREFIX.length) : '';
      const actor = ID_PATTERN.test(id) ? await findActor(db, id) : undefined;
      if (!actor) throw invalidToken('Unknown development actor');
      return actor;
    };
  }
  return createJwtAuthenticator(config, db, now, avatars);
}

function createJwtAuthenticator(
  config: Extract<AuthConfig, { mode: 'jwt' }>,
  db: Kysely<Database>,
  now: () => Date,
  avatars: AvatarPolicy,
): Authenticator {
  if (!config.secret === !config.jwksUrl) {
    throw new Error('JWT authentication needs exactly one of a shared secret (--jwt-secret) or a JWKS URL (--jwks-url).');
  }
  const expected = {
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
    clockTolerance: JWT_CLOCK_TOLERANCE_S,
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (config.secret) {
    const key = new TextEncoder().encode(config.secret);
    verify = async (token) =>
      (await jwtVerify(token, key, { ...expected, currentDate: now(), algorithms: ['HS256'] })).payload;
  } else {
    // jose caches the key set and refetches it when an unknown `kid` shows up.
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUrl ?? ''));
    verify = async (token) =>
      (await jwtVerify(token, jwks, { ...expected, currentDate: now(), algorithms: ASYMMETRIC_ALGORITHMS })).payload;
  }

  return async (token) => {
    let claims: JWTPayload;
    try {
      claims = await verify(token);
    } catch (error) {
      // The identity provider's key set could not be fetched: not the caller's fault.
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        throw new HttpProblem('unavailable', 'The identity provider’s keys are unreachable; retry shortly');
      }
      throw invalidToken('The token is invalid or expired');
    }
    const sub = claims.sub;
    if (typeof sub !== 'string' || !ID_PATTERN.test(sub)) throw invalidToken('The token has no usable subject');
    const existing = await findActor(db, sub);
    if (existing) return existing;
    // First sight of this person: provision them from the identity provider's claims.
    return provisionActor(db, {
      id: sub,
      display_name: stringClaim(claims, 'name') ?? sub,
      locale: localeClaim(claims),
      site: stringClaim(claims, 'site') ?? null,
      title: stringClaim(claims, 'title') ?? null,
      avatar_url: avatars.accept(pictureClaim(claims)),
      created_at: now().toISOString(),
    });
  };
}

/** Longest text kept from a claim, in characters (code points). */
const CLAIM_MAX_CHARS = 200;

/**
 * A text claim as a single-line label (normalizeLabel: NFC, no bidi or
 * invisible characters, one space), at most 200 characters; absent when
 * nothing visible is left, so a name of fillers falls back to the subject.
 */
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
function pictureClaim(claims: JWTPayload): string | undefined {
  const value = claims['picture'];
  return typeof value === 'string' ? value : undefined;
}

function localeClaim(claims: JWTPayload): Locale {
  const language = stringClaim(claims, 'locale')?.slice(0, 2).toLowerCase();
  return (SUPPORTED_LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : 'en';
}
