/**
 * `<eco-attachments>`: the files attached to a post, a comment or a note.
 * Images in a gallery whose room is kept before they load (the dimensions
 * the server measured), opened large in `<eco-lightbox>`; videos behind a
 * play button that downloads nothing but the poster before the click, then
 * `<eco-video>` with its captions; documents as download links with their
 * size. The addresses (with the person's file token), the lightbox and the
 * player load on first use.
 */
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatFileSize } from '@ecotone/core';
import type { Attachment } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { attachmentsStrings } from '../locales/attachments-strings.js';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

/** The addresses of files (with the first element that has any), the lightbox (when a reader first opens an image), the player. */
const importAttachmentFiles = () => import('../post/attachment-files.js');
const importLightbox = () => import('../post/lightbox.js');
const importVideo = () => import('../post/video.js');
/** Addresses carry a token valid an hour: asked again after 45 minutes. */
const FILE_URLS_MAX_AGE_MS = 45 * 60_000;
/** What the browser picks an image size by: a lone image is as wide as the element, tiles half of it. */
const SIZES_SINGLE = '(max-width: 40rem) 100vw, 40rem';
const SIZES_TILE = '(max-width: 40rem) 50vw, 20rem';
/** A placeholder colour as the server sends it: nothing else goes into a style. */
const COLOUR = /^#[0-9a-f]{6}$/;

/**
 * @tag eco-attachments
 *
 * @summary The files of a post, a comment or a note: a gallery, videos and document links.
 *
 * @csspart base - The list of files.
 * @csspart gallery - The images.
 * @csspart image - One image's button (opens the lightbox).
 * @csspart video - A video's play button, then its player.
 * @csspart play - A video's play button.
 * @csspart file - A document's download link.
 * @csspart error - The files' addresses could not be loaded, with Retry.
 * @csspart retry - Its Retry button.
 *
 * @cssprop --eco-attachments-radius - Corner radius of images and videos.
 * @cssprop --eco-attachments-link-color - Colour of document links.
 */
export class EcoAttachments extends EcoElement {
  static override styles = [
    baseStyles,
    buttonStyles,
    css`
      :host {
        display: block;
        --eco-attachments-radius: var(--eco-post-radius, ${token('--eco-radius')});
        --eco-attachments-link-color: var(--eco-post-link-color, ${token('--eco-color-accent')});
      }
      .attachments {
        display: grid;
        gap: ${token('--eco-space-s')};
        margin-block: ${token('--eco-space-s')};
      }
      .gallery {
        display: grid;
        grid-template-columns: repeat(2, 1fr);
        gap: ${token('--eco-space-xs')};
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .gallery.single {
        grid-template-columns: 1fr;
      }
      /* Each image's room is kept before it loads: tiles are square, a lone image keeps its proportions (its width and height). */
      .tile {
        display: block;
        width: 100%;
        padding: 0;
        border: none;
        border-radius: var(--eco-attachments-radius);
        overflow: hidden;
        background: ${token('--eco-color-surface-raised')};
        cursor: zoom-in;
      }
      .tile img {
        display: block;
        width: 100%;
        height: auto;
        max-height: 32rem;
        object-fit: contain;
      }
      .gallery:not(.single) .tile img {
        aspect-ratio: 1;
        object-fit: cover;
      }
      .play {
        position: relative;
        display: block;
        width: 100%;
        aspect-ratio: 16 / 9;
        padding: 0;
        border: none;
        border-radius: var(--eco-attachments-radius);
        overflow: hidden;
        background: #000;
      }
      .play img {
        width: 100%;
        height: 100%;
        object-fit: contain;
      }
      .play-icon {
        position: absolute;
        inset: 50% auto auto 50%;
        translate: -50% -50%;
        padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
        border-radius: ${token('--eco-radius-pill')};
        background: rgb(0 0 0 / 0.6);
        color: #fff;
        font-size: 1.5rem;
      }
      .file {
        color: var(--eco-attachments-link-color);
        overflow-wrap: anywhere;
      }
      .meta {
        color: ${token('--eco-color-text-muted')};
      }
      .error {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: ${token('--eco-space-s')};
        margin: 0;
        padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
        border-radius: var(--eco-attachments-radius);
        background: ${token('--eco-color-danger-soft')};
        color: ${token('--eco-color-danger')};
      }
    `,
  ];
  static strings = [attachmentsStrings];

  /** The files to show, in order, as the server lists them. */
  @property({ attribute: false }) attachments: readonly Attachment[] = [];

  /** Each file's address (and each size's, `id/size`), once known. */
  @state() private fileUrls: ReadonlyMap<string, string> | undefined;
  /** The videos whose player replaced the play button. */
  @state() private playing: ReadonlySet<string> = new Set();
  /** The image open in the lightbox, if any. */
  @state() private openImage: number | undefined;

  /** The ids of the files shown, in order. */
  private shownFiles = '';
  private fileUrlsOf = '';
  private fileUrlsAt = 0;
  private readonly reportLoadError = (error: Error): void => void this.emit('eco-error', { action: 'load', error });
  private readonly fileUrlsLoad = new AsyncStatusController<Map<string, string>>(this);
  private readonly attachmentFiles = new LazyModuleController(this, importAttachmentFiles, this.reportLoadError);
  private readonly lightbox = new LazyModuleController(this, importLightbox, this.reportLoadError);
  private readonly videoModule = new LazyModuleController(this, importVideo, this.reportLoadError);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The same files in a new array (a post.updated for a reaction, an edit
    // of the text) keep the open image and the playing videos; other files
    // take them away.
    const shown = this.attachments.map((file) => file.id).join(' ');
    if (changed.has('attachments') && shown !== this.shownFiles) {
      this.shownFiles = shown;
      this.playing = new Set();
      this.openImage = undefined;
    }
    if (this.attachments.length > 0) void this.loadFileUrls();
  }

  /** Asks for the addresses of the files, once per client and files, and again before they expire. */
  private async loadFileUrls(): Promise<void> {
    const client = this.resolvedClient;
    const attachments = this.attachments;
    if (attachments.length === 0 || !client) return;
    const of = attachments.map((file) => file.id).join(' ');
    if (of === this.fileUrlsOf && Date.now() - this.fileUrlsAt < FILE_URLS_MAX_AGE_MS) return;
    this.fileUrlsOf = of;
    this.fileUrlsAt = Date.now();
    const result = await this.fileUrlsLoad.run(async () => (await this.attachmentFiles.load()).attachmentUrls(client, attachments));
    if (result?.ok && this.fileUrlsOf === of) this.fileUrls = result.value;
    // Shown with a Retry, which asks again.
    else if (result && !result.ok) this.fileUrlsOf = '';
  }

  override render() {
    const files = this.attachments;
    if (files.length === 0) return nothing;
    const t = this.localize.t.bind(this.localize);
    const urls = this.fileUrls;
    const url = (id: string, size?: string) => urls?.get(size ? `${id}/${size}` : id);
    const images = files.filter((file) => file.kind === 'image');
    const sizes = images.length === 1 ? SIZES_SINGLE : SIZES_TILE;
    return html`<div part="base" class="attachments" aria-busy=${urls ? 'false' : 'true'}>
      ${images.length > 0
        ? html`<ul part="gallery" class=${images.length === 1 ? 'gallery single' : 'gallery'}>
            ${images.map(
              (image, i) => html`<li>
                <button
                  part="image"
                  class="tile"
                  type="button"
                  aria-label=${t('attachmentOpen', { name: image.alt ?? image.name })}
                  .style=${image.placeholder && COLOUR.test(image.placeholder) ? `background-color: ${image.placeholder}` : ''}
                  @click=${() => void this.showImage(i)}
                >
                  <img
                    alt=${image.alt ?? ''}
                    width=${image.width ?? nothing}
                    height=${image.height ?? nothing}
                    src=${url(image.id, image.sizes?.[0]?.name) ?? nothing}
                    srcset=${urls ? [...(image.sizes ?? []).map((size) => `${url(image.id, size.name)} ${size.width}w`), `${url(image.id)} ${image.width}w`].join(', ') : nothing}
                    sizes=${sizes}
                    decoding="async"
                    loading="lazy"
                  />
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${files
        .filter((file) => file.kind !== 'image')
        .map((file) =>
          file.kind === 'video'
            ? this.playing.has(file.id) && this.videoModule.ready && urls
              ? html`<eco-video part="video" .client=${this.resolvedClient} .attachment=${file} .urls=${urls}></eco-video>`
              : html`<button
                  part="video play"
                  class="play"
                  type="button"
                  aria-label=${t('attachmentVideo', { name: file.alt ?? file.name })}
                  @click=${() => void this.playVideo(file.id)}
                >
                  ${file.poster
                    ? html`<img
                        alt=""
                        width=${file.poster.width}
                        height=${file.poster.height}
                        src=${url(file.poster.id, file.poster.sizes?.[1]?.name ?? file.poster.sizes?.[0]?.name) ?? nothing}
                        decoding="async"
                        loading="lazy"
                      />`
                    : nothing}
                  <span class="play-icon" aria-hidden="true">▶</span>
                </button>`
            : html`<a part="file" class="file" href=${url(file.id) ?? nothing} download=${file.name}
                ><bdi>${file.name}</bdi> <span class="meta">${formatFileSize(file.size, this.locale)}</span></a
              >`,
        )}
      ${this.fileUrlsLoad.status === 'error'
        ? html`<p part="error" class="error" role="alert">
            <span>${t('attachmentsFailed', { reason: this.errorText(this.fileUrlsLoad.error) })}</span>
            <button part="retry" type="button" @click=${() => void this.loadFileUrls()}>${t('attachmentsRetry')}</button>
          </p>`
        : nothing}
      ${this.openImage !== undefined && this.lightbox.ready && urls
        ? html`<eco-lightbox .client=${this.resolvedClient} .images=${images} .urls=${urls} @close=${this.handleLightboxClosed}></eco-lightbox>`
        : nothing}
    </div>`;
  }

  /** Shows the video player in place of the poster and plays (the player loads on the first one). */
  private async playVideo(id: string): Promise<void> {
    await this.videoModule.load();
    this.playing = new Set([...this.playing, id]);
    await this.updateComplete;
    const player = [...this.renderRoot.querySelectorAll('eco-video')].find((video) => video.attachment?.id === id);
    await player?.play();
    player?.focus();
  }

  /** Opens image `index` large (the lightbox loads on the first one). */
  private async showImage(index: number): Promise<void> {
    await this.lightbox.load();
    this.openImage = index;
    await this.updateComplete;
    await this.renderRoot.querySelector('eco-lightbox')?.show(index);
  }

  private readonly handleLightboxClosed = (): void => {
    const index = this.openImage;
    this.openImage = undefined;
    // Back on the image it was opened from.
    if (index !== undefined) this.renderRoot.querySelectorAll<HTMLElement>('[part="image"]')[index]?.focus();
  };
}
