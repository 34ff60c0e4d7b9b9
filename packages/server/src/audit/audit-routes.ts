import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { routes } from '@ecotone/protocol';
import { AuditPage, AuditQuery } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import { readAuditPage } from './audit-reading.js';

/** The auditors' reading of the audit trail: the rules are in audit-reading.ts. */
export const auditRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.audit),
    { schema: { querystring: AuditQuery, response: { 200: AuditPage } } },
    async (request): Promise<AuditPage> => readAuditPage(app.ecotone, request.actor, request.query),
  );
};
