import { defineElement } from '../base/define.js';
import { EcoPollEditor } from './poll-editor.component.js';

export { EcoPollEditor };
export default EcoPollEditor;

defineElement('eco-poll-editor', EcoPollEditor);

declare global {
  interface HTMLElementTagNameMap {
    'eco-poll-editor': EcoPollEditor;
  }
}
