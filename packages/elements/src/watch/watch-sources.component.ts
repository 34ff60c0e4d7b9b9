import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientWatch, formatDateTime, type EcotoneClient, type EcotoneError } from '@ecotone/core';
import type { WatchSource } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { callerOf } from '../base/caller.js';
import { watchStrings } from '../locales/watch-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './watch-sources.styles.js';

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'unavailable' } | { status: 'error'; error: unknown };
type Write = { status: 'idle' } | { status: 'busy' } | { status: 'error'; key: MessageKey; error: unknown } | { status: 'done'; message: string };

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/**
 * @tag eco-watch-sources
 *
 * @summary The technology-watch sources of a space: the RSS, Atom and JSON
 * Feed addresses it follows, with when each was last fetched or why it
 * failed; owners and correspondents add one by its address, remove one,
 * import an OPML file and everyone exports the list as OPML. With a server
 * that fetches nothing (`--egress off`: `Me.capabilities.previews` is false,
 * or the list answers `watch_unavailable`), it says why the feature is
 * unavailable instead, without asking for the list.
 *
 * New items of the sources arrive in the space's feed as posts of kind
 * `watch` (`<eco-post>` shows them with their triage).
 *
 * @csspart base - The section.
 * @csspart sources - The list of sources.
 * @csspart source - One source: its title (a link to the feed), its address and its fetch state.
 * @csspart fetch-state - When it was last fetched, or why the last fetch failed.
 * @csspart remove - A source's Remove button.
 * @csspart add - The form to add a source by its address.
 * @csspart import - The "Import OPML" file chooser.
 * @csspart export - "Export OPML".
 * @csspart message - What the last change did, or why it failed.
 * @csspart unavailable - Why the feature is unavailable on this server.
 *
 * @cssproperty --eco-watch-sources-border-color - Borders of the list.
 * @cssproperty --eco-watch-sources-muted-color - Addresses and fetch states.
 * @cssproperty --eco-watch-sources-error-color - Error text.
 *
 * @event {EcoErrorEvent} eco-error - Loading (`load`) or a change (`manage`) failed; the element shows why.
 */
export class EcoWatchSources extends EcoElement {
  static override styles = styles;
  static strings = [watchStrings];

  /** The space whose sources to show. */
  @property() space = '';

  @state() private sources: readonly WatchSource[] = [];
  @state() private mayManage = false;
  @state() private load: Load = { status: 'loading' };
  @state() private write: Write = { status: 'idle' };
  @state() private url = '';
  private loadedFor: { client: EcotoneClient; space: string } | undefined;
  private generation = 0;

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && this.space && (client !== this.loadedFor?.client || this.space !== this.loadedFor.space)) {
      this.loadedFor = { client, space: this.space };
      void this.fetch(client);
    }
  }

  private async fetch(client: EcotoneClient): Promise<void> {
    const generation = ++this.generation;
    this.load = { status: 'loading' };
    // A server that fetches nothing from other hosts (`--egress off`) says so
    // in `Me.capabilities.previews`: explained without asking for the list.
    const me = await callerOf(client);
    if (generation !== this.generation) return;
    if (me?.capabilities?.previews === false) {
      this.sources = [];
      this.load = { status: 'unavailable' };
      return;
    }
    try {
      const list = await clientWatch(client).list(this.space);
      if (generation !== this.generation) return;
      this.sources = list.items;
      this.mayManage = list.mayManage;
      this.load = { status: 'ready' };
    } catch (error) {
      if (generation !== this.generation) return;
      this.sources = [];
      // A server that fetches nothing, or an in-process transport: the feature is not there.
      const code = (error as EcotoneError).code;
      if (code === 'watch_unavailable' || code === 'not_found') {
        this.load = { status: 'unavailable' };
        return;
      }
      this.load = { status: 'error', error };
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
  }

  private readonly retry = () => {
    const client = this.resolvedClient;
    if (client) void this.fetch(client);
  };

  private async change(key: MessageKey, work: (client: EcotoneClient) => Promise<string | void>): Promise<void> {
    const client = this.resolvedClient;
    if (!client || this.write.status === 'busy') return;
    this.write = { status: 'busy' };
    try {
      const message = await work(client);
      this.write = message ? { status: 'done', message } : { status: 'idle' };
      await this.fetch(client);
    } catch (error) {
      this.write = { status: 'error', key, error };
      this.emit('eco-error', { action: 'manage', error: error as Error });
    }
  }

  private readonly handleAdd = (event: Event) => {
    event.preventDefault();
    const url = this.url.trim();
    if (!url) return;
    void this.change('watchAddFailed', async (client) => {
      await clientWatch(client).add(this.space, { url });
      this.url = '';
    });
  };

  private readonly handleImport = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void this.change('watchImportFailed', async (client) => {
      const result = await clientWatch(client).importOpml(this.space, await file.text());
      return this.tr('watchImported', { count: result.added, skipped: result.skipped });
    });
  };

  private readonly handleExport = async () => {
    const client = this.resolvedClient;
    if (!client) return;
    const opml = await clientWatch(client).exportOpml(this.space, `${this.space}: ${this.tr('watchLabel')}`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([opml], { type: 'text/x-opml' }));
    link.download = `${this.space}-watch.opml`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  };

  private renderSource(source: WatchSource) {
    const state = source.lastError
      ? this.tr('watchLastError', { date: formatDateTime(source.lastError.at, this.locale, DATE), code: source.lastError.code })
      : source.lastSuccessAt
        ? this.tr('watchLastSuccess', { date: formatDateTime(source.lastSuccessAt, this.locale, DATE) })
        : this.tr('watchNeverFetched');
    return html`<li part="source">
      <span class="title" dir="auto">${source.title}</span>
      <span class="url" dir="ltr">${source.url}</span>
      <span part="fetch-state" class=${source.lastError ? 'state failed' : 'state'}>${state}</span>
      ${this.mayManage
        ? html`<button
            part="remove"
            type="button"
            aria-label=${this.tr('watchRemove', { title: source.title })}
            ?disabled=${this.write.status === 'busy'}
            @click=${() => void this.change('watchRemoveFailed', (client) => clientWatch(client).remove(source.id))}
          >
            ×
          </button>`
        : nothing}
    </li>`;
  }

  override render() {
    const label = this.tr('watchSourcesLabel');
    const load = this.load;
    if (load.status === 'unavailable') {
      return html`<section part="base" role=${this.sectionRole ?? nothing} aria-label=${label}>
        <p part="unavailable" class="status">${this.tr('watchUnavailable')}</p>
      </section>`;
    }
    return html`<section part="base" role=${this.sectionRole ?? nothing} aria-label=${label} aria-busy=${load.status === 'loading' ? 'true' : 'false'}>
      ${load.status === 'loading' ? html`<p class="status">${this.tr('watchSourcesLoading')}</p>` : nothing}
      ${load.status === 'error'
        ? html`<p class="error" role="alert">
            ${this.tr('watchSourcesLoadFailed', { reason: this.errorText(load.error) })}
            <button type="button" @click=${this.retry}>${this.tr('watchRetry')}</button>
          </p>`
        : nothing}
      ${load.status === 'ready' && this.sources.length === 0 ? html`<p class="status">${this.tr('watchSourcesEmpty')}</p>` : nothing}
      ${this.sources.length > 0 ? html`<ul part="sources">${this.sources.map((s) => this.renderSource(s))}</ul>` : nothing}
      ${load.status === 'ready' && this.mayManage
        ? html`<form part="add" @submit=${this.handleAdd}>
            <label
              >${this.tr('watchUrlLabel')}
              <input type="url" required .value=${this.url} @input=${(e: Event) => (this.url = (e.target as HTMLInputElement).value)}
            /></label>
            <button type="submit" ?disabled=${this.write.status === 'busy'} aria-busy=${this.write.status === 'busy' ? 'true' : 'false'}>${this.tr('watchAdd')}</button>
          </form>`
        : nothing}
      ${load.status === 'ready'
        ? html`<div class="opml">
            ${this.mayManage
              ? html`<label part="import" class="button"
                  >${this.tr('watchImport')} <input type="file" accept=".opml,.xml,text/x-opml,text/xml,application/xml" @change=${this.handleImport}
                /></label>`
              : nothing}
            <button part="export" type="button" @click=${this.handleExport}>${this.tr('watchExport')}</button>
          </div>`
        : nothing}
      ${this.write.status === 'error'
        ? html`<p part="message" class="error" role="alert">${this.tr(this.write.key, { reason: this.errorText(this.write.error) })}</p>`
        : this.write.status === 'done'
          ? html`<p part="message" class="status" role="status">${this.write.message}</p>`
          : nothing}
    </section>`;
  }
}
