import type { EcoNotifications } from './notifications.component.js';
import type { EcoNotificationList } from './notification-list.component.js';

/** Reads an `<eco-notifications>` (and its panel) through what a person perceives. */
export class NotificationsHarness {
  constructor(readonly el: EcoNotifications) {}
  get bell(): HTMLButtonElement {
    const bell = this.el.shadowRoot?.querySelector<HTMLButtonElement>('[part="bell"]');
    if (!bell) throw new Error('no bell');
    return bell;
  }
  /** The bell's accessible name. */
  get label(): string {
    return this.bell.getAttribute('aria-label') ?? '';
  }
  /** The badge's text ('' when hidden). */
  get badge(): string {
    return this.el.shadowRoot?.querySelector('[part="badge"]')?.textContent?.trim() ?? '';
  }
  /** What the polite region says. */
  get announced(): string {
    return (this.el.shadowRoot?.querySelector('[aria-live="polite"]')?.textContent ?? '').replace(/[\u2066-\u2069]/g, '').trim();
  }
  get panelOpen(): boolean {
    return this.bell.getAttribute('aria-expanded') === 'true' && !this.el.shadowRoot?.querySelector<HTMLElement>('[part="panel"]')?.hidden;
  }
  /** The panel's list, once it has loaded. */
  get list(): ListHarness | undefined {
    const list = this.el.shadowRoot?.querySelector<EcoNotificationList>('eco-notification-list');
    return list ? new ListHarness(list) : undefined;
  }
}

/** Reads an `<eco-notification-list>`. */
export class ListHarness {
  constructor(readonly el: EcoNotificationList) {}
  private get root(): ShadowRoot {
    if (!this.el.shadowRoot) throw new Error('no shadow root');
    return this.el.shadowRoot;
  }
  /** Each notification's sentence, as read (isolates dropped). */
  get sentences(): string[] {
    return [...this.root.querySelectorAll('[part~="sentence"]')].map((s) => (s.textContent ?? '').replace(/[\u2066-\u2069]/g, '').trim());
  }
  /** Whether each notification shows as unread. */
  get unread(): boolean[] {
    return [...this.root.querySelectorAll('[part~="item"]')].map((li) => li.getAttribute('part')!.split(' ').includes('unread'));
  }
  get items(): HTMLButtonElement[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>('[part="open"]')];
  }
  get status(): string {
    return this.root.querySelector('[part="status"]')?.textContent?.trim() ?? '';
  }
  get error(): string {
    return this.root.querySelector('[part="error"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }
  button(text: string): HTMLButtonElement | undefined {
    return [...this.root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);
  }
  get dialog(): HTMLDialogElement | null {
    return this.root.querySelector('dialog');
  }
}
