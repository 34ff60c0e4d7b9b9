import { defineElement } from '../base/define.js';
import { EcoNotificationSettings } from './notification-settings.component.js';

export { EcoNotificationSettings };
export default EcoNotificationSettings;

defineElement('eco-notification-settings', EcoNotificationSettings);

declare global {
  interface HTMLElementTagNameMap {
    'eco-notification-settings': EcoNotificationSettings;
  }
}
