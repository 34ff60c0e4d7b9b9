/**
 * `<eco-lightbox>`: a post's images one at a time, large, in a modal
 * dialog (loaded when a reader first opens an image). The browser's modal
 * `<dialog>` keeps focus inside and the rest of the page inert; Escape
 * and Close close it, the arrow keys and the buttons go from image to
 * image, and each image's description is shown under it.
 */
import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Attachment } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { lightboxStrings } from '../locales/lightbox-strings.js';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';
import { urlKey } from './attachment-files.js';

/** The size shown large: the largest made, else the image itself. */
const largest = (image: Attachment): string | undefined => image.sizes?.[image.sizes.length - 1]?.name;

/**
 * @tag eco-lightbox
 *
 * @summary A post's images, large, in a modal dialog (opened by `<eco-post>`).
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart image - The image shown.
 * @csspart caption - Its description (or its file name when it has none) and its place ("2 / 3").
 * @csspart previous - The Previous button.
 * @csspart next - The Next button.
 * @csspart close - The Close button.
 *
 * @event close - The dialog closed (Escape, Close, or a click on the backdrop).
 */
export class EcoLightbox extends EcoElement {
  static override styles = [
    baseStyles,
    buttonStyles,
    css`
      dialog {
        max-width: min(96vw, 80rem);
        max-height: 96vh;
        padding: ${token('--eco-space-m')};
        border: none;
        border-radius: ${token('--eco-radius')};
        background: ${token('--eco-color-surface')};
        color: inherit;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.75);
      }
      img {
        display: block;
        max-width: 100%;
        max-height: calc(96vh - 7rem);
        width: auto;
        height: auto;
        margin: 0 auto;
      }
      figcaption {
        margin-block: ${token('--eco-space-s')};
        overflow-wrap: anywhere;
      }
      .controls {
        display: flex;
        gap: ${token('--eco-space-s')};
        justify-content: flex-end;
      }
    `,
  ];
  static strings = [lightboxStrings];

  /** The post's images, in order. */
  @property({ attribute: false }) images: readonly Attachment[] = [];
  /** Their addresses, by `urlKey`. */
  @property({ attribute: false }) urls: ReadonlyMap<string, string> = new Map();
  /** The image shown. */
  @state() index = 0;
  @query('dialog') private dialog!: HTMLDialogElement;

  /** Opens the dialog on image `index`. */
  async show(index: number): Promise<void> {
    this.index = index;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private step(by: number): void {
    const count = this.images.length;
    this.index = (this.index + by + count) % count;
  }

  private readonly handleKey = (event: KeyboardEvent): void => {
    if (this.images.length < 2) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      this.step((event.key === 'ArrowRight') !== (getComputedStyle(this).direction === 'rtl') ? 1 : -1);
    }
  };

  private readonly handleClick = (event: MouseEvent): void => {
    // A click on the backdrop (the dialog itself, outside its content) closes it.
    if (event.target === this.dialog) this.dialog.close();
  };

  override render() {
    const image = this.images[this.index];
    const t = this.localize.t.bind(this.localize);
    const many = this.images.length > 1;
    const place = t('lightboxPlace', { index: this.index + 1, count: this.images.length });
    return html`<dialog
      part="dialog"
      aria-label=${many ? place : (image?.alt ?? image?.name ?? '')}
      @keydown=${this.handleKey}
      @click=${this.handleClick}
      @close=${() => this.dispatchEvent(new Event('close'))}
    >
      ${image
        ? html`<figure>
            <img part="image" alt=${image.alt ?? ''} src=${this.urls.get(urlKey(image.id, largest(image))) ?? this.urls.get(image.id) ?? nothing} width=${image.width ?? nothing} height=${image.height ?? nothing} />
            <figcaption part="caption" dir="auto">${image.alt ?? image.name}${many ? html` <span class="status">(${place})</span>` : nothing}</figcaption>
          </figure>`
        : nothing}
      <div class="controls">
        ${many
          ? html`<button part="previous" type="button" @click=${() => this.step(-1)}>${t('lightboxPrevious')}</button>
              <button part="next" type="button" @click=${() => this.step(1)}>${t('lightboxNext')}</button>`
          : nothing}
        <button part="close" type="button" @click=${() => this.dialog.close()} autofocus>${t('lightboxClose')}</button>
      </div>
    </dialog>`;
  }
}
