import { defineElement } from '../base/define.js';
import { EcoTalkShowSession } from './talk-show-session.component.js';

export { EcoTalkShowSession };
export default EcoTalkShowSession;

defineElement('eco-talk-show-session', EcoTalkShowSession);

declare global {
  interface HTMLElementTagNameMap {
    'eco-talk-show-session': EcoTalkShowSession;
  }
}
