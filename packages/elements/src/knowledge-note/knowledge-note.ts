import { defineElement } from '../base/define.js';
import { EcoKnowledgeNote } from './knowledge-note.component.js';

export { EcoKnowledgeNote };
export default EcoKnowledgeNote;

defineElement('eco-knowledge-note', EcoKnowledgeNote);

declare global {
  interface HTMLElementTagNameMap {
    'eco-knowledge-note': EcoKnowledgeNote;
  }
}
