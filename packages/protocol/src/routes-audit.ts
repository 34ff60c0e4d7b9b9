/**
 * Route path of the audit trail, read by the server's auditors, in a module
 * of its own so that a client bundle keeps it with the code that calls it
 * (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** `GET` (AuditQuery): a page of the audit trail, newest first (AuditPage); auditors only (403 `forbidden` otherwise). */
export const auditPath = () => `${API_PREFIX}/audit`;
