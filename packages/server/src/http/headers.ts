import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '@ecotone/protocol';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
/** How long browsers may cache a CORS preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Security headers on API responses and a minimal CORS for the configured
 * origins only (no dependency; no credentials, since auth is a bearer header).
 */
export function installHttpHeaders(app: FastifyInstance, corsOrigins: readonly string[]): void {
  const allowed = new Set(corsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(API_PREFIX)) return;
    reply.header('x-content-type-options', 'nosniff');
    // Responses are per caller (poll results above all): never in a shared cache.
    reply.header('cache-control', 'private, no-store');
    reply.header('referrer-policy', 'no-referrer');
    const origin = request.headers.origin;
    if (allowed.size === 0) return;
    reply.header('vary', 'Origin');
    if (origin && allowed.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'Idempotent-Replayed, Retry-After');
    }
  });
  if (allowed.size === 0) return;
  // Preflights carry no Authorization header, so they are answered here,
  // outside the authenticated scope.
  app.options(`${API_PREFIX}/*`, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && allowed.has(origin)) {
      reply.header('access-control-allow-methods', ALLOWED_METHODS);
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
    }
    return reply.code(204).send();
  });
}
