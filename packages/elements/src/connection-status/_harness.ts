import type { EcoConnectionStatus } from './connection-status.component.js';

/** Reads an `<eco-connection-status>` through what a person perceives. */
export class ConnectionStatusHarness {
  constructor(readonly el: EcoConnectionStatus) {}
  /** The visible label ('' before the client says anything). */
  get label(): string {
    return this.el.shadowRoot?.querySelector('[part="label"]')?.textContent?.trim() ?? '';
  }
  /** What the status region says to screen readers now. */
  get announced(): string {
    return this.region.textContent?.trim() ?? '';
  }
  get region(): HTMLElement {
    const region = this.el.shadowRoot?.querySelector<HTMLElement>('[role="status"]');
    if (!region) throw new Error('no status region');
    return region;
  }
  /** Elements a keyboard could reach inside. */
  get focusable(): Element[] {
    return [...(this.el.shadowRoot?.querySelectorAll('button, a[href], input, select, textarea, [tabindex]') ?? [])];
  }
}
