import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { clientModeration } from '@ecotone/core';
import { REPORT_REASONS, REPORT_TEXT_MAX_CHARS, type ModerationTargetType, type ReportReason } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { moderationStrings } from '../locales/moderation-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './report-dialog.styles.js';

type Sending = { status: 'idle' | 'sending' | 'sent' } | { status: 'error'; error: unknown };

/**
 * @tag eco-report-dialog
 *
 * @summary A modal dialog to report a post, comment or note to the owners
 * of its space: a reason from a fixed list and an optional text. Opens when
 * connected (focus on the first reason); Escape, Cancel or Close closes it
 * and it then fires `close`. `<eco-post>` loads it only when "Report" is used.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart form - The report form.
 * @csspart send - The Send button.
 * @csspart sent - The thanks once the report is sent.
 * @csspart error - A refused report, with the reason.
 *
 * @cssproperty --eco-report-dialog-border-color - The dialog's and the reasons' borders.
 * @cssproperty --eco-report-dialog-button-background - The Send button.
 * @cssproperty --eco-report-dialog-button-color - The Send button's text.
 * @cssproperty --eco-report-dialog-error-color - Error text.
 * @cssproperty --eco-report-dialog-error-background - Error background.
 *
 * @event {EcoErrorEvent} eco-error - The report was refused (`action: 'report'`); the dialog says why and keeps the form.
 * @event close - The dialog closed (Escape, Cancel or Close), whether a report was sent or not.
 */
export class EcoReportDialog extends EcoElement {
  static override styles = styles;
  static strings = [moderationStrings];

  /** What is reported: `post`, `comment` or `note`. */
  @property({ attribute: 'target-type' }) targetType: ModerationTargetType = 'post';
  /** Its id. */
  @property({ attribute: 'target-id' }) targetId = '';

  @state() private sending: Sending = { status: 'idle' };
  @query('dialog') private dialog!: HTMLDialogElement;

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);

  protected override firstUpdated(): void {
    void this.show();
  }

  /** Opens the dialog (modal), focus on the first reason. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('input[name="reason"]')?.focus();
  }

  /** Closes the dialog (as Escape, Cancel and Close do). */
  close(): void {
    this.dialog?.close();
  }

  private async send(form: HTMLFormElement): Promise<void> {
    const client = this.resolvedClient;
    if (!client || this.sending.status === 'sending' || !form.reportValidity()) return;
    const data = new FormData(form);
    const reason = String(data.get('reason') ?? '') as ReportReason;
    const text = String(data.get('text') ?? '').trim();
    this.sending = { status: 'sending' };
    try {
      await clientModeration(client).report({ targetType: this.targetType, targetId: this.targetId, reason, ...(text ? { text } : {}) });
      this.sending = { status: 'sent' };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[part="close"]')?.focus();
    } catch (error) {
      this.sending = { status: 'error', error };
      this.emit('eco-error', { action: 'report', error: error as Error });
    }
  }

  protected override render(): TemplateResult {
    const t = this.tr;
    const sending = this.sending;
    return html`<dialog part="dialog" aria-labelledby="title" @close=${() => this.dispatchEvent(new Event('close'))}>
      <h2 id="title" class="title">${t('modReportTitle')}</h2>
      ${sending.status === 'sent'
        ? html`<p part="sent" role="status">${t('modReportSent')}</p>
            <button part="close" type="button" @click=${() => this.close()}>${t('modReportClose')}</button>`
        : html`<form part="form" class="report-form" @submit=${(e: Event) => {
              e.preventDefault();
              void this.send(e.currentTarget as HTMLFormElement);
            }}>
            <fieldset>
              <legend>${t('modReportReason')}</legend>
              ${REPORT_REASONS.map(
                (reason, i) => html`<label><input type="radio" name="reason" value=${reason} ?required=${i === 0} /> ${t(`modReason_${reason}_label` as MessageKey)}</label>`,
              )}
            </fieldset>
            <label for="text">${t('modReportText')}</label>
            <textarea id="text" name="text" maxlength=${REPORT_TEXT_MAX_CHARS}></textarea>
            ${sending.status === 'error'
              ? html`<p part="error" class="error" role="alert">${t('modReportFailed', { reason: this.errorText(sending.error) })}</p>`
              : nothing}
            <div class="actions">
              <button part="send" type="submit" class="primary" aria-busy=${sending.status === 'sending' ? 'true' : 'false'}>
                ${t('modReportSend')}
              </button>
              <button type="button" @click=${() => this.close()}>${t('modReportCancel')}</button>
              <span class="visually-hidden" role="status">${sending.status === 'sending' ? t('modReportSending') : ''}</span>
            </div>
          </form>`}
    </dialog>`;
  }
}
