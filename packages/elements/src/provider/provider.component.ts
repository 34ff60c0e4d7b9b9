import { LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { AuthError, NetworkError, createClient, type EcotoneClient, type TokenProvider } from '@ecotone/core';
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
 *
 * @cssproperty --eco-color-scheme - Colour scheme of the elements inside: `light dark` (default) follows the system, `light` or `dark` forces one; set by `theme`.
 */
export class EcoProvider extends LitElement {
  static override styles = styles;

  /** Base URL of the Ecotone server, e.g. `https://intranet.example/social`. */
  @property() endpoint?: string;

  /** Bearer token sent with every request. Changing it swaps the token: the client and what it loaded stay. */
  @property() token?: string;

  /**
   * Where to fetch the person's token (sent with the page's cookies): the
   * answer is the token as text, or JSON `{ "token": … }` (or
   * `access_token`). Kept until a minute before its `exp`, fetched again
   * then, and at once when the server refuses it.
   */
  @property({ attribute: 'token-url' }) tokenUrl?: string;

  /**
   * A function giving the current token (async; called again before each
   * request and stream, with `{ refresh: true }` after the server refused
   * one): wins over `token-url` and `token`.
   */
  @property({ attribute: false }) getToken?: TokenProvider;

  /** UI locale of the client (en, fr or de; other tags are negotiated down). Mirrors the `lang` attribute. */
  @property({ attribute: 'lang' }) locale?: string;

  /**
   * Colour theme of the elements inside: `light`, `dark`, or `auto` (the
   * default, also when absent: the system's `prefers-color-scheme`, unless the
   * page sets `--eco-color-scheme` above the provider).
   */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /**
   * `off`: the client keeps nothing in the browser (no read cache, drafts or
   * durable outbox; writes wait in memory only), for networks that forbid
   * keeping anything on workstations. Absent or `on`: offline-first (see
   * docs/offline.md). Changing it makes a new client.
   */
  @property() offline?: 'on' | 'off';

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

  /** The token fetched from `tokenUrl`, and when to fetch it again (ms). */
  private fetchedToken: { url: string; token: string | null; refreshAt: number } | undefined;
  private fetchingToken: Promise<string | null> | undefined;

  /** The token for the next request: `getToken`, else `token-url`, else `token`; read each time, so a change needs no new client. */
  private readonly currentToken: TokenProvider = async (options) => {
    if (this.getToken) return this.getToken(options);
    if (this.tokenUrl) return this.tokenFromUrl(this.tokenUrl, options?.refresh === true);
    return this.token ?? null;
  };

  private async tokenFromUrl(url: string, refresh: boolean): Promise<string | null> {
    const kept = this.fetchedToken;
    if (!refresh && kept && kept.url === url && Date.now() < kept.refreshAt) return kept.token;
    this.fetchingToken ??= fetchToken(url).finally(() => (this.fetchingToken = undefined));
    const token = await this.fetchingToken;
    this.fetchedToken = { url, token, refreshAt: refreshTime(token) };
    return token;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Another server, another source of tokens, or another person: a client of its own (its store
    // holds what the previous person saw). A new token for the same person keeps the client.
    const recreate =
      changed.has('endpoint') ||
      changed.has('offline') ||
      changed.has('getToken') ||
      changed.has('tokenUrl') ||
      (changed.has('token') && personOf(changed.get('token') as string | undefined) !== personOf(this.token));
    // The token removed with no other source of tokens (a sign-out), or a token of someone else (its `sub`):
    // what the previous person left on the device goes, before the next person's client opens it.
    const before = changed.has('token') ? personOf(changed.get('token') as string | undefined) : undefined;
    const signedOut = before !== undefined && !this.token && !this.tokenUrl && !this.getToken;
    const switched = typeof before === 'string' && before.startsWith('sub:') && personOf(this.token) !== before;
    if ((signedOut || switched) && this.hasUpdated) void this.ownClient?.clearOfflineData();
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
        getToken: this.currentToken,
        ...(this.locale ? { locale: this.locale } : {}),
        ...(this.offline === 'off' ? { offline: false } : {}),
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

/** A token fetched this long before its `exp` is fetched again, in ms. */
const TOKEN_REFRESH_AHEAD_MS = 60_000;
/** How long a token without a readable `exp` is kept, in ms. */
const OPAQUE_TOKEN_KEPT_MS = 5 * 60_000;

/**
 * Fetches the person's token from `url` with the page's credentials: text,
 * or JSON with `token` / `access_token`; null when the endpoint refuses (the
 * server then answers 401). An unreachable endpoint is a `NetworkError`
 * (retried like any request), malformed JSON an `AuthError` `token_unavailable`.
 */
async function fetchToken(url: string): Promise<string | null> {
  let text: string;
  try {
    const response = await fetch(url, { credentials: 'include', headers: { accept: 'application/json, text/plain' }, cache: 'no-store' });
    if (!response.ok) return null;
    text = (await response.text()).trim();
  } catch (cause) {
    throw new NetworkError('network', 'The token URL could not be reached', { cause });
  }
  if (!text.startsWith('{')) return text.length > 0 ? text : null;
  let body: { token?: unknown; access_token?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (cause) {
    throw new AuthError('token_unavailable', 'The token URL answered malformed JSON', { cause });
  }
  return typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : null;
}

/** A JWT's claims, read (not verified: the server verifies); undefined for any other token. */
function claimsOf(token: string | null | undefined): { sub?: unknown; exp?: unknown } | undefined {
  try {
    return JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; exp?: unknown };
  } catch {
    return undefined;
  }
}

/**
 * When to fetch a token again: a minute before its `exp` (half-way for a
 * token living less than two minutes, so a short-lived one is not fetched
 * before every request), or in five minutes.
 */
function refreshTime(token: string | null): number {
  const exp = claimsOf(token)?.exp;
  const now = Date.now();
  if (typeof exp !== 'number') return now + OPAQUE_TOKEN_KEPT_MS;
  const left = exp * 1000 - now;
  return exp * 1000 - Math.min(TOKEN_REFRESH_AHEAD_MS, left / 2);
}

/** Whom a token names, as far as the page can tell: a JWT's `sub`, else the token itself (a development token names its person). */
function personOf(token: string | undefined): unknown {
  const sub = claimsOf(token)?.sub;
  return typeof sub === 'string' ? `sub:${sub}` : token;
}
