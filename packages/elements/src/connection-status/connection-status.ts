import { defineElement } from '../base/define.js';
import { EcoConnectionStatus } from './connection-status.component.js';

export { EcoConnectionStatus };
export default EcoConnectionStatus;

defineElement('eco-connection-status', EcoConnectionStatus);

declare global {
  interface HTMLElementTagNameMap {
    'eco-connection-status': EcoConnectionStatus;
  }
}
