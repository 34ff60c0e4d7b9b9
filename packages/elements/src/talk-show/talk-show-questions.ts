import { defineElement } from '../base/define.js';
import { EcoTalkShowQuestions } from './talk-show-questions.component.js';

export { EcoTalkShowQuestions };
export default EcoTalkShowQuestions;

defineElement('eco-talk-show-questions', EcoTalkShowQuestions);

declare global {
  interface HTMLElementTagNameMap {
    'eco-talk-show-questions': EcoTalkShowQuestions;
  }
}
