import { css, html, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { EcoElement } from '../base/eco-element.js';
import { personStrings } from '../locales/person-strings.js';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';
import { EcoPerson } from './person.component.js';

/**
 * @tag eco-person-dialog
 *
 * @summary A person card (`<eco-person>`) in a modal dialog: what names and
 * avatars of the other elements open (through PersonDialogController),
 * loaded with the card on first use.
 *
 * Once rendered it opens as a modal `<dialog>` (the rest of the page inert)
 * with the focus on its Close button (`show()` opens it again after a
 * close); Escape or Close closes it, and it then dispatches `close` (not
 * composed) for its opener to give the focus back.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart close - The Close button.
 * @csspart card - The `<eco-person>` inside.
 *
 * @cssproperty --eco-person-dialog-background - Dialog background.
 * @cssproperty --eco-person-dialog-border-color - Dialog border and Close button border.
 * @cssproperty --eco-person-dialog-backdrop - The backdrop behind the dialog.
 */
export class EcoPersonDialog extends EcoElement {
  static override styles = [
    baseStyles,
    buttonStyles,
    css`
      :host {
        --eco-person-dialog-background: ${token('--eco-color-surface')};
        --eco-person-dialog-border-color: ${token('--eco-color-border')};
        --eco-person-dialog-backdrop: rgb(0 0 0 / 0.4);
        --_button-border: var(--eco-person-dialog-border-color);
      }
      dialog {
        width: min(28rem, calc(100vw - 2rem));
        padding: ${token('--eco-space-s')};
        border: 1px solid var(--eco-person-dialog-border-color);
        border-radius: ${token('--eco-radius')};
        background: var(--eco-person-dialog-background);
        color: ${token('--eco-color-text')};
      }
      dialog::backdrop {
        background: var(--eco-person-dialog-backdrop);
      }
      .close {
        display: block;
        margin-inline-start: auto;
        margin-block-end: ${token('--eco-space-s')};
      }
    `,
  ];
  static strings = [personStrings];
  static dependencies = { 'eco-person': EcoPerson };

  /** Id of the person to show. */
  @property({ attribute: 'actor-id' }) actorId?: string;
  /** The person's name when the opener knows it, for the dialog's accessible name. */
  @property({ attribute: 'person-name' }) personName?: string;

  @query('dialog') private dialog!: HTMLDialogElement;

  protected override firstUpdated(): void {
    void this.show();
  }

  /** Opens the dialog (modal), focus on Close. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('.close')?.focus();
  }

  /** Closes the dialog (as Escape or Close do). */
  close(): void {
    this.dialog?.close();
  }

  private readonly handleClose = (): void => {
    this.dispatchEvent(new Event('close'));
  };

  override render(): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    return html`<dialog part="dialog" aria-label=${this.personName ? t('personDialogLabel', { name: this.personName }) : t('personLabel')} @close=${this.handleClose}>
      <button part="close" class="close" type="button" @click=${() => this.close()}>${t('personClose')}</button>
      <eco-person part="card" .client=${this.resolvedClient} actor-id=${this.actorId ?? ''}></eco-person>
    </dialog>`;
  }
}
