import type { FastifyInstance } from 'fastify';
import fastifyCors from '@fastify/cors';
import { API_PREFIX } from '@ecotone/protocol';

/** The tus headers of resumable uploads (files/uploads.ts). */
const TUS_REQUEST_HEADERS = ['Tus-Resumable', 'Upload-Length', 'Upload-Metadata', 'Upload-Offset'];
const TUS_RESPONSE_HEADERS = ['Location', 'Tus-Resumable', 'Upload-Length', 'Upload-Offset', 'Upload-Expires'];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', ...TUS_REQUEST_HEADERS];
const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const EXPOSED_HEADERS = ['Idempotent-Replayed', 'Retry-After', ...TUS_RESPONSE_HEADERS];
/** How long browsers may cache a CORS preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Security headers on API responses, and CORS (`@fastify/cors`) for the
 * configured origins only, on every route: the API, and the files the
 * server serves (the SDK a page of another origin loads as a module
 * script). No credentials: auth is a bearer header. Preflights carry no
 * Authorization header, so the plugin answers them before authentication.
 */
export async function installHttpHeaders(app: FastifyInstance, corsOrigins: readonly string[]): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(API_PREFIX)) return;
    reply.header('x-content-type-options', 'nosniff');
    // Responses are per caller (poll results above all): never in a shared cache.
    reply.header('cache-control', 'private, no-store');
    reply.header('referrer-policy', 'no-referrer');
  });
  if (corsOrigins.length === 0) return;
  await app.register(fastifyCors, {
    origin: [...corsOrigins],
    methods: ALLOWED_METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_S,
    credentials: false,
  });
}
