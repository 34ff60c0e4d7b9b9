/**
 * The audit trail of a server, read by its auditors. A function of its own
 * rather than a method of the client, so that only the page that shows the
 * trail (`<eco-audit-log>`) carries it.
 */
import { auditPath, type AuditPage, type AuditQuery } from '@ecotone/protocol';
import type { ClientCore } from './client-core.js';
import type { EcotoneClient } from './types.js';

/** A client's access to the audit trail (see {@link clientAudit}). */
export interface AuditTrail {
  /**
   * A page of the audit trail, newest first: entries of one action code
   * (`action`, exact), by one person (`actor`), in one space (`space`),
   * filters combining; `before` is the previous page's `nextCursor`, `limit`
   * 1 to 100 (default 50). Only the server's auditors (`Me.auditor`) may
   * read it, and each reading is itself recorded (`audit.read`). Rejects
   * with the EcotoneError: `forbidden` for anyone else, `validation_failed`
   * or `invalid_cursor` for a bad query, `not_found` from an in-process
   * transport, which keeps no trail.
   *
   * @example
   * const { items, nextCursor } = await clientAudit(client).list({ action: 'post.delete', limit: 20 });
   */
  list(query?: AuditQuery): Promise<AuditPage>;
}

/**
 * The audit trail of the client's server, for its auditors: `list` reads a
 * page of it.
 *
 * @example
 * const me = await client.me();
 * if (me.auditor) {
 *   const page = await clientAudit(client).list({ actor: 'thomas' });
 * }
 */
export function clientAudit(client: EcotoneClient): AuditTrail {
  // The client is its own core (client-core.ts); the public type does not show it.
  const core = client as unknown as ClientCore;
  return {
    list: (query = {}) => {
      const params: Record<string, string | number> = {};
      if (query.action !== undefined) params.action = query.action;
      if (query.actor !== undefined) params.actor = query.actor;
      if (query.space !== undefined) params.space = query.space;
      if (query.before !== undefined) params.before = query.before;
      if (query.limit !== undefined) params.limit = query.limit;
      return core.request<AuditPage>({ method: 'GET', path: auditPath(), query: params });
    },
  };
}
