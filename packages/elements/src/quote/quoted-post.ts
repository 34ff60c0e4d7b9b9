import { defineElement } from '../base/define.js';
import { EcoQuotedPost } from './quoted-post.component.js';

export { EcoQuotedPost };
export default EcoQuotedPost;

defineElement('eco-quoted-post', EcoQuotedPost);

declare global {
  interface HTMLElementTagNameMap {
    'eco-quoted-post': EcoQuotedPost;
  }
}
