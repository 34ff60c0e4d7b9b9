import { defineElement } from '../base/define.js';
import { EcoNotifications } from './notifications.component.js';

export { EcoNotifications };
export default EcoNotifications;

defineElement('eco-notifications', EcoNotifications);

declare global {
  interface HTMLElementTagNameMap {
    'eco-notifications': EcoNotifications;
  }
}
