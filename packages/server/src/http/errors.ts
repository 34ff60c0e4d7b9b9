import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { problem, type ProblemCode, type ProblemFieldError } from '@ecotone/protocol';
import { DATABASE_RETRY_AFTER_S, isDatabaseUnavailable } from '../db/availability.js';

/** An error that becomes an RFC 9457 problem response with a stable code. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly errors?: ProblemFieldError[],
    /** Extension members of the problem (RFC 9457 §3.2), e.g. `current` of edit_conflict. */
    readonly extensions?: Record<string, unknown>,
    /** Response headers that go with it, e.g. `retry-after` of rate_limited. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const notFound = (what = 'Resource'): HttpProblem => new HttpProblem('not_found', `${what} not found`);
export const forbidden = (why: string): HttpProblem => new HttpProblem('forbidden', why);

/** Ajv's `instancePath` is relative to the validated part; prefix it with that part. */
const LOCATION_BY_CONTEXT: Record<string, string> = {
  body: '/body',
  querystring: '/query',
  params: '/params',
  headers: '/headers',
};

/** The fields of an Ajv or TypeBox validation error that are used here. */
interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: {
    missingProperty?: string;
    requiredProperties?: string[];
    additionalProperty?: string;
    additionalProperties?: string[];
  };
}

function fieldErrors(error: FastifyError): ProblemFieldError[] {
  const location = LOCATION_BY_CONTEXT[error.validationContext ?? 'body'] ?? '/body';
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    errors.push({ path, message });
  };
  // Name the offending field itself: "/body/body is required", not "/body misses body".
  for (const issue of (error.validation ?? []) as ValidationIssue[]) {
    const base = location + (issue.instancePath ?? '');
    const params = issue.params ?? {};
    const missing = params.requiredProperties ?? (params.missingProperty ? [params.missingProperty] : []);
    const extra = params.additionalProperties ?? (params.additionalProperty ? [params.additionalProperty] : []);
    if (missing.length > 0) for (const name of missing) add(`${base}/${name}`, 'is required');
    else if (extra.length > 0) for (const name of extra) add(`${base}/${name}`, 'is not allowed');
    else if (issue.keyword === 'boolean') add(base, 'is not allowed');
    else add(base, issue.message ?? 'is invalid');
  }
  return errors;
}

/** Maps any thrown error, ours or Fastify's, to a problem body. */
function toProblem(error: FastifyError | HttpProblem) {
  if (error instanceof HttpProblem) {
    const body = problem(error.code, error.message, error.errors ? { errors: error.errors } : {});
    return error.extensions ? { ...error.extensions, ...body } : body;
  }
  if (error.validation) {
    return problem('validation_failed', 'The request is not valid', { errors: fieldErrors(error) });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('malformed_json', 'The request body is not well-formed JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('body_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported_media_type', 'Send application/json');
  }
  // Other client errors raised by Fastify itself (e.g. bad URL encoding).
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return problem('validation_failed', 'The request is not valid');
  }
  return null;
}

export function sendProblem(reply: FastifyReply, body: ReturnType<typeof problem>): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

/**
 * Installs the one error handler and the not-found handler of the server.
 * `onDatabaseUnavailable` hears of each request that failed because the
 * database could not be reached (to check on it at once).
 */
export function installErrorHandling(app: FastifyInstance, options: { onDatabaseUnavailable?: () => void } = {}): void {
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    if (error instanceof HttpProblem && error.headers) reply.headers(error.headers);
    const body = toProblem(error);
    if (body) return sendProblem(reply, body);
    // The database is down or out of reach (after a good start): a quick,
    // retryable answer, not a 500. Whatever the request wrote was rolled
    // back with its transaction; replayed with its Idempotency-Key, it is
    // created once.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      options.onDatabaseUnavailable?.();
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
      return sendProblem(reply, problem('unavailable', 'The database cannot be reached; retry shortly'));
    }
    request.log.error({ err: error }, 'unhandled error');
    // Never leak the message or stack of an unexpected error.
    return sendProblem(reply, problem('internal', 'Something went wrong on the server'));
  });
  // Every route's path and methods, to tell a method a route does not take
  // (405, with the methods it does take in `Allow`) from no route at all (404).
  const routes: { segments: string[]; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    routes.push({ segments: route.url.split('/'), methods: [route.method].flat() });
  });
  const allowedMethods = (path: string): string[] => {
    const parts = path.split('/');
    const matches = (segments: string[]) =>
      segments.length === parts.length && segments.every((s, i) => (s.startsWith(':') ? parts[i] !== '' : s === parts[i]));
    return [...new Set(routes.filter((r) => matches(r.segments)).flatMap((r) => r.methods))];
  };
  app.setNotFoundHandler((request, reply) => {
    const instance = request.url.split('?')[0] ?? '';
    const allowed = allowedMethods(instance);
    if (allowed.length === 0) return sendProblem(reply, problem('not_found', 'Not found', { instance }));
    reply.header('allow', allowed.join(', '));
    return sendProblem(reply, problem('method_not_allowed', `This route takes ${allowed.join(', ')}`, { instance }));
  });
}
