/**
 * A talk-show's recording, added by its post's author once the session is
 * over: "Attach files" (the composer's list: progress, Cancel, Retry, a
 * video's poster and captions), then "Add to the post", the post's edit with
 * `attach`. Loaded by `<eco-talk-show-session>` only for that author then;
 * its readers never download it.
 */
import { html, nothing, type LitElement } from 'lit';
import type { EcotoneClient } from '@ecotone/core';
import type { Post } from '@ecotone/protocol';
import type { EcoErrorEvent } from '../events/eco-error.js';
import type { MessageKey } from '../locales/locales.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { registerElementsStrings } from '../controllers/localize-controller.js';
import { FileAttachController } from '../composer/file-attach-controller.js';
import { attachStrings } from '../locales/attach-strings.js';

/** The box's one list of files. */
const BOX = 'recording';

/** What the box needs of its element. */
export interface RecordingHost {
  readonly element: LitElement;
  post(): Post | undefined;
  client(): EcotoneClient | undefined;
  locale(): string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  errorText(error: unknown): string;
  /** Tells the page that adding failed (`eco-error`, action `add-recording`). */
  failed(error: EcoErrorEvent['detail']['error']): void;
}

/** The author's box to add the recording and its captions to the post. */
export class RecordingBox {
  private readonly focusing: FocusController;
  private readonly adding: AsyncStatusController<Post>;
  private readonly attach: FileAttachController;
  /** Whether the last files sent were added (until more are chosen). */
  private added = false;

  constructor(private readonly host: RecordingHost) {
    const { element } = host;
    this.focusing = new FocusController(element);
    this.adding = new AsyncStatusController<Post>(element);
    this.attach = new FileAttachController(element, {
      attachable: () => !this.adding.pending,
      uploadsHost: () => ({
        client: host.client,
        space: () => host.post()?.spaceId ?? '',
        locale: host.locale,
        t: host.t,
        errorText: host.errorText,
        focusAttach: () => this.focusing.focusAfterRender('[part="attach"]'),
      }),
    });
    const client = host.client();
    if (client) registerElementsStrings(client, attachStrings);
  }

  private async add(): Promise<void> {
    const post = this.host.post();
    const client = this.host.client();
    const list = this.attach.lists.get(BOX);
    if (!post || !client || !list || list.uploading || list.failed) return;
    const attach = list.attachments();
    if (attach.length === 0) return;
    const result = await this.adding.run(() => client.editPost(post.id, { attach }));
    if (!result) return;
    if (!result.ok) {
      this.host.failed(result.error);
      return;
    }
    list.clear();
    this.attach.lists.delete(BOX);
    this.added = true;
    this.host.element.requestUpdate();
    this.focusing.focusAfterRender('[part="attach"]');
  }

  /** A new file chosen, dropped or pasted: "Added" no longer describes the list. */
  private readonly fresh = () => {
    if (!this.added) return;
    this.added = false;
    this.host.element.requestUpdate();
  };

  render() {
    const { t } = this.host;
    const list = this.attach.lists.get(BOX);
    const pending = this.adding.pending;
    const wait = list?.uploading ? 'talkShowRecordingWaits' : list?.failed ? 'talkShowRecordingFailedFiles' : undefined;
    const drag = (e: DragEvent) => {
      if (e.type === 'drop') this.fresh();
      this.attach.handleDrag(BOX, e);
    };
    return html`<div
      part="recording"
      class="recording ${this.attach.dropping === BOX ? 'dropping' : ''}"
      role="group"
      aria-labelledby="recording-hint"
      @dragover=${drag}
      @dragleave=${drag}
      @drop=${drag}
      @paste=${(e: ClipboardEvent) => {
        this.fresh();
        this.attach.handlePaste(BOX, e);
      }}
    >
      <p id="recording-hint" class="meta">${t('talkShowRecordingHint')}</p>
      ${list?.render(pending)}
      ${this.attach.module.error ? html`<p part="message" class="error" role="alert">${this.host.errorText(this.attach.module.error)}</p>` : nothing}
      <p class="actions" @change=${this.fresh}>
        ${this.attach.renderButton(BOX, t('attachFiles'), pending, 'recording-files')}
        ${list?.count
          ? html`<button
              part="add-recording"
              type="button"
              ?disabled=${pending || !!wait}
              aria-busy=${pending ? 'true' : 'false'}
              aria-describedby=${wait ? 'recording-wait' : nothing}
              @click=${() => void this.add()}
            >
              ${t(pending ? 'talkShowRecordingAdding' : 'talkShowRecordingAdd')}
            </button>`
          : nothing}
      </p>
      ${wait ? html`<p id="recording-wait" class="meta">${t(wait)}</p>` : nothing}
      ${this.adding.error
        ? html`<p part="message" class="error" role="alert">${t('talkShowRecordingFailed', { reason: this.host.errorText(this.adding.error) })}</p>`
        : this.added
          ? html`<p part="message" role="status">${t('talkShowRecordingAdded')}</p>`
          : nothing}
    </div>`;
  }
}
