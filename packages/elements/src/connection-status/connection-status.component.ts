import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ConnectionState, EcotoneClient } from '@ecotone/core';
import { EcoElement } from '../base/eco-element.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { connectionStrings } from '../locales/connection-strings.js';
import type { MessageKey } from '../locales/locales.js';
import { ConnectionAnnouncer } from './connection-announcer.js';
import styles from './connection-status.styles.js';

/** How long a new state must last before screen readers hear of it, in ms. */
export const CONNECTION_ANNOUNCE_DELAY_MS = 3_000;

const LABELS: Record<ConnectionState, MessageKey> = {
  online: 'connectionOnline',
  reconnecting: 'connectionReconnecting',
  offline: 'connectionOffline',
  'cache-only': 'connectionCacheOnly',
};

const ANNOUNCEMENTS: Record<ConnectionState, MessageKey> = {
  online: 'connectionBackOnline',
  reconnecting: 'connectionLost',
  offline: 'connectionWentOffline',
  'cache-only': 'connectionShowingCache',
};

/**
 * @tag eco-connection-status
 *
 * @summary Shows whether the page is online, reconnecting, offline, or
 * showing saved content only (read-only, from the cache), and tells screen
 * readers about changes that last.
 *
 * The state is the client's `connection$`: the live stream's status (shared
 * by the person's tabs), the browser's online and offline events, and the
 * read cache. The visible label follows it at once. A polite status region
 * (`role="status"`) announces a change only once it has lasted
 * `announce-delay` milliseconds, so a network that flaps says nothing, and
 * says nothing for the state the page loads in. It is a status, not a
 * control: it takes no focus. Hide it while online with CSS on the
 * reflected `state` (`eco-connection-status[state='online'] { display: none }`).
 *
 * @csspart base - The pill: indicator and label.
 * @csspart indicator - The coloured dot (filled while online or offline, a ring while reconnecting or showing saved content).
 * @csspart label - The visible text.
 *
 * @cssproperty --eco-connection-status-color - Text colour.
 * @cssproperty --eco-connection-status-background - Background of the pill.
 * @cssproperty --eco-connection-status-border-color - Border colour of the pill.
 * @cssproperty --eco-connection-status-radius - Corner radius of the pill.
 * @cssproperty --eco-connection-status-online-color - Indicator colour while online.
 * @cssproperty --eco-connection-status-reconnecting-color - Indicator colour while reconnecting.
 * @cssproperty --eco-connection-status-offline-color - Indicator colour while offline, and while showing saved content.
 */
export class EcoConnectionStatus extends EcoElement {
  static override styles = styles;
  static strings = [connectionStrings];

  /** The state shown: `online`, `reconnecting`, `offline` or `cache-only`. Reflects the client; read it, do not set it. */
  @property({ reflect: true }) state?: ConnectionState;

  /** How long a new state must last before it is announced to screen readers, in milliseconds. */
  @property({ type: Number, attribute: 'announce-delay' }) announceDelay = CONNECTION_ANNOUNCE_DELAY_MS;

  /** The state last announced, whose sentence the status region holds. */
  @state() private announced?: ConnectionState;

  private readonly connection = new ObservableController<ConnectionState, readonly [EcotoneClient | undefined]>(
    this,
    () => [this.resolvedClient] as const,
    ([client]) => client?.connection$,
  );

  private readonly announcer = new ConnectionAnnouncer((state) => (this.announced = state));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.announcer.cancel();
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    // Mirror the client (known only after the controllers' hostUpdate) before super.update() reflects it.
    const current = this.connection.value;
    if (current && current !== this.state) this.announcer.update(current, this.announceDelay);
    this.state = current;
    super.update(changed);
  }

  override render() {
    const state = this.state;
    // The status region is there from the start: a region that appears with its text is not reliably announced.
    return html`${state
        ? html`<span part="base" class="base">
            <span part="indicator" class="indicator ${state}" aria-hidden="true"></span>
            <span part="label">${this.localize.t(LABELS[state])}</span>
          </span>`
        : nothing}
      <span class="visually-hidden" role="status">${this.announced ? this.localize.t(ANNOUNCEMENTS[this.announced]) : ''}</span>`;
  }
}
