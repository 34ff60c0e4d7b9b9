import type { EcoPoll } from './poll.component.js';
import { textOf } from '../_test-fixtures.js';

/** Reads an `<eco-poll>` (or `<eco-survey>`) through what a person perceives. */
export class PollHarness {
  constructor(readonly el: HTMLElement) {}
  private q<E extends Element = HTMLElement>(selector: string): E | null {
    return this.el.shadowRoot?.querySelector<E>(selector) ?? null;
  }
  private text(selector: string): string {
    const n = this.q(selector);
    return n ? textOf(n) : '';
  }
  get fieldset(): HTMLFieldSetElement | null {
    return this.q<HTMLFieldSetElement>('fieldset');
  }
  get legend(): string {
    return this.text('legend');
  }
  get inputs(): HTMLInputElement[] {
    return [...(this.el.shadowRoot?.querySelectorAll<HTMLInputElement>('fieldset input') ?? [])];
  }
  /** Accessible-ish names of the inputs: their label's text. */
  get optionLabels(): string[] {
    return this.inputs.map((i) => textOf(i.closest('label')!));
  }
  get checked(): string[] {
    return this.inputs.filter((i) => i.checked).map((i) => i.value);
  }
  get results(): string[] {
    return [...(this.el.shadowRoot?.querySelectorAll('[part~="result"]') ?? [])].map((li) => textOf(li));
  }
  get summary(): string {
    return this.text('[part="results"] .visually-hidden');
  }
  get status(): string {
    return [...(this.el.shadowRoot?.querySelectorAll('[part="status"]') ?? [])].map((n) => textOf(n)).join(' | ');
  }
  get message(): string {
    return this.text('[part="message"]');
  }
  get meta(): string {
    return this.text('[part="meta"]');
  }
  button(part: string): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>(`[part="${part}"]`);
  }
  get busy(): boolean {
    return this.q('[part="base"]')?.getAttribute('aria-busy') === 'true';
  }
  /** The element inside the shadow root that has focus. */
  get focused(): Element | null {
    return this.el.shadowRoot?.activeElement ?? null;
  }
  choose(...ids: string[]): void {
    for (const input of this.inputs) {
      if (ids.includes(input.value) !== input.checked) input.click();
    }
  }
}

export type { EcoPoll };
