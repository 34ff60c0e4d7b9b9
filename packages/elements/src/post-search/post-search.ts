import { defineElement } from '../base/define.js';
import { EcoPostSearch } from './post-search.component.js';

export { EcoPostSearch };
export default EcoPostSearch;

defineElement('eco-post-search', EcoPostSearch);

declare global {
  interface HTMLElementTagNameMap {
    'eco-post-search': EcoPostSearch;
  }
}
