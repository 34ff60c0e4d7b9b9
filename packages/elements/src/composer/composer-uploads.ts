/**
 * The composer's files being attached (see composer.component.ts), loaded on
 * the first file chosen, dropped or pasted: each upload with its progress,
 * Cancel, Remove, Retry, the alt text of images and videos, and what the
 * post's request carries once they are done. A composer that never gets a
 * file never downloads this module, its styles or its strings.
 */
import { adoptStyles, css, html, nothing, type CSSResultOrNative, type LitElement, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { clientFiles, type EcotoneClient } from '@ecotone/core';
import {
  ACCEPTED_FILE_TYPES,
  ATTACHMENT_ALT_MAX_CHARS,
  ATTACHMENTS_PER_OBJECT_MAX,
  type AttachmentDraft,
  type UploadedFile,
} from '@ecotone/protocol';
import { registerElementsStrings } from '../controllers/localize-controller.js';
import type { MessageKey } from '../locales/locales.js';
import { uploadsStrings } from '../locales/uploads-strings.js';
import { token } from '../styles/tokens.js';
import { errorCode } from '../base/error-message.js';

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
}

type Kind = 'image' | 'document' | 'video' | 'file';

/** One file of the post, from the moment it is chosen. */
interface Item {
  readonly key: number;
  readonly file: File;
  readonly kind: Kind;
  /** An object URL of the person's own image, for its thumbnail; revoked when the item goes. */
  readonly preview: string | undefined;
  status: 'uploading' | 'done' | 'failed';
  sent: number;
  total: number;
  uploaded?: UploadedFile;
  error?: unknown;
  alt: string;
  abort?: AbortController;
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
    color: var(--eco-composer-error-color);
  }
  .upload-actions {
    display: flex;
    gap: ${token('--eco-space-xs')};
  }
  .upload-more textarea {
    min-height: 3rem;
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

  /** Whether any file is still uploading (Publish waits for it). */
  get uploading(): boolean {
    return this.items.some((i) => i.status === 'uploading');
  }

  /** Whether a file could not be uploaded (the person retries or removes it before publishing). */
  get failed(): boolean {
    return this.items.some((i) => i.status === 'failed');
  }

  /** Why Publish waits, or undefined when it need not. */
  get waitReason(): MessageKey | undefined {
    return this.uploading ? 'publishWaitsUploads' : this.failed ? 'publishWaitsFailed' : undefined;
  }

  /** The post's attachments, in the order they were added: the uploaded files with their alt text. */
  attachments(): AttachmentDraft[] {
    return this.items
      .filter((i) => i.status === 'done' && i.uploaded)
      .map((i) => {
        const alt = i.alt.trim();
        return alt && (i.kind === 'image' || i.kind === 'video') ? { file: i.uploaded!.id, alt } : { file: i.uploaded!.id };
      });
  }

  /** Adds files (chosen, dropped or pasted) up to the limit, and starts uploading each. */
  add(files: readonly File[]): void {
    const room = Math.max(0, ATTACHMENTS_PER_OBJECT_MAX - this.items.length);
    const taken = files.slice(0, room);
    this.leftOut = files.length - taken.length;
    for (const file of taken) {
      const kind = kindOf(file);
      const item: Item = {
        key: nextKey++,
        file,
        kind,
        preview: kind === 'image' ? URL.createObjectURL(file) : undefined,
        status: 'uploading',
        sent: 0,
        total: file.size,
        alt: '',
      };
      this.items = [...this.items, item];
      this.start(item);
    }
    this.changed();
  }

  /** Forgets every file (the post was published): their thumbnails are freed, nothing in flight stays. */
  clear(): void {
    for (const item of this.items) this.drop(item);
    this.items = [];
    this.leftOut = 0;
    this.changed();
  }

  private start(item: Item): void {
    const client = this.host.client();
    const abort = new AbortController();
    item.abort = abort;
    item.status = 'uploading';
    item.error = undefined;
    item.sent = 0;
    // No client (the page took it away): refused like any upload, with Retry.
    (client ? clientFiles(client) : { upload: () => Promise.reject(new Error('No client')) })
      .upload(this.host.space(), item.file, {
        signal: abort.signal,
        onProgress: (sent, total) => {
          if (item.abort !== abort) return;
          item.sent = sent;
          item.total = total;
          this.changed();
        },
      })
      .then(
        (uploaded) => {
          if (item.abort !== abort || !this.items.includes(item)) return;
          item.uploaded = uploaded;
          item.status = 'done';
          item.sent = item.total;
          this.announcement = this.host.t('uploadDone', { name: item.file.name });
          this.changed();
        },
        (error: unknown) => {
          // Cancelled by the person: the item is gone already.
          if (item.abort !== abort || !this.items.includes(item) || errorCode(error) === 'aborted') return;
          item.status = 'failed';
          item.error = error;
          this.announcement = this.host.t('uploadFailedAnnounce', { name: item.file.name });
          this.changed();
        },
      );
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
    const abort = item.abort;
    item.abort = undefined;
    if (item.status === 'uploading') abort?.abort();
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
        ? html`<p part="field-error" class="field-error" role="alert">
            ${t('tooManyFiles', {
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
    const name = item.file.name;
    const id = `upload-${item.key}`;
    const button = (label: MessageKey, aria: MessageKey, action: () => void) =>
      html`<button class="secondary" type="button" aria-label=${t(aria, { name })} ?disabled=${disabled && item.status !== 'uploading'} @click=${action}>
        ${t(label)}
      </button>`;
    const describable = item.kind === 'image' || item.kind === 'video';
    return html`<li part="attachment" class="upload" aria-labelledby="${id}-name">
      ${item.preview ? html`<img class="upload-thumb" src=${item.preview} alt="" />` : html`<span class="upload-thumb"></span>`}
      <div>
        <div class="upload-name" id="${id}-name"><bdi>${name}</bdi></div>
        <p class="upload-detail">${t(`attachmentKind_${item.kind}` as MessageKey)} · ${formatSize(item.uploaded?.size ?? item.file.size, lang)}</p>
        ${item.status === 'uploading'
          ? html`<progress max=${item.total || 1} .value=${item.sent} aria-label=${t('uploadProgress', { name })}></progress>`
          : nothing}
      </div>
      <div class="upload-actions">
        ${item.status === 'uploading'
          ? button('uploadCancel', 'uploadCancelLabel', () => this.remove(item))
          : item.status === 'failed'
            ? html`${button('uploadRetry', 'uploadRetryLabel', () => this.retry(item))}
              ${button('uploadRemove', 'uploadRemoveLabel', () => this.remove(item))}`
            : button('uploadRemove', 'uploadRemoveLabel', () => this.remove(item))}
      </div>
      ${item.status === 'failed'
        ? html`<p part="upload-error" class="upload-error">${t('uploadFailed', { name, reason: this.host.errorText(item.error) })}</p>`
        : nothing}
      ${describable && item.status !== 'failed'
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
    </li>`;
  }
}
