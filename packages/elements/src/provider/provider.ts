import { defineElement } from '../base/define.js';
import { EcoProvider } from './provider.component.js';

export { EcoProvider };
export default EcoProvider;

defineElement('eco-provider', EcoProvider);

declare global {
  interface HTMLElementTagNameMap {
    'eco-provider': EcoProvider;
  }
}
