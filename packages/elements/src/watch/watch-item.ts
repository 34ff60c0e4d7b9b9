import { defineElement } from '../base/define.js';
import { EcoWatchItem } from './watch-item.component.js';

export { EcoWatchItem };
export default EcoWatchItem;

defineElement('eco-watch-item', EcoWatchItem);

declare global {
  interface HTMLElementTagNameMap {
    'eco-watch-item': EcoWatchItem;
  }
}
