import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { formatCount, type EcotoneClient } from '@ecotone/core';
import type { Notification, UnreadCount } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { BELL_ICON } from '../base/icons.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { notificationsStrings } from '../locales/notifications-strings.js';
import type { MessageKey } from '../locales/locales.js';
import { notificationSentence } from './notification-text.js';
import styles from './notifications.styles.js';

// The panel (the list, its sentences' layout, the dialog) loads on first open: the bell stays small.
const importPanel = () => import('./notification-list.js');

/**
 * @tag eco-notifications
 *
 * @summary A bell with the caller's unread count ("99+" beyond 99), kept
 * current live in every tab; new notifications are announced politely to
 * screen readers. The button opens a panel with the notifications
 * (`<eco-notification-list>`, loaded on first open): opening one marks it
 * read and shows its post or note; Escape closes the panel and gives focus
 * back to the bell.
 *
 * @dependency eco-notification-list
 *
 * @csspart base - The wrapper of the bell and the panel.
 * @csspart bell - The bell button.
 * @csspart badge - The unread count on the bell (hidden at 0).
 * @csspart panel - The panel that holds the list.
 * @csspart list - The `<eco-notification-list>` in the panel (style it further through its own parts and variables).
 *
 * @cssproperty --eco-notifications-bell-color - The bell's icon.
 * @cssproperty --eco-notifications-badge-background - The badge.
 * @cssproperty --eco-notifications-badge-color - The badge's number.
 * @cssproperty --eco-notifications-panel-background - The panel.
 * @cssproperty --eco-notifications-panel-border-color - The panel's border and the bell's.
 * @cssproperty --eco-notifications-panel-width - The panel's width (default 24rem, never wider than the window).
 *
 * @event {EcoOpenNotificationEvent} eco-open-notification - From the panel: a notification was opened (cancelable; see `<eco-notification-list>`).
 * @event {EcoErrorEvent} eco-error - From the panel, or the panel's code could not be loaded (`load`).
 */
export class EcoNotifications extends EcoElement {
  static override styles = styles;
  static strings = [notificationsStrings];

  /** Whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** What the polite live region says: the latest arrival. */
  @state() private announcement = '';

  @query('[part="bell"]') private bell?: HTMLButtonElement;

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);
  private readonly panel = new LazyModuleController(this, importPanel, (error) => this.emit('eco-error', { action: 'load', error }));
  private readonly unread = new ObservableController<UnreadCount, readonly [EcotoneClient | undefined]>(
    this,
    () => [this.resolvedClient] as const,
    ([client]) => client?.notifications().unread$,
  );
  private arrivals: Subscription | undefined;
  private arrivalsClient: EcotoneClient | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.handleOutside, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.handleOutside, true);
    this.arrivals?.unsubscribe();
    this.arrivals = undefined;
    this.arrivalsClient = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client !== this.arrivalsClient || !this.arrivals) {
      this.arrivals?.unsubscribe();
      this.arrivalsClient = client;
      // Only what arrives live is announced: what was there when the page loaded is not news.
      this.arrivals = client?.notifications().arrived$.subscribe((n) => this.announce(n));
    }
    if (this.open) void this.panel.load();
  }

  private announce(n: Notification): void {
    this.announcement = this.tr('notifArrived', { sentence: notificationSentence(n, this.tr, this.locale) });
  }

  private toggle(): void {
    this.open = !this.open;
  }

  /** Closes the panel; `focusBell` gives focus back to the bell (Escape, not a click elsewhere). */
  close(focusBell = true): void {
    if (!this.open) return;
    this.open = false;
    if (focusBell) this.bell?.focus();
  }

  private readonly handleKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.open) return;
    // Escape in the panel's dialog closes the dialog, not the panel.
    if (e.composedPath().some((node) => node instanceof HTMLDialogElement)) return;
    e.stopPropagation();
    this.close();
  };

  private readonly handleOutside = (e: Event): void => {
    if (this.open && !e.composedPath().includes(this)) this.close(false);
  };

  private label(count: UnreadCount | undefined): string {
    const t = this.tr;
    if (!count || count.unread === 0) return t('notifBellNone');
    const formatted = formatCount(count.unread, this.locale);
    return count.more ? t('notifBellMore', { formatted }) : t('notifBellUnread', { count: count.unread, formatted });
  }

  protected override render(): TemplateResult {
    const count = this.unread.value;
    const badge = !count || count.unread === 0 ? '' : count.more ? `${formatCount(count.unread, this.locale)}+` : formatCount(count.unread, this.locale);
    return html`<div part="base" class="base" @keydown=${this.handleKeydown}>
      <button part="bell" class="bell" type="button" aria-label=${this.label(count)} aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel" @click=${this.toggle}>
        ${BELL_ICON}${badge ? html`<span part="badge" class="badge" aria-hidden="true">${badge}</span>` : nothing}
      </button>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <div part="panel" id="panel" class="panel" ?hidden=${!this.open}>
        ${this.open || this.panel.ready
          ? this.panel.ready
            ? html`<eco-notification-list part="list" .client=${this.resolvedClient}></eco-notification-list>`
            : html`<p class="status" role="status">${this.panel.error ? this.errorText(this.panel.error) : this.tr('notifLoading')}</p>`
          : nothing}
      </div>
    </div>`;
  }
}
