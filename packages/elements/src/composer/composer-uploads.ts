/**
 * The composer's files being attached (see composer.component.ts), loaded on
 * the first file chosen, dropped or pasted: each upload with its progress,
 * Cancel, Remove, Retry, the alt text of images and videos, a video's poster
 * and captions (composer-video.ts), and what the post's request carries once
 * they are done. A composer that never gets a file never downloads this
 * module, its styles or its strings.
 */
import { adoptStyles, css, html, nothing, type CSSResultOrNative, type LitElement, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { EcotoneClient } from '@ecotone/core';
import {
  ACCEPTED_FILE_TYPES,
  ATTACHMENT_ALT_MAX_CHARS,
  ATTACHMENTS_PER_OBJECT_MAX,
  type AttachmentDraft,
} from '@ecotone/protocol';
import { registerElementsStrings } from '../controllers/localize-controller.js';
import type { MessageKey } from '../locales/locales.js';
import { uploadsStrings } from '../locales/uploads-strings.js';
import { token } from '../styles/tokens.js';
import { Transfer } from './composer-transfer.js';
import type { VideoExtras, VideoExtrasHost } from './composer-video.js';

/** A video's poster and captions, loaded when the first video is added (most files are not videos). */
const importVideo = () => import('./composer-video.js');

/** What the list needs from its composer. */
export interface UploadsHost {
  /** The composer (re-rendered as uploads move, its render root gets the list's styles). */
  readonly element: LitElement;
  client(): EcotoneClient | undefined;
  space(): string;
  locale(): string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  errorText(error: unknown): string;
  /** Focus goes back to "Attach files" (after a Remove or Cancel took the focused button away). */
  focusAttach(): void;
  /** What the files go with when it is not a post: a comment or a note (why its button waits, the limit's message). */
  readonly wording?: 'comment' | 'note';
  /** How many files the object keeps besides the list's (a note's own files not being removed): the list takes the rest up to the limit. */
  kept?(): number;
}

type Kind = 'image' | 'document' | 'video' | 'file';

/** One file of the post, from the moment it is chosen. */
interface Item {
  readonly key: number;
  readonly kind: Kind;
  readonly transfer: Transfer;
  /** An object URL of the person's own image, for its thumbnail; revoked when the item goes. */
  readonly preview: string | undefined;
  alt: string;
  /** A video's poster and captions, once their module is loaded. */
  video?: VideoExtras;
  /** Why that module could not be loaded (shown with Retry). */
  videoError?: unknown;
  /** Why the file was refused before uploading (a caption file alone), instead of the client's error. */
  refused?: MessageKey;
}

/** A caption file, which goes with a video ("Add captions"), never alone: by its declared type or its name. */
function isCaptionFile(file: File): boolean {
  return file.type === 'text/vtt' || /\.vtt$/i.test(file.name);
}

const styles = css`
  .uploads {
    display: grid;
    gap: ${token('--eco-space-s')};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .upload {
    display: grid;
    grid-template-columns: 3rem 1fr auto;
    gap: ${token('--eco-space-xs')} ${token('--eco-space-s')};
    align-items: center;
    padding: ${token('--eco-space-xs')};
    border: 1px solid ${token('--eco-color-border')};
    border-radius: ${token('--eco-radius')};
  }
  .upload-thumb {
    inline-size: 3rem;
    block-size: 3rem;
    object-fit: cover;
    border-radius: ${token('--eco-radius')};
    background: ${token('--eco-color-accent-soft')};
  }
  .upload-name {
    overflow-wrap: anywhere;
    font-weight: 600;
  }
  .upload-detail,
  .upload-hint {
    margin: 0;
    color: ${token('--eco-color-text-muted')};
    font-size: ${token('--eco-font-size-small')};
  }
  .upload progress {
    inline-size: 100%;
  }
  .upload-more,
  .upload-error {
    grid-column: 1 / -1;
    display: grid;
    gap: ${token('--eco-space-xs')};
  }
  .upload-error {
    margin: 0;
    color: var(--eco-composer-error-color, ${token('--eco-color-danger')});
  }
  .upload-limit {
    margin: 0;
    color: var(--eco-composer-error-color, ${token('--eco-color-danger')});
  }
  .upload-actions {
    display: flex;
    gap: ${token('--eco-space-xs')};
  }
  .upload-more textarea {
    min-height: 3rem;
  }
  .video-extra {
    grid-column: 1 / -1;
    display: grid;
    gap: ${token('--eco-space-xs')};
    margin: 0;
    padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
    border: 1px solid ${token('--eco-color-border')};
    border-radius: ${token('--eco-radius')};
  }
  .video-extra legend {
    font-weight: 600;
  }
  .video-extra > button {
    justify-self: start;
  }
  .video-extra select {
    padding: ${token('--eco-space-xs')};
    border: 1px solid ${token('--eco-color-border')};
    border-radius: ${token('--eco-radius')};
    font: inherit;
    color: inherit;
    background: inherit;
  }
  .video-row,
  .caption,
  .captions-add {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('--eco-space-xs')} ${token('--eco-space-s')};
    align-items: center;
  }
  .video-row > div {
    flex: 1 1 10rem;
  }
  .video-row > .upload-actions {
    flex: 0 1 auto;
    flex-wrap: wrap;
  }
  .poster-frame {
    inline-size: 8rem;
    aspect-ratio: 16 / 9;
    object-fit: contain;
    border-radius: ${token('--eco-radius')};
    background: #000;
  }
  .video-moment {
    display: grid;
    gap: ${token('--eco-space-xs')};
  }
  .captions {
    display: grid;
    gap: ${token('--eco-space-xs')};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .caption > div:first-child {
    flex: 1 1 10rem;
  }
  .caption .upload-error {
    flex-basis: 100%;
  }
`;

/** Render roots that have the list's styles. */
const styled = new WeakSet<ShadowRoot>();

let nextKey = 1;

/** The kind a file will have, from the type its browser declared (the server decides from the bytes). */
function kindOf(file: File): Kind {
  const type = ACCEPTED_FILE_TYPES.find(([, mediaType]) => mediaType === file.type);
  return type && type[0] !== 'caption' ? type[0] : 'file';
}

/** A size in bytes in the locale's words (`1.2 MB`, `1,2 Mo` is left to Intl: its unit names). */
function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit ? 1 : 0 }).format(value);
}

/**
 * The files of one composer's post. Each starts uploading as soon as it is
 * added; the list shows where each is, and the post carries the finished ones
 * in order (`attachments()`), each with its alt text.
 */
export class ComposerUploads {
  private items: Item[] = [];
  /** How many files were left out by the last addition (over ATTACHMENTS_PER_OBJECT_MAX). */
  private leftOut = 0;
  /** The last upload finished or failed, for the live region. */
  private announcement = '';

  constructor(private readonly host: UploadsHost) {
    const client = host.client();
    if (client) {
      registerElementsStrings(client, uploadsStrings);
      void client.loadLocale(host.locale()).catch(() => undefined);
    }
  }

  /** How many files the list holds, whatever their state. */
  get count(): number {
    return this.items.length;
  }

  /** Whether any file, poster or caption file is still uploading (Publish waits for it). */
  get uploading(): boolean {
    return this.items.some((i) => i.transfer.status === 'uploading' || i.video?.uploading);
  }

  /** Whether a file or a caption file could not be uploaded (the person retries or removes it before publishing). */
  get failed(): boolean {
    return this.items.some((i) => i.transfer.status === 'failed' || i.video?.failed);
  }

  /** Why Publish (or the box's button) waits, or undefined when it need not. */
  get waitReason(): MessageKey | undefined {
    const wording = this.host.wording ?? 'publish';
    return this.uploading ? `${wording}WaitsUploads` : this.failed ? `${wording}WaitsFailed` : undefined;
  }

  /** The post's attachments, in the order they were added: the uploaded files with their alt text, a video's poster and captions. */
  attachments(): AttachmentDraft[] {
    return this.items
      .filter((i) => i.transfer.status === 'done' && i.transfer.uploaded)
      .map((i) => {
        const alt = i.alt.trim();
        return {
          file: i.transfer.uploaded!.id,
          ...(alt && (i.kind === 'image' || i.kind === 'video') ? { alt } : {}),
          ...(i.kind === 'video' ? i.video?.draft() : {}),
        };
      });
  }

  /** The name a file of `attachments()` was chosen with (to say which one a refusal is about). */
  nameOf(fileId: string): string | undefined {
    return this.items.find((i) => i.transfer.uploaded?.id === fileId)?.transfer.file.name;
  }

  /** Adds files (chosen, dropped or pasted) up to the limit, and starts uploading each. */
  add(files: readonly File[]): void {
    const room = Math.max(0, ATTACHMENTS_PER_OBJECT_MAX - (this.host.kept?.() ?? 0) - this.items.length);
    const taken = files.slice(0, room);
    this.leftOut = files.length - taken.length;
    for (const file of taken) {
      const kind = kindOf(file);
      const key = nextKey++;
      const item: Item = {
        key,
        kind,
        transfer: new Transfer(file),
        preview: kind === 'image' ? URL.createObjectURL(file) : undefined,
        alt: '',
      };
      this.items = [...this.items, item];
      if (kind === 'video') this.loadVideo(item);
      if (isCaptionFile(file)) {
        // Captions go with a video: refused here rather than by the server at Publish, with where to add them.
        item.refused = 'captionAlone';
        item.transfer.refuse(undefined);
        this.announcement = this.host.t('uploadFailedAnnounce', { name: file.name });
      } else this.start(item);
    }
    this.changed();
  }

  /** Gives a video its poster and captions (their module loads with the first video). */
  private loadVideo(item: Item): void {
    item.videoError = undefined;
    importVideo().then(
      ({ VideoExtras }) => {
        if (!this.items.includes(item)) return;
        item.video = new VideoExtras(this.videoHost, item.transfer.file, `upload-${item.key}`);
        this.changed();
      },
      (error: unknown) => {
        item.videoError = error;
        this.changed();
      },
    );
  }

  /** What a video's poster and captions need of the list. */
  private readonly videoHost: VideoExtrasHost = {
    client: () => this.host.client(),
    space: () => this.host.space(),
    changed: () => this.changed(),
    t: (key, values) => this.host.t(key, values),
    locale: () => this.host.locale(),
    errorText: (error) => this.host.errorText(error),
    announce: (text) => {
      this.announcement = text;
      this.changed();
    },
    focus: (selector) => this.focusAfterRender(selector),
    transfer: (file) => new Transfer(file),
  };

  /** Focuses an element of the composer once it has rendered (focus follows the control that replaced the one used). */
  private focusAfterRender(selector: string): void {
    const element = this.host.element;
    void element.updateComplete.then(() => element.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Forgets every file (the post was published): their thumbnails are freed, nothing in flight stays. */
  clear(): void {
    for (const item of this.items) this.drop(item);
    this.items = [];
    this.leftOut = 0;
    this.changed();
  }

  private start(item: Item): void {
    const name = item.transfer.file.name;
    item.transfer.start({ client: () => this.host.client(), space: () => this.host.space(), changed: () => this.changed() }, (ok) => {
      if (!this.items.includes(item)) return;
      // Sniffed as captions by the server (whatever its name said): refused as one chosen alone.
      if (ok && item.transfer.uploaded?.kind === 'caption') {
        item.refused = 'captionAlone';
        item.transfer.refuse(undefined);
        ok = false;
      }
      this.announcement = this.host.t(ok ? 'uploadDone' : 'uploadFailedAnnounce', { name });
    });
  }

  /** Cancels an upload or removes a file: it leaves the post, its thumbnail freed. */
  private remove(item: Item): void {
    this.drop(item);
    this.items = this.items.filter((i) => i !== item);
    this.leftOut = 0;
    this.changed();
    this.host.focusAttach();
  }

  private drop(item: Item): void {
    item.transfer.cancel();
    item.video?.dispose();
    if (item.preview) URL.revokeObjectURL(item.preview);
  }

  private retry(item: Item): void {
    this.start(item);
    this.changed();
  }

  private changed(): void {
    this.host.element.requestUpdate();
  }

  /** Adds the list's styles to the composer's shadow root, once. */
  private addStyles(): void {
    const root = this.host.element.renderRoot;
    if (!(root instanceof ShadowRoot) || styled.has(root)) return;
    styled.add(root);
    const own = (this.host.element.constructor as typeof LitElement).elementStyles as CSSResultOrNative[];
    adoptStyles(root, [...own, styles]);
  }

  /** The list, the limit's message and the live region. */
  render(disabled: boolean): TemplateResult {
    this.addStyles();
    const { t, locale } = this.host;
    const lang = locale();
    return html`${this.items.length
        ? html`<ul part="attachments" class="uploads" aria-label=${t('attachmentsLabel')}>
            ${this.items.map((item) => this.renderItem(item, disabled, lang))}
          </ul>`
        : nothing}
      ${this.leftOut
        ? html`<p part="field-error" class="field-error upload-limit" role="alert">
            ${t(this.host.wording ? `${this.host.wording}TooManyFiles` : 'tooManyFiles', {
              count: this.leftOut,
              formatted: new Intl.NumberFormat(lang).format(this.leftOut),
              max: ATTACHMENTS_PER_OBJECT_MAX,
            })}
          </p>`
        : nothing}
      <p class="uploads-live visually-hidden" role="status">${this.announcement}</p>`;
  }

  private renderItem(item: Item, disabled: boolean, lang: string): TemplateResult {
    const { t } = this.host;
    const { transfer } = item;
    const status = transfer.status;
    const name = transfer.file.name;
    const id = `upload-${item.key}`;
    // An image shows itself; a video its poster, once it has one.
    const thumbnail = item.preview ?? item.video?.thumbnail;
    const button = (label: MessageKey, aria: MessageKey, action: () => void) =>
      html`<button class="secondary" type="button" aria-label=${t(aria, { name })} ?disabled=${disabled && status !== 'uploading'} @click=${action}>
        ${t(label)}
      </button>`;
    const describable = item.kind === 'image' || item.kind === 'video';
    return html`<li part="attachment" class="upload" aria-labelledby="${id}-name">
      ${thumbnail ? html`<img class="upload-thumb" src=${thumbnail} alt="" />` : html`<span class="upload-thumb"></span>`}
      <div>
        <div class="upload-name" id="${id}-name"><bdi>${name}</bdi></div>
        <p class="upload-detail">${t(`attachmentKind_${item.kind}` as MessageKey)} · ${formatSize(transfer.uploaded?.size ?? transfer.file.size, lang)}</p>
        ${status === 'uploading'
          ? html`<progress max=${transfer.total || 1} .value=${transfer.sent} aria-label=${t('uploadProgress', { name })}></progress>`
          : nothing}
      </div>
      <div class="upload-actions">
        ${status === 'uploading'
          ? button('uploadCancel', 'uploadCancelLabel', () => this.remove(item))
          : status === 'failed' && !item.refused
            ? html`${button('uploadRetry', 'uploadRetryLabel', () => this.retry(item))}
              ${button('uploadRemove', 'uploadRemoveLabel', () => this.remove(item))}`
            : button('uploadRemove', 'uploadRemoveLabel', () => this.remove(item))}
      </div>
      ${status === 'failed'
        ? html`<p part="upload-error" class="upload-error">
            ${t('uploadFailed', { name, reason: item.refused ? t(item.refused) : this.host.errorText(transfer.error) })}
          </p>`
        : nothing}
      ${describable && status !== 'failed'
        ? html`<div class="upload-more">
            <label for="${id}-alt">${t(item.kind === 'video' ? 'altVideo' : 'altImage')}</label>
            <textarea
              part="alt"
              id="${id}-alt"
              rows="2"
              maxlength=${ATTACHMENT_ALT_MAX_CHARS}
              aria-describedby=${item.alt.trim() ? nothing : `${id}-alt-hint`}
              .value=${live(item.alt)}
              ?disabled=${disabled}
              @input=${(e: Event) => {
                item.alt = (e.target as HTMLTextAreaElement).value;
                this.changed();
              }}
            ></textarea>
            ${item.alt.trim() ? nothing : html`<p class="upload-hint" id="${id}-alt-hint">${t('altEmpty')}</p>`}
          </div>`
        : nothing}
      ${status === 'failed'
        ? nothing
        : item.videoError
          ? html`<p class="upload-error video-extra">
              ${this.host.errorText(item.videoError)}
              <button class="secondary" type="button" @click=${() => this.loadVideo(item)}>${t('uploadRetry')}</button>
            </p>`
          : (item.video?.render(disabled) ?? nothing)}
    </li>`;
  }
}
