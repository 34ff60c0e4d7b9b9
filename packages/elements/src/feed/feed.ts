import { defineElement } from '../base/define.js';
import { EcoFeed } from './feed.component.js';

export { EcoFeed };
export default EcoFeed;

defineElement('eco-feed', EcoFeed);

declare global {
  interface HTMLElementTagNameMap {
    'eco-feed': EcoFeed;
  }
}
