import { defineElement } from '../base/define.js';
import { EcoPersonDialog } from './person-dialog.component.js';

export { EcoPersonDialog };
export default EcoPersonDialog;

defineElement('eco-person-dialog', EcoPersonDialog);

declare global {
  interface HTMLElementTagNameMap {
    'eco-person-dialog': EcoPersonDialog;
  }
}
