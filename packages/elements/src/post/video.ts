import { defineElement } from '../base/define.js';
import { EcoVideo } from './video.component.js';

export { EcoVideo };
export default EcoVideo;

defineElement('eco-video', EcoVideo);

declare global {
  interface HTMLElementTagNameMap {
    'eco-video': EcoVideo;
  }
}
