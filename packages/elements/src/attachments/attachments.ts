import { defineElement } from '../base/define.js';
import { EcoAttachments } from './attachments.component.js';

export { EcoAttachments };
export default EcoAttachments;

defineElement('eco-attachments', EcoAttachments);

declare global {
  interface HTMLElementTagNameMap {
    'eco-attachments': EcoAttachments;
  }
}
