import { defineElement } from '../base/define.js';
import { EcoPerson } from './person.component.js';

export { EcoPerson };
export default EcoPerson;

defineElement('eco-person', EcoPerson);

declare global {
  interface HTMLElementTagNameMap {
    'eco-person': EcoPerson;
  }
}
