import type { EcoLikeButton } from './like-button.component.js';
import { shadow } from '../_test-fixtures.js';

/** Reads an `<eco-like-button>` through what a person perceives. */
export class LikeButtonHarness {
  constructor(readonly el: EcoLikeButton) {}
  get button(): HTMLButtonElement {
    return shadow<HTMLButtonElement>(this.el, 'button');
  }
  get label(): string {
    return this.button.getAttribute('aria-label') ?? '';
  }
  get pressed(): boolean {
    return this.button.getAttribute('aria-pressed') === 'true';
  }
  get busy(): boolean {
    return this.button.getAttribute('aria-busy') === 'true';
  }
  get count(): string {
    return this.el.shadowRoot?.querySelector('[part="count"]')?.textContent?.trim() ?? '';
  }
  get error(): string {
    return shadow(this.el, '[part="error"]').textContent?.trim() ?? '';
  }
  /** Resolves once the reaction summary is shown. */
  async ready(): Promise<void> {
    const start = performance.now();
    while (!this.count) {
      if (performance.now() - start > 3000) throw new Error('like button never loaded');
      await new Promise((r) => requestAnimationFrame(r));
    }
  }
}
