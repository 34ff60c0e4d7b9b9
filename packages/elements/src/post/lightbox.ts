import { defineElement } from '../base/define.js';
import { EcoLightbox } from './lightbox.component.js';

export { EcoLightbox };
export default EcoLightbox;

defineElement('eco-lightbox', EcoLightbox);

declare global {
  interface HTMLElementTagNameMap {
    'eco-lightbox': EcoLightbox;
  }
}
