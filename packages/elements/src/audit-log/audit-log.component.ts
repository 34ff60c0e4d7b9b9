import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientAudit, formatCount, formatDateTime, isEcotoneError, type EcotoneClient } from '@ecotone/core';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditEntry, type AuditQuery } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { auditLogStrings } from '../locales/audit-log-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './audit-log.styles.js';

/** A person's or a space's id, as the server takes it in a filter. */
const ID_PATTERN = '[A-Za-z0-9_\\-]{1,64}';
const TIME_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' };
/** Longest value of a detail shown in full, in characters; longer ones end with "…" (the export has them whole). */
const DETAIL_VALUE_MAX_CHARS = 120;

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);
const KNOWN_TARGETS: ReadonlySet<string> = new Set(AUDIT_TARGET_TYPES);

type Load =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'forbidden' }
  | { status: 'error'; error: unknown };
type More = { status: 'idle' | 'loading' } | { status: 'error'; error: unknown };

/** One detail value as text: strings as they are, lists joined, anything else as JSON. */
function detailValue(value: unknown): string {
  const text = typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : JSON.stringify(value);
  return text.length > DETAIL_VALUE_MAX_CHARS ? `${text.slice(0, DETAIL_VALUE_MAX_CHARS - 1)}…` : text;
}

/**
 * @tag eco-audit-log
 *
 * @summary The server's audit trail, for its auditors: a table of who did
 * what, to what, in which space and when, newest first, with filters by
 * action, person and space and "Load more" for older entries. Anyone else
 * sees that only auditors may read it. Each reading is itself recorded on
 * the server (`audit.read`).
 *
 * @csspart base - The whole element (a section).
 * @csspart title - Its heading.
 * @csspart filters - The filter form.
 * @csspart table - The table of entries.
 * @csspart row - One entry's row.
 * @csspart more - The "Load more" button.
 * @csspart status - Loading messages and the count shown (a polite live region).
 * @csspart empty - The message when no entry matches.
 * @csspart error - A failed load, with its Retry button.
 * @csspart forbidden - The message shown to someone who is not an auditor.
 *
 * @cssproperty --eco-audit-log-border-color - Table and fieldset borders.
 * @cssproperty --eco-audit-log-muted-color - Ids, codes and help text.
 * @cssproperty --eco-audit-log-header-background - The table's header row.
 * @cssproperty --eco-audit-log-button-background - The Apply button.
 * @cssproperty --eco-audit-log-button-color - The Apply button's text.
 * @cssproperty --eco-audit-log-error-color - Error text.
 * @cssproperty --eco-audit-log-error-background - Error background.
 *
 * @event {EcoErrorEvent} eco-error - Loading the trail (`load`) or older entries (`load-more`) failed; the element shows a message (not when the reader is no auditor).
 */
export class EcoAuditLog extends EcoElement {
  static override styles = styles;
  static strings = [auditLogStrings];

  /** Only entries of this action code (`post.delete`…); the filter's select starts on it. */
  @property() action = '';
  /** Only entries by this person (their id). */
  @property() actor = '';
  /** Only entries in this space (its id). */
  @property() space = '';
  /** Entries per page, 1 to 100. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private entries: readonly AuditEntry[] = [];
  @state() private nextCursor: string | null = null;
  @state() private load: Load = { status: 'loading' };
  @state() private more: More = { status: 'idle' };
  private loadedFor: { client: EcotoneClient; query: string } | undefined;
  /** Bumped by every new first page: answers to older requests are dropped. */
  private generation = 0;

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);

  private query(): AuditQuery {
    return {
      ...(this.action ? { action: this.action } : {}),
      ...(this.actor ? { actor: this.actor } : {}),
      ...(this.space ? { space: this.space } : {}),
      limit: Math.min(100, Math.max(1, Math.floor(this.pageSize) || 50)),
    };
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    const query = JSON.stringify(this.query());
    if (client && (client !== this.loadedFor?.client || query !== this.loadedFor.query)) {
      this.loadedFor = { client, query };
      void this.fetchFirst(client);
    }
  }

  private async fetchFirst(client: EcotoneClient): Promise<void> {
    const generation = ++this.generation;
    this.load = { status: 'loading' };
    this.more = { status: 'idle' };
    try {
      const page = await clientAudit(client).list(this.query());
      if (generation !== this.generation) return;
      this.entries = page.items;
      this.nextCursor = page.nextCursor;
      this.load = { status: 'ready' };
    } catch (error) {
      if (generation !== this.generation) return;
      this.entries = [];
      this.nextCursor = null;
      if (isEcotoneError(error) && error.code === 'forbidden') {
        this.load = { status: 'forbidden' };
        return;
      }
      this.load = { status: 'error', error };
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
  }

  private async fetchMore(): Promise<void> {
    const client = this.resolvedClient;
    const before = this.nextCursor;
    if (!client || before === null || this.more.status === 'loading') return;
    const generation = this.generation;
    this.more = { status: 'loading' };
    try {
      const page = await clientAudit(client).list({ ...this.query(), before });
      if (generation !== this.generation) return;
      this.entries = [...this.entries, ...page.items];
      this.nextCursor = page.nextCursor;
      this.more = { status: 'idle' };
    } catch (error) {
      if (generation !== this.generation) return;
      this.more = { status: 'error', error };
      this.emit('eco-error', { action: 'load-more', error: error as Error });
    }
  }

  private retry(): void {
    const client = this.resolvedClient;
    if (client) void this.fetchFirst(client);
  }

  /** The filters of the form become the element's; a change of them loads the first page again (willUpdate). */
  private applyFilters(form: HTMLFormElement): void {
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    this.action = String(data.get('action') ?? '');
    this.actor = String(data.get('actor') ?? '').trim();
    this.space = String(data.get('space') ?? '').trim();
  }

  private clearFilters(form: HTMLFormElement): void {
    form.reset();
    this.action = this.actor = this.space = '';
  }

  private actionLabel(code: string): string {
    return KNOWN_ACTIONS.has(code) ? this.tr(`auditAction_${code.replaceAll('.', '_')}` as MessageKey) : code;
  }

  protected override render(): TemplateResult {
    const t = this.tr;
    const load = this.load;
    return html`<section part="base" class="base" role=${this.sectionRole ?? nothing} aria-labelledby="title" aria-busy=${load.status === 'loading' ? 'true' : 'false'}>
      <h2 id="title" part="title" class="title">${t('auditTitle')}</h2>
      ${load.status === 'forbidden' ? html`<p part="forbidden" class="forbidden" role="alert">${t('auditForbidden')}</p>` : this.renderFilters()}
      ${load.status === 'loading' ? html`<p part="status" class="status" role="status">${t('auditLoading')}</p>` : nothing}
      ${load.status === 'error'
        ? html`<div part="error" class="error" role="alert">
            <p>${t('auditError', { reason: this.errorText(load.error) })}</p>
            <button type="button" @click=${() => this.retry()}>${t('auditRetry')}</button>
          </div>`
        : nothing}
      ${load.status === 'ready' ? this.renderEntries() : nothing}
    </section>`;
  }

  private renderFilters(): TemplateResult {
    const t = this.tr;
    const known = KNOWN_ACTIONS.has(this.action) || this.action === '';
    return html`<form part="filters" class="filters" aria-label=${t('auditFilters')}
      @submit=${(e: Event) => {
        e.preventDefault();
        this.applyFilters(e.currentTarget as HTMLFormElement);
      }}>
      <div class="field">
        <label for="action">${t('auditFilterAction')}</label>
        <select id="action" name="action" @change=${(e: Event) => this.applyFilters((e.target as HTMLSelectElement).form!)}>
          <option value="" ?selected=${this.action === ''}>${t('auditFilterAnyAction')}</option>
          ${AUDIT_ACTIONS.map((code) => html`<option value=${code} ?selected=${this.action === code}>${this.actionLabel(code)}</option>`)}
          ${known ? nothing : html`<option value=${this.action} selected>${this.action}</option>`}
        </select>
      </div>
      <div class="field">
        <label for="actor">${t('auditFilterActor')}</label>
        <input id="actor" name="actor" type="text" autocomplete="off" spellcheck="false" pattern=${ID_PATTERN} .value=${this.actor}
          aria-describedby="id-help" />
      </div>
      <div class="field">
        <label for="space">${t('auditFilterSpace')}</label>
        <input id="space" name="space" type="text" autocomplete="off" spellcheck="false" pattern=${ID_PATTERN} .value=${this.space}
          aria-describedby="id-help" />
      </div>
      <div class="actions">
        <button type="submit" class="primary">${t('auditApply')}</button>
        <button type="button" ?disabled=${!this.action && !this.actor && !this.space}
          @click=${(e: Event) => this.clearFilters((e.currentTarget as HTMLButtonElement).form!)}>${t('auditClear')}</button>
      </div>
      <p id="id-help" class="help">${t('auditFilterIdHelp')}</p>
    </form>`;
  }

  private renderEntries(): TemplateResult {
    const t = this.tr;
    if (this.entries.length === 0) {
      const filtered = Boolean(this.action || this.actor || this.space);
      return html`<p part="empty" class="empty" role="status">${filtered ? t('auditEmpty') : t('auditEmptyAll')}</p>`;
    }
    const more = this.more;
    return html`<div class="scroll">
        <table part="table" class="table">
          <caption>${t('auditCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('auditColTime')}</th>
              <th scope="col">${t('auditColActor')}</th>
              <th scope="col">${t('auditColAction')}</th>
              <th scope="col">${t('auditColTarget')}</th>
              <th scope="col">${t('auditColSpace')}</th>
              <th scope="col">${t('auditColDetail')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map((entry) => this.renderEntry(entry))}
          </tbody>
        </table>
      </div>
      <p part="status" class="status count" role="status">${more.status === 'loading' ? t('auditLoadingMore') : t('auditShown', { count: this.entries.length, formatted: formatCount(this.entries.length, this.locale) })}</p>
      ${more.status === 'error'
        ? html`<p part="error" class="error" role="alert">${t('auditMoreError', { reason: this.errorText(more.error) })}</p>`
        : nothing}
      ${this.nextCursor !== null
        ? html`<button part="more" type="button" class="more" ?disabled=${more.status === 'loading'} @click=${() => void this.fetchMore()}>
            ${more.status === 'error' ? t('auditRetry') : t('auditLoadMore')}
          </button>`
        : html`<p class="help end">${t('auditEnd')}</p>`}`;
  }

  private renderEntry(entry: AuditEntry): TemplateResult {
    const t = this.tr;
    const detail = Object.entries(entry.detail);
    return html`<tr part="row">
      <td><time datetime=${entry.at}>${formatDateTime(entry.at, this.locale, TIME_FORMAT)}</time></td>
      <td>
        ${entry.actorId === null
          ? t('auditNoActor')
          : html`<bdi>${entry.actorName ?? t('auditUnknownActor')}</bdi> <span class="id">${entry.actorId}</span>`}
      </td>
      <td>${this.actionLabel(entry.action)}${KNOWN_ACTIONS.has(entry.action) ? html` <span class="id">${entry.action}</span>` : nothing}</td>
      <td>
        ${entry.targetType === null
          ? t('auditNoDetail')
          : html`${KNOWN_TARGETS.has(entry.targetType) ? t(`auditTarget_${entry.targetType}` as MessageKey) : entry.targetType}${entry.targetId !== null
              ? html` <span class="id">${entry.targetId}</span>`
              : nothing}`}
      </td>
      <td>${entry.spaceId === null ? t('auditNoDetail') : html`<span class="id">${entry.spaceId}</span>`}</td>
      <td>
        ${detail.length === 0
          ? t('auditNoDetail')
          : html`<dl class="detail">
              ${detail.map(([key, value]) => html`<div><dt>${key}</dt> <dd>${detailValue(value) || t('auditNoDetail')}</dd></div>`)}
            </dl>`}
      </td>
    </tr>`;
  }
}
