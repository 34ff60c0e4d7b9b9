import { defineElement } from '../base/define.js';
import { EcoAuditLog } from './audit-log.component.js';

export { EcoAuditLog };
export default EcoAuditLog;

defineElement('eco-audit-log', EcoAuditLog);

declare global {
  interface HTMLElementTagNameMap {
    'eco-audit-log': EcoAuditLog;
  }
}
