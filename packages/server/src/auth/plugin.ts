import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/errors.js';
import type { Authenticator } from './authenticate.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Adds the authentication hook to the current (encapsulated) context. It runs
 * on `onRequest`, before the body is parsed, so an anonymous caller learns
 * nothing from validation errors.
 */
export function requireAuthentication(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('actor', null as unknown as FastifyRequest['actor']);
  app.decorateRequest('tokenExpiresAt', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) throw new HttpProblem('unauthenticated', 'Send Authorization: Bearer <token>');
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new HttpProblem('invalid_token', 'The Authorization header is not a bearer token');
    const { actor, expiresAt } = await authenticate(match[1]);
    request.actor = actor;
    request.tokenExpiresAt = expiresAt;
  });
}
