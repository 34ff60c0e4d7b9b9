import { defineElement } from '../base/define.js';
import { EcoNotificationList } from './notification-list.component.js';

export { EcoNotificationList };
export default EcoNotificationList;

defineElement('eco-notification-list', EcoNotificationList);

declare global {
  interface HTMLElementTagNameMap {
    'eco-notification-list': EcoNotificationList;
  }
}
