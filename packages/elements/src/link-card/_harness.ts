/** Reads an `<eco-link-card>` through what a person perceives, hiding its shadow DOM. */
import type { EcoLinkCard } from './link-card.component.js';

export class LinkCardHarness {
  constructor(readonly el: EcoLinkCard) {}

  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  /** The one link, if any. */
  get link(): HTMLAnchorElement | null {
    return this.root.querySelector('a');
  }

  get links(): HTMLAnchorElement[] {
    return [...this.root.querySelectorAll('a')];
  }

  get busy(): boolean {
    return this.root.querySelector('[aria-busy="true"]') !== null;
  }

  /** A card (title link) rather than a plain link. */
  get isCard(): boolean {
    return this.root.querySelector('[part="title"]') !== null;
  }

  part(name: string): HTMLElement | null {
    return this.root.querySelector(`[part~="${name}"]`);
  }

  get playButton(): HTMLButtonElement | null {
    return this.root.querySelector('button[part="play"]');
  }

  get iframe(): HTMLIFrameElement | null {
    return this.root.querySelector('iframe');
  }

  /** Text of the element whose id the link's `aria-describedby` names. */
  get linkDescription(): string | undefined {
    const id = this.link?.getAttribute('aria-describedby');
    return id ? this.root.getElementById(id)?.textContent?.trim() : undefined;
  }
}
