/**
 * Health checks for load balancers and orchestrators, outside /api/v1 and
 * without a token: they reveal nothing but whether this instance can serve.
 * `/healthz` (liveness) never touches the database, so an instance is not
 * restarted because the database is down; `/readyz` (readiness) runs one
 * trivial query, so traffic goes elsewhere while this one cannot reach it.
 */
import type { FastifyInstance } from 'fastify';
import { databaseAnswers } from '../db/database.js';
import { HttpProblem } from './errors.js';

/** When a load balancer may ask again after a 503 from /readyz, in seconds. */
const READINESS_RETRY_AFTER_S = 5;

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    if (await databaseAnswers(app.ecotone.db)) return { status: 'ready' };
    throw new HttpProblem('unavailable', 'The database does not answer', undefined, undefined, {
      'retry-after': String(READINESS_RETRY_AFTER_S),
    });
  });
}
