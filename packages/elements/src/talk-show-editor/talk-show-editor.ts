import { defineElement } from '../base/define.js';
import { EcoTalkShowEditor } from './talk-show-editor.component.js';

export { EcoTalkShowEditor };
export default EcoTalkShowEditor;

defineElement('eco-talk-show-editor', EcoTalkShowEditor);

declare global {
  interface HTMLElementTagNameMap {
    'eco-talk-show-editor': EcoTalkShowEditor;
  }
}
