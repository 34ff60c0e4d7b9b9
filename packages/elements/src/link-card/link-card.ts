import { defineElement } from '../base/define.js';
import { EcoLinkCard } from './link-card.component.js';

export { EcoLinkCard };
export default EcoLinkCard;

defineElement('eco-link-card', EcoLinkCard);

declare global {
  interface HTMLElementTagNameMap {
    'eco-link-card': EcoLinkCard;
  }
}
