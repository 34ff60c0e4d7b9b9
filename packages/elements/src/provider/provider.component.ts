import { LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { createClient, type EcotoneClient } from '@ecotone/core';
import { clientContext } from '../base/context.js';
import { nextSliceStart, sliceRoom } from '../base/tasks.js';
import styles from './provider.styles.js';

/**
 * @tag eco-provider
 *
 * @summary Creates (or takes) an Ecotone client and offers it to every
 * Ecotone element inside it.
 *
 * @slot - The page content using Ecotone elements.
 */
export class EcoProvider extends LitElement {
  static override styles = styles;

  /** Base URL of the Ecotone server, e.g. `https://intranet.example/social`. */
  @property() endpoint?: string;

  /** Bearer token sent with every request. */
  @property() token?: string;

  /** UI locale of the client (en, fr or de; other tags are negotiated down). Mirrors the `lang` attribute. */
  @property({ attribute: 'lang' }) locale?: string;

  /** A ready client to provide instead of creating one; the provider never closes it. */
  @property({ attribute: false }) client?: EcotoneClient;

  /** The client created by this provider from `endpoint` and `token`, closed when replaced. */
  private ownClient: EcotoneClient | undefined;
  private readonly provider = new ContextProvider(this, { context: clientContext });

  /** The client currently provided. */
  get currentClient(): EcotoneClient | undefined {
    return this.client ?? this.ownClient;
  }

  /**
   * Like the elements it provides for, renders in a slice of a task (see
   * EcoElement), not in the task that evaluates the SDK: making the client
   * takes a few milliseconds. Its children show meanwhile (createRenderRoot).
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.hasUpdated || sliceRoom() > 0 ? super.scheduleUpdate() : nextSliceStart().then(() => this.scheduleUpdate());
  }

  /** The shadow root shows the children from the start, not from the first render on: the page never blinks. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.append(document.createElement('slot'));
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The first client is made in willUpdate, once attributes and properties are all known.
    if (this.hasUpdated) this.syncClient(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A created client holds a live stream: free it; reconnecting creates a new one.
    this.closeOwnClient();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const recreate = changed.has('endpoint') || changed.has('token');
    this.syncClient(recreate && this.hasUpdated);
    // A created client already got the locale at creation.
    if (changed.has('locale') && this.locale && (this.hasUpdated || this.client)) void this.currentClient?.setLocale(this.locale);
  }

  private syncClient(recreate: boolean): void {
    if (!this.isConnected) return;
    if (this.client) {
      this.closeOwnClient();
    } else if (recreate || !this.ownClient) {
      this.closeOwnClient();
      this.ownClient = createClient({
        ...(this.endpoint ? { baseUrl: this.endpoint } : {}),
        ...(this.token ? { token: this.token } : {}),
        ...(this.locale ? { locale: this.locale } : {}),
      });
    }
    if (this.provider.value !== this.currentClient) this.provider.setValue(this.currentClient);
  }

  private closeOwnClient(): void {
    this.ownClient?.close();
    this.ownClient = undefined;
  }

  override render() {
    return nothing;
  }
}
