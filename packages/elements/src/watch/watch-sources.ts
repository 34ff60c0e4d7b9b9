import { defineElement } from '../base/define.js';
import { EcoWatchSources } from './watch-sources.component.js';

export { EcoWatchSources };
export default EcoWatchSources;

defineElement('eco-watch-sources', EcoWatchSources);

declare global {
  interface HTMLElementTagNameMap {
    'eco-watch-sources': EcoWatchSources;
  }
}
