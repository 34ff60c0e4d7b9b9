import { defineElement } from '../base/define.js';
import { EcoClassification } from './classification.component.js';

export { EcoClassification };
export default EcoClassification;

defineElement('eco-classification', EcoClassification);

declare global {
  interface HTMLElementTagNameMap {
    'eco-classification': EcoClassification;
  }
}
