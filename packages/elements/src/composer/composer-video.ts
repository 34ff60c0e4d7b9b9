/**
 * What the author adds to a video of their post (composer-uploads.ts): a
 * poster, a frame of the video taken in the page (video-frames.ts) or an
 * image of theirs, and caption files, one per language. Each uploads as
 * an ordinary file; the post's request then names them with the video
 * (`poster`, `captions`). Part of the list's lazily loaded chunk.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { SUPPORTED_LOCALES, type AttachmentDraft, type Locale } from '@ecotone/protocol';
import { languageName } from '../base/language-name.js';
import type { MessageKey } from '../locales/locales.js';
import type { Transfer, TransferContext } from './composer-transfer.js';
import { VideoFrames } from './video-frames.js';

/** What a video's extras need from the list. */
export interface VideoExtrasHost extends TransferContext {
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** The composer's language: the post's, offered first for captions. */
  locale(): string;
  errorText(error: unknown): string;
  /** Says something in the list's live region. */
  announce(text: string): void;
  /** Focuses the first element matching `selector` in the composer, once it has rendered. */
  focus(selector: string): void;
  /** A new upload of `file` (the list's class, given rather than imported: this module is a chunk of its own). */
  transfer(file: File): Transfer;
}

/** What "Choose an image instead" offers (the image types a post accepts). */
export const POSTER_IMAGE_ACCEPT = '.jpg,.jpeg,.png,.webp,.gif';
/** What "Add captions" offers. */
export const CAPTIONS_ACCEPT = '.vtt,text/vtt';
/** The moment offered first for a poster frame, as a share of the video's length (past a title card, still its opening). */
export const POSTER_DEFAULT_SHARE = 0.1;

/** The poster frame being chosen. */
interface Picker {
  state: 'reading' | 'ready' | 'undecodable';
  frames?: VideoFrames;
  /** The moment shown by the slider, in seconds. */
  time: number;
  /** The last frame taken, and its moment. */
  frame?: { blob: Blob; url: string; time: number };
  /** A frame is being taken; another moment was asked meanwhile. */
  taking?: boolean;
  again?: boolean;
}

/** One caption file and its language. */
interface Caption {
  readonly key: number;
  readonly locale: Locale;
  readonly transfer: Transfer;
}

/** "1:05", "1:02:03": a moment of the video. */
function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const s = (whole % 60).toString().padStart(2, '0');
  const m = Math.floor(whole / 60) % 60;
  const h = Math.floor(whole / 3600);
  return h > 0 ? `${h}:${m.toString().padStart(2, '0')}:${s}` : `${m}:${s}`;
}

let nextCaption = 1;

/** The poster and captions of one video of the post. */
export class VideoExtras {
  private poster: { transfer: Transfer; url: string } | undefined;
  private picker: Picker | undefined;
  private captions: Caption[] = [];
  /** The language chosen for the next caption file (the first free one when unset or taken). */
  private captionLocale: Locale | undefined;

  constructor(
    private readonly host: VideoExtrasHost,
    private readonly video: File,
    /** Prefix of the ids of the video's controls. */
    private readonly id: string,
  ) {}

  /** Whether the poster or a caption file is uploading (Publish waits for it). */
  get uploading(): boolean {
    return this.poster?.transfer.status === 'uploading' || this.captions.some((c) => c.transfer.status === 'uploading');
  }

  /** Whether a caption file could not be uploaded (a poster that could not is left out instead: it never holds the post back). */
  get failed(): boolean {
    return this.captions.some((c) => c.transfer.status === 'failed');
  }

  /** The video's poster and captions for the post's request, those uploaded. */
  draft(): Pick<AttachmentDraft, 'poster' | 'captions'> {
    const poster = this.poster?.transfer.status === 'done' ? this.poster.transfer.uploaded?.id : undefined;
    const captions = this.captions
      .filter((c) => c.transfer.status === 'done' && c.transfer.uploaded)
      .map((c) => ({ file: c.transfer.uploaded!.id, locale: c.locale }));
    return { ...(poster ? { poster } : {}), ...(captions.length ? { captions } : {}) };
  }

  /** Lets go of everything (the video left the post, or the post was published). */
  dispose(): void {
    this.closePicker();
    this.dropPoster();
    for (const caption of this.captions) caption.transfer.cancel();
    this.captions = [];
  }

  /** The poster's object URL, for the video's thumbnail in the list. */
  get thumbnail(): string | undefined {
    return this.poster?.url;
  }

  private get name(): string {
    return this.video.name;
  }

  /** Languages without captions yet, the post's first. */
  private freeLocales(): Locale[] {
    const used = new Set(this.captions.map((c) => c.locale));
    const first = SUPPORTED_LOCALES.find((l) => l === this.host.locale());
    return [...(first ? [first] : []), ...SUPPORTED_LOCALES.filter((l) => l !== first)].filter((l) => !used.has(l));
  }

  /** The language of the next caption file: the one chosen when still free, else the first free one. */
  private nextLocale(): Locale | undefined {
    const free = this.freeLocales();
    return this.captionLocale && free.includes(this.captionLocale) ? this.captionLocale : free[0];
  }

  // --- Poster -------------------------------------------------------------

  /** Opens the frame picker on the video's moment POSTER_DEFAULT_SHARE in, its frame taken at once. */
  private async openPicker(): Promise<void> {
    const picker: Picker = { state: 'reading', time: 0 };
    this.picker = picker;
    this.host.changed();
    this.host.focus(`#${this.id}-picker-cancel`);
    let frames: VideoFrames;
    try {
      frames = await VideoFrames.open(this.video);
    } catch {
      // Whatever went wrong, no frame can be had: the image choice remains.
      if (this.picker !== picker) return;
      picker.state = 'undecodable';
      this.host.changed();
      this.host.focus(`#${this.id}-poster-image`);
      return;
    }
    if (this.picker !== picker) {
      frames.close();
      return;
    }
    picker.frames = frames;
    picker.state = 'ready';
    picker.time = frames.duration * POSTER_DEFAULT_SHARE;
    this.host.changed();
    this.host.focus(`#${this.id}-moment`);
    this.takeFrame(picker);
  }

  /**
   * Takes the frame at the slider's moment. One at a time: moments asked
   * while a frame is being taken are not queued, only the latest is taken
   * next, so a slider held down shows frames as it goes and ends on its own.
   */
  private takeFrame(picker: Picker): void {
    if (picker.taking) {
      picker.again = true;
      return;
    }
    picker.taking = true;
    const time = picker.time;
    picker.frames?.frameAt(time).then(
      (blob) => {
        picker.taking = false;
        if (this.picker !== picker) return;
        if (picker.frame) URL.revokeObjectURL(picker.frame.url);
        picker.frame = { blob, url: URL.createObjectURL(blob), time };
        this.host.changed();
        if (picker.again) {
          picker.again = false;
          this.takeFrame(picker);
        }
      },
      () => {
        picker.taking = false;
        if (this.picker !== picker) return;
        picker.state = 'undecodable';
        this.host.changed();
      },
    );
  }

  private closePicker(): void {
    const picker = this.picker;
    this.picker = undefined;
    picker?.frames?.close();
    if (picker?.frame) URL.revokeObjectURL(picker.frame.url);
  }

  private cancelPicker(): void {
    this.closePicker();
    this.host.changed();
    this.host.focus(`#${this.id}-${this.poster ? 'poster-change' : 'poster-choose'}`);
  }

  /** The frame shown becomes the poster (a JPEG named after the video). */
  private useFrame(): void {
    const frame = this.picker?.frame;
    if (!frame) return;
    const base = this.name.replace(/\.[^.]*$/, '') || 'video';
    this.setPoster(new File([frame.blob], `${base}-poster.jpg`, { type: 'image/jpeg' }));
  }

  /** Uploads `file` as the poster, in place of any other. */
  private setPoster(file: File): void {
    this.closePicker();
    this.dropPoster();
    const poster = { transfer: this.host.transfer(file), url: URL.createObjectURL(file) };
    this.poster = poster;
    this.startPoster();
    this.host.changed();
    this.host.focus(`#${this.id}-poster-remove`);
  }

  private startPoster(): void {
    const poster = this.poster;
    poster?.transfer.start(this.host, (ok) => {
      if (this.poster !== poster) return;
      this.host.announce(this.host.t(ok ? 'posterDone' : 'posterFailedAnnounce', { name: this.name }));
    });
  }

  private dropPoster(): void {
    if (!this.poster) return;
    this.poster.transfer.cancel();
    URL.revokeObjectURL(this.poster.url);
    this.poster = undefined;
  }

  private removePoster(): void {
    this.dropPoster();
    this.host.changed();
    this.host.focus(`#${this.id}-poster-choose`);
  }

  // --- Captions -----------------------------------------------------------

  private addCaptions(locale: Locale, chosen: File): void {
    if (!this.freeLocales().includes(locale)) return;
    // A file without a declared type (some systems do not know .vtt) is declared as WebVTT; the server reads its bytes anyway.
    const file = chosen.type ? chosen : new File([chosen], chosen.name, { type: 'text/vtt' });
    const caption: Caption = { key: nextCaption++, locale, transfer: this.host.transfer(file) };
    this.captions = [...this.captions, caption];
    this.captionLocale = undefined;
    this.startCaption(caption);
    this.host.changed();
  }

  private startCaption(caption: Caption): void {
    caption.transfer.start(this.host, (ok) => {
      if (!this.captions.includes(caption)) return;
      const language = languageName(caption.locale, this.host.locale());
      this.host.announce(this.host.t(ok ? 'captionsDone' : 'captionsFailedAnnounce', { language, name: this.name }));
    });
  }

  private removeCaption(caption: Caption): void {
    caption.transfer.cancel();
    this.captions = this.captions.filter((c) => c !== caption);
    this.host.changed();
    this.host.focus(`#${this.id}-captions-add`);
  }

  // --- Rendering ----------------------------------------------------------

  render(disabled: boolean): TemplateResult {
    return html`${this.renderPoster(disabled)} ${this.renderCaptions(disabled)}`;
  }

  /** A hidden file input, opened by its button. */
  private fileInput(suffix: string, accept: string, chosen: (file: File) => void): TemplateResult {
    return html`<input
      id="${this.id}-${suffix}"
      type="file"
      hidden
      tabindex="-1"
      accept=${accept}
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        const file = input.files?.[0];
        input.value = '';
        if (file) chosen(file);
      }}
    />`;
  }

  private renderPoster(disabled: boolean): TemplateResult {
    const { t } = this.host;
    const name = this.name;
    const id = this.id;
    const picker = this.picker;
    const poster = this.poster;
    const imageInput = this.fileInput('poster-file', POSTER_IMAGE_ACCEPT, (file) => this.setPoster(file));
    const imageButton = (key: MessageKey) =>
      html`<button id="${id}-poster-image" class="secondary" type="button" ?disabled=${disabled} @click=${(e: Event) => this.clickInput(e, 'poster-file')}>
        ${t(key)}
      </button>`;
    let body: TemplateResult;
    if (poster) {
      const status = poster.transfer.status;
      body = html`<div class="video-row">
          <img class="upload-thumb" src=${poster.url} alt=${t('posterThumbAlt', { name })} />
          <div>
            <div class="upload-name"><bdi>${poster.transfer.file.name}</bdi></div>
            ${status === 'uploading'
              ? html`<progress
                  max=${poster.transfer.total || 1}
                  .value=${poster.transfer.sent}
                  aria-label=${t('posterUploading', { name })}
                ></progress>`
              : nothing}
          </div>
          <div class="upload-actions">
            ${status === 'failed'
              ? html`<button class="secondary" type="button" aria-label=${t('posterRetryLabel', { name })} ?disabled=${disabled} @click=${() => {
                  this.startPoster();
                  this.host.changed();
                }}>
                  ${t('uploadRetry')}
                </button>`
              : nothing}
            ${status === 'uploading'
              ? nothing
              : html`<button
                  id="${id}-poster-change"
                  class="secondary"
                  type="button"
                  aria-label=${t('posterChangeLabel', { name })}
                  ?disabled=${disabled}
                  @click=${() => void this.openPicker()}
                >
                  ${t('posterChange')}
                </button>`}
            <!-- One button, Cancel while uploading and Remove after, so that focus stays on it when the upload ends. -->
            <button
              id="${id}-poster-remove"
              class="secondary"
              type="button"
              aria-label=${t(status === 'uploading' ? 'posterCancelLabel' : 'posterRemoveLabel', { name })}
              ?disabled=${disabled && status !== 'uploading'}
              @click=${() => this.removePoster()}
            >
              ${t(status === 'uploading' ? 'uploadCancel' : 'posterRemove')}
            </button>
          </div>
        </div>
        ${status === 'failed'
          ? html`<p part="upload-error" class="upload-error">${t('posterFailed', { reason: this.host.errorText(poster.transfer.error) })}</p>`
          : nothing}`;
    } else if (!picker) {
      body = html`<button id="${id}-poster-choose" class="secondary" type="button" aria-label=${t('posterChooseLabel', { name })} ?disabled=${disabled} @click=${() => void this.openPicker()}>
        ${t('posterChoose')}
      </button>`;
    } else {
      body = html`${nothing}`;
    }
    // The picker stays open while a poster uploads when "Change poster" opened it again.
    const pickerView = picker ? this.renderPicker(picker, disabled, imageButton) : nothing;
    return html`<fieldset part="poster" class="video-extra" id="${id}-poster">
      <legend>${t('posterLegend')}</legend>
      ${poster && picker ? nothing : body} ${pickerView} ${imageInput}
    </fieldset>`;
  }

  private renderPicker(picker: Picker, disabled: boolean, imageButton: (key: MessageKey) => TemplateResult): TemplateResult {
    const { t } = this.host;
    const id = this.id;
    const duration = picker.frames?.duration ?? 0;
    const cancel = html`<button id="${id}-picker-cancel" class="secondary" type="button" @click=${() => this.cancelPicker()}>${t('uploadCancel')}</button>`;
    if (picker.state === 'reading') {
      return html`<p class="upload-hint" role="status">${t('posterReading')}</p>
        <div class="upload-actions">${cancel}</div>`;
    }
    if (picker.state === 'undecodable') {
      return html`<p class="upload-hint">${t('posterUndecodable', { name: this.name })}</p>
        <div class="upload-actions">${imageButton('posterImageOnly')} ${cancel}</div>`;
    }
    const frame = picker.frame;
    const at = clock(picker.time);
    return html`<div class="video-row">
        ${frame
          ? html`<img part="poster-frame" class="poster-frame" src=${frame.url} alt=${t('posterFrameAlt', { time: clock(frame.time) })} />`
          : html`<span class="poster-frame"></span>`}
        <div class="video-moment">
          <label for="${id}-moment">${t('posterMoment')}</label>
          <input
            id="${id}-moment"
            type="range"
            min="0"
            max=${duration}
            step=${duration > 0 ? Math.min(1, duration / 100) : 1}
            .value=${String(picker.time)}
            aria-valuetext=${t('posterMomentValue', { time: at, duration: clock(duration) })}
            ?disabled=${disabled || duration === 0}
            @input=${(e: Event) => {
              picker.time = Number((e.target as HTMLInputElement).value);
              this.host.changed();
              this.takeFrame(picker);
            }}
          />
          <output for="${id}-moment">${at}</output>
        </div>
      </div>
      <div class="upload-actions">
        <button class="primary" type="button" ?disabled=${disabled || !frame || frame.time !== picker.time} @click=${() => this.useFrame()}>
          ${t('posterUseFrame')}
        </button>
        ${imageButton('posterImage')} ${cancel}
      </div>`;
  }

  /** A button opening a hidden file input beside it. */
  private clickInput(event: Event, suffix: string): void {
    const root = (event.target as Element).getRootNode() as ParentNode;
    root.querySelector<HTMLInputElement>(`#${this.id}-${suffix}`)?.click();
  }

  private renderCaptions(disabled: boolean): TemplateResult {
    const { t } = this.host;
    const id = this.id;
    const name = this.name;
    const ui = this.host.locale();
    const free = this.freeLocales();
    const chosen = this.nextLocale();
    return html`<fieldset part="captions" class="video-extra">
      <legend>${t('captionsLegend')}</legend>
      ${this.captions.length
        ? html`<ul class="captions" aria-label=${t('captionsListLabel', { name })}>
            ${this.captions.map((c) => this.renderCaption(c, disabled, ui))}
          </ul>`
        : nothing}
      ${chosen
        ? html`<div class="captions-add">
            <label for="${id}-captions-locale">${t('captionsLanguage')}</label>
            <select
              id="${id}-captions-locale"
              ?disabled=${disabled}
              @change=${(e: Event) => {
                this.captionLocale = (e.target as HTMLSelectElement).value as Locale;
              }}
            >
              ${free.map((l) => html`<option value=${l} ?selected=${l === chosen}>${languageName(l, ui)}</option>`)}
            </select>
            <button
              id="${id}-captions-add"
              class="secondary"
              type="button"
              aria-label=${t('captionsAddLabel', { name })}
              ?disabled=${disabled}
              @click=${(e: Event) => this.clickInput(e, 'captions-file')}
            >
              ${t('captionsAdd')}
            </button>
            ${this.fileInput('captions-file', CAPTIONS_ACCEPT, (file) => {
              const locale = this.nextLocale();
              if (locale) this.addCaptions(locale, file);
            })}
          </div>`
        : nothing}
    </fieldset>`;
  }

  private renderCaption(caption: Caption, disabled: boolean, ui: string): TemplateResult {
    const { t } = this.host;
    const transfer = caption.transfer;
    const file = transfer.file.name;
    const button = (label: MessageKey, aria: MessageKey, action: () => void) =>
      html`<button class="secondary" type="button" aria-label=${t(aria, { name: file })} ?disabled=${disabled && transfer.status !== 'uploading'} @click=${action}>
        ${t(label)}
      </button>`;
    return html`<li part="caption" class="caption">
      <div>
        <span class="caption-locale">${languageName(caption.locale, ui)}</span> · <bdi>${file}</bdi>
        ${transfer.status === 'uploading'
          ? html`<progress max=${transfer.total || 1} .value=${transfer.sent} aria-label=${t('uploadProgress', { name: file })}></progress>`
          : nothing}
      </div>
      <div class="upload-actions">
        ${transfer.status === 'uploading'
          ? button('uploadCancel', 'uploadCancelLabel', () => this.removeCaption(caption))
          : transfer.status === 'failed'
            ? html`${button('uploadRetry', 'uploadRetryLabel', () => {
                this.startCaption(caption);
                this.host.changed();
              })}
              ${button('uploadRemove', 'uploadRemoveLabel', () => this.removeCaption(caption))}`
            : button('uploadRemove', 'uploadRemoveLabel', () => this.removeCaption(caption))}
      </div>
      ${transfer.status === 'failed'
        ? html`<p part="upload-error" class="upload-error">${t('uploadFailed', { name: file, reason: this.host.errorText(transfer.error) })}</p>`
        : nothing}
    </li>`;
  }
}
