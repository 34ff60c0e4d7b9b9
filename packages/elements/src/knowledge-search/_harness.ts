/** Reads an `<eco-knowledge-search>` through what a person perceives, hiding its shadow DOM. */
import type { EcoKnowledgeSearch } from './knowledge-search.component.js';

export class KnowledgeSearchHarness {
  constructor(readonly el: EcoKnowledgeSearch) {}

  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  get box(): HTMLInputElement {
    return this.root.querySelector('input[type="search"]')!;
  }

  get results(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part~="result"]')];
  }

  /** Titles of the results, in order. */
  get titles(): string[] {
    return this.results.map((r) => r.querySelector('[part~="title"]')!.textContent!.trim());
  }

  /** Texts of every `<mark>`, in document order. */
  get marks(): string[] {
    return [...this.root.querySelectorAll('mark')].map((m) => m.textContent!);
  }

  facet(tag: string): HTMLButtonElement | undefined {
    return [...this.root.querySelectorAll<HTMLButtonElement>('[part~="facet"]')].find((b) => b.textContent!.includes(`#${tag}`));
  }

  get maturity(): HTMLSelectElement {
    return this.root.querySelector('select')!;
  }

  get status(): string {
    return this.root.querySelector('[role="status"]')!.textContent!.trim();
  }

  get error(): HTMLElement | null {
    return this.root.querySelector('[part~="error"]');
  }

  get retry(): HTMLButtonElement | null {
    return this.root.querySelector('.retry');
  }

  get more(): HTMLButtonElement | null {
    return this.root.querySelector('[part~="more"]');
  }

  /** The focused element inside the shadow root. */
  get focused(): Element | null {
    return this.root.activeElement;
  }

  /** Types into the search box as a person would (input events). */
  type(text: string): void {
    this.box.value = text;
    this.box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
}
