import { defineElement } from '../base/define.js';
import { EcoComposer } from './composer.component.js';

export { EcoComposer };
export default EcoComposer;

defineElement('eco-composer', EcoComposer);

declare global {
  interface HTMLElementTagNameMap {
    'eco-composer': EcoComposer;
  }
}
