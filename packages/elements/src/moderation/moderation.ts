import { defineElement } from '../base/define.js';
import { EcoModeration } from './moderation.component.js';

export { EcoModeration };
export default EcoModeration;

defineElement('eco-moderation', EcoModeration);

declare global {
  interface HTMLElementTagNameMap {
    'eco-moderation': EcoModeration;
  }
}
