import { defineElement } from '../base/define.js';
import { EcoSpaces } from './spaces.component.js';

export { EcoSpaces };
export default EcoSpaces;

defineElement('eco-spaces', EcoSpaces);

declare global {
  interface HTMLElementTagNameMap {
    'eco-spaces': EcoSpaces;
  }
}
