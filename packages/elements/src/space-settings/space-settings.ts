import { defineElement } from '../base/define.js';
import { EcoSpaceSettings } from './space-settings.component.js';

export { EcoSpaceSettings };
export default EcoSpaceSettings;

defineElement('eco-space-settings', EcoSpaceSettings);

declare global {
  interface HTMLElementTagNameMap {
    'eco-space-settings': EcoSpaceSettings;
  }
}
