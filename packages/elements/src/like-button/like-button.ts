import { defineElement } from '../base/define.js';
import { EcoLikeButton } from './like-button.component.js';

export { EcoLikeButton };
export default EcoLikeButton;

defineElement('eco-like-button', EcoLikeButton);

declare global {
  interface HTMLElementTagNameMap {
    'eco-like-button': EcoLikeButton;
  }
}
