import { defineElement } from '../base/define.js';
import { EcoKnowledgeSearch } from './knowledge-search.component.js';

export { EcoKnowledgeSearch };
export default EcoKnowledgeSearch;

defineElement('eco-knowledge-search', EcoKnowledgeSearch);

declare global {
  interface HTMLElementTagNameMap {
    'eco-knowledge-search': EcoKnowledgeSearch;
  }
}
