import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { clientModeration, formatCount, formatDateTime, isEcotoneError, type EcotoneClient } from '@ecotone/core';
import { HIDE_REASON_MAX_CHARS, REPORT_REASONS, type ModerationQueueItem } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { FocusController } from '../controllers/focus-controller.js';
import { moderationStrings } from '../locales/moderation-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './moderation.styles.js';

const TIME_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'forbidden' } | { status: 'error'; error: unknown };
/** What an item's row is doing: asking for a hide reason, confirming a delete, waiting for the server, or showing a refusal. */
type RowState = { kind: 'hide' | 'delete' | 'busy' } | { kind: 'error'; error: unknown };

const keyOf = (item: Pick<ModerationQueueItem, 'targetType' | 'targetId'>) => `${item.targetType}:${item.targetId}`;

/**
 * @tag eco-moderation
 *
 * @summary A space's moderation queue, for its owners: reported posts,
 * comments and notes (reports grouped, counted by reason, with what
 * reporters added), content hidden by an owner and posts the word filter
 * held, newest first. Each item offers Hide (with a reason shown to its
 * author), Restore or Dismiss reports, Publish (a held post) and Delete.
 * The queue follows live events: a new report or another owner's action
 * shows at once. Anyone else is told that only owners see it.
 *
 * @csspart base - The whole element (a section).
 * @csspart title - Its heading.
 * @csspart item - One item of the queue.
 * @csspart preview - The beginning of the reported content.
 * @csspart state - "Hidden: …" or "Held for review …" on an item.
 * @csspart hide - The Hide button (and `hide-reason`, `confirm-hide` in its form).
 * @csspart restore - Restore (hidden content) or Dismiss reports (visible content).
 * @csspart release - Publish, on a held post.
 * @csspart delete - Delete (and `confirm-delete`).
 * @csspart status - Loading messages and updates (a polite live region).
 * @csspart empty - The message when nothing is to be reviewed.
 * @csspart error - A failed load or action, with its Retry button.
 * @csspart forbidden - The message shown to someone who does not own the space.
 *
 * @cssproperty --eco-moderation-border-color - Item borders.
 * @cssproperty --eco-moderation-muted-color - Secondary text.
 * @cssproperty --eco-moderation-button-background - Primary buttons.
 * @cssproperty --eco-moderation-button-color - Primary buttons' text.
 * @cssproperty --eco-moderation-error-color - Error text.
 * @cssproperty --eco-moderation-error-background - Error background.
 *
 * @event {EcoErrorEvent} eco-error - Loading the queue (`load`) or an action on an item (`moderate`) failed; the element shows a message.
 */
export class EcoModeration extends EcoElement {
  static override styles = styles;
  static strings = [moderationStrings];

  /** Id of the space whose queue to show. */
  @property() space = '';

  @state() private items: readonly ModerationQueueItem[] = [];
  @state() private load: Load = { status: 'loading' };
  @state() private rows: ReadonlyMap<string, RowState> = new Map();
  @state() private announcement = '';
  private loadedFor: { client: EcotoneClient; space: string } | undefined;
  private live: Subscription | undefined;
  private generation = 0;
  private readonly focusing = new FocusController(this);

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.live?.unsubscribe();
    this.live = undefined;
    this.loadedFor = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && this.space && (client !== this.loadedFor?.client || this.space !== this.loadedFor.space)) {
      this.loadedFor = { client, space: this.space };
      this.live?.unsubscribe();
      // Another owner's action, a new report, a post held or deleted: read the queue again.
      this.live = clientModeration(client)
        .changes$(this.space)
        .subscribe(() => void this.fetch(client, true));
      this.load = { status: 'loading' };
      void this.fetch(client, false);
    }
  }

  private async fetch(client: EcotoneClient, quiet: boolean): Promise<void> {
    const generation = ++this.generation;
    try {
      const queue = await clientModeration(client).queue(this.space);
      if (generation !== this.generation) return;
      this.items = queue.items;
      this.load = { status: 'ready' };
      if (quiet) this.announcement = this.tr('modUpdated');
    } catch (error) {
      if (generation !== this.generation) return;
      if (isEcotoneError(error) && error.code === 'forbidden') {
        this.items = [];
        this.load = { status: 'forbidden' };
        return;
      }
      // A live refresh that failed keeps what is shown; a first load says why.
      if (quiet && this.load.status === 'ready') return;
      this.load = { status: 'error', error };
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
  }

  private retry(): void {
    const client = this.resolvedClient;
    if (!client) return;
    this.load = { status: 'loading' };
    void this.fetch(client, false);
  }

  private setRow(item: ModerationQueueItem, row: RowState | undefined): void {
    const rows = new Map(this.rows);
    if (row) rows.set(keyOf(item), row);
    else rows.delete(keyOf(item));
    this.rows = rows;
  }

  private async act(item: ModerationQueueItem, run: (client: EcotoneClient) => Promise<void>): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    this.setRow(item, { kind: 'busy' });
    try {
      await run(client);
      this.setRow(item, undefined);
      await this.fetch(client, true);
    } catch (error) {
      this.setRow(item, { kind: 'error', error });
      this.emit('eco-error', { action: 'moderate', error: error as Error });
    }
  }

  private hide(item: ModerationQueueItem, form: HTMLFormElement): void {
    if (!form.reportValidity()) return;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    void this.act(item, (client) => clientModeration(client).hide(item.targetType, item.targetId, reason));
  }

  private deleteItem(item: ModerationQueueItem): void {
    void this.act(item, (client) =>
      item.targetType === 'post' ? client.deletePost(item.targetId) : item.targetType === 'comment' ? client.deleteComment(item.targetId) : client.deleteNote(item.targetId),
    );
  }

  private ask(item: ModerationQueueItem, kind: 'hide' | 'delete' | undefined): void {
    this.setRow(item, kind ? { kind } : undefined);
    const id = CSS.escape(keyOf(item));
    this.focusing.focusAfterRender(kind === 'hide' ? `[data-key="${id}"] textarea` : kind === 'delete' ? `[data-key="${id}"] [part="confirm-delete"]` : `[data-key="${id}"] [part="${kind === undefined ? 'hide' : kind}"]`);
  }

  protected override render(): TemplateResult {
    const t = this.tr;
    const load = this.load;
    return html`<section part="base" class="base" role=${this.sectionRole ?? nothing} aria-labelledby="title" aria-busy=${load.status === 'loading' ? 'true' : 'false'}>
      <h2 id="title" part="title" class="title">${t('modTitle')}</h2>
      ${!this.space ? html`<p part="empty" class="empty">${t('modChoose')}</p>` : nothing}
      ${this.space && load.status === 'loading' ? html`<p part="status" role="status">${t('modLoading')}</p>` : nothing}
      ${load.status === 'forbidden' ? html`<p part="forbidden" role="alert">${t('modForbidden')}</p>` : nothing}
      ${load.status === 'error'
        ? html`<div part="error" class="error" role="alert">
            <p>${t('modError', { reason: this.errorText(load.error) })}</p>
            <button type="button" @click=${() => this.retry()}>${t('modRetry')}</button>
          </div>`
        : nothing}
      ${load.status === 'ready'
        ? this.items.length === 0
          ? html`<p part="empty" class="empty" role="status">${t('modEmpty')}</p>`
          : html`<ul class="items" aria-label=${t('modCaption')}>
              ${this.items.map((item) => this.renderItem(item))}
            </ul>`
        : nothing}
      <p part="status" class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }

  private renderItem(item: ModerationQueueItem): TemplateResult {
    const t = this.tr;
    const row = this.rows.get(keyOf(item));
    const busy = row?.kind === 'busy';
    const mark = item.moderation;
    const reasons = REPORT_REASONS.filter((r) => item.reasons[r]);
    return html`<li part="item" class="item" data-key=${keyOf(item)}>
      <span class="meta"
        >${t(`modTarget_${item.targetType}` as MessageKey)} · <bdi>${t('modBy', { name: item.author.displayName })}</bdi> ·
        <time datetime=${item.at}>${formatDateTime(item.at, this.locale, TIME_FORMAT)}</time></span
      >
      <p part="preview" class="preview" dir="auto">${item.preview}</p>
      ${mark
        ? html`<p part="state" class="state">${t(mark.state === 'hidden' ? 'modStateHidden' : 'modStateHeld', { reason: mark.reason })}</p>`
        : nothing}
      <p class="meta">
        ${item.reports > 0 ? t('modReports', { count: item.reports, formatted: formatCount(item.reports, this.locale) }) : t('modNoReports')}
      </p>
      ${reasons.length > 0
        ? html`<ul class="reasons">
            ${reasons.map((r) => html`<li>${t(`modReason_${r}_label` as MessageKey)}: ${formatCount(item.reasons[r]!, this.locale)}</li>`)}
          </ul>`
        : nothing}
      ${item.texts.length > 0
        ? html`<p class="meta">${t('modReporterSaid')}</p>
            <ul class="texts">
              ${item.texts.map((text) => html`<li dir="auto">${text}</li>`)}
            </ul>`
        : nothing}
      ${row?.kind === 'hide' ? this.renderHideForm(item) : row?.kind === 'delete' ? this.renderDeleteConfirm(item) : this.renderActions(item, busy)}
      ${row?.kind === 'error'
        ? html`<p part="error" class="error" role="alert">${t('modActionFailed', { reason: this.errorText(row.error) })}</p>`
        : nothing}
    </li>`;
  }

  private renderActions(item: ModerationQueueItem, busy: boolean): TemplateResult {
    const t = this.tr;
    const state = item.moderation?.state;
    const hideable = state !== 'hidden';
    return html`<div class="actions" aria-busy=${busy ? 'true' : 'false'}>
      ${state === 'held'
        ? html`<button part="release" type="button" class="primary" ?disabled=${busy} @click=${() => void this.act(item, (c) => clientModeration(c).release(item.targetId))}>
            ${t('modRelease')}
          </button>`
        : nothing}
      ${hideable ? html`<button part="hide" type="button" ?disabled=${busy} @click=${() => this.ask(item, 'hide')}>${t('modHide')}</button>` : nothing}
      ${state !== 'held'
        ? html`<button part="restore" type="button" ?disabled=${busy} @click=${() => void this.act(item, (c) => clientModeration(c).restore(item.targetType, item.targetId))}>
            ${state === 'hidden' ? t('modRestore') : t('modDismiss')}
          </button>`
        : nothing}
      <button part="delete" type="button" ?disabled=${busy} @click=${() => this.ask(item, 'delete')}>${t('modDelete')}</button>
    </div>`;
  }

  private renderHideForm(item: ModerationQueueItem): TemplateResult {
    const t = this.tr;
    const id = `reason-${keyOf(item).replace(':', '-')}`;
    return html`<form class="hide-form"
      @submit=${(e: Event) => {
        e.preventDefault();
        this.hide(item, e.currentTarget as HTMLFormElement);
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.ask(item, undefined);
      }}>
      <label for=${id}>${t('modHideReason')}</label>
      <textarea part="hide-reason" id=${id} name="reason" required maxlength=${HIDE_REASON_MAX_CHARS}></textarea>
      <div class="actions">
        <button part="confirm-hide" type="submit" class="primary">${t('modHideConfirm')}</button>
        <button type="button" @click=${() => this.ask(item, undefined)}>${t('modCancel')}</button>
      </div>
    </form>`;
  }

  private renderDeleteConfirm(item: ModerationQueueItem): TemplateResult {
    const t = this.tr;
    return html`<div class="actions" role="group" aria-label=${t('modDelete')}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.ask(item, undefined);
      }}>
      <button part="confirm-delete" type="button" class="primary" @click=${() => this.deleteItem(item)}>${t('modDeleteConfirm')}</button>
      <button type="button" @click=${() => this.ask(item, undefined)}>${t('modCancel')}</button>
    </div>`;
  }
}
