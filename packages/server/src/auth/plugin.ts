import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/errors.js';
import type { AuthenticationObserver } from '../audit/auth-audit.js';
import type { Authentication, Authenticator } from './authenticate.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Adds the authentication hook to the current (encapsulated) context. It runs
 * on `onRequest`, before the body is parsed, so an anonymous caller learns
 * nothing from validation errors. The observer (the audit trail) hears of
 * every token accepted or refused; a request without one is not recorded.
 */
export function requireAuthentication(
  app: FastifyInstance,
  authenticate: Authenticator,
  observer?: AuthenticationObserver,
  /** Runs once the caller is known, before anything else (their clearance: policy/classification.ts). */
  onAuthenticated?: (authentication: Authentication) => Promise<void>,
): void {
  app.decorateRequest('actor', null as unknown as FastifyRequest['actor']);
  app.decorateRequest('tokenExpiresAt', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) throw new HttpProblem('unauthenticated', 'Send Authorization: Bearer <token>');
    const match = BEARER.exec(header);
    if (!match?.[1]) {
      await observer?.refused('The Authorization header is not a bearer token', request.ip);
      throw new HttpProblem('invalid_token', 'The Authorization header is not a bearer token');
    }
    let authentication;
    try {
      authentication = await authenticate(match[1]);
    } catch (error) {
      if (error instanceof HttpProblem && error.code === 'invalid_token') await observer?.refused(error.message, request.ip);
      throw error;
    }
    await observer?.accepted(authentication.actor, match[1], request.ip);
    await onAuthenticated?.(authentication);
    request.actor = authentication.actor;
    request.tokenExpiresAt = authentication.expiresAt;
  });
}
