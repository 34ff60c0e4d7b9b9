import { defineElement } from '../base/define.js';
import { EcoComments } from './comments.component.js';

export { EcoComments };
export default EcoComments;

defineElement('eco-comments', EcoComments);

declare global {
  interface HTMLElementTagNameMap {
    'eco-comments': EcoComments;
  }
}
