import { defineElement } from '../base/define.js';
import { EcoPoll } from './poll.component.js';

export { EcoPoll };
export default EcoPoll;

defineElement('eco-poll', EcoPoll);

declare global {
  interface HTMLElementTagNameMap {
    'eco-poll': EcoPoll;
  }
}
