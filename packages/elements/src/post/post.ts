import { defineElement } from '../base/define.js';
import { EcoPost } from './post.component.js';

export { EcoPost };
export default EcoPost;

defineElement('eco-post', EcoPost);

declare global {
  interface HTMLElementTagNameMap {
    'eco-post': EcoPost;
  }
}
