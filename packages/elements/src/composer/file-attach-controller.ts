/**
 * Attaching files from a writing box: the "Attach files" button with its
 * hidden file input, files dropped on the box or pasted into its text, and
 * the box's list of uploads (composer-uploads.ts), loaded on the first file.
 * The composer has one box; the comments have one for a new comment and one
 * for the open reply, each with a list of its own.
 */
import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import type { ComposerUploads, UploadsHost } from './composer-uploads.js';
import type { MessageKey } from '../locales/locales.js';

/** The list of files being attached, loaded on the first file chosen, dropped or pasted. */
const importUploads = () => import('./composer-uploads.js');

/**
 * What "Attach files" offers in the browser's chooser: the extensions of the
 * types a post accepts (ACCEPTED_FILE_TYPES, which the server enforces;
 * this is only the chooser's filter, written out so that pages do not carry
 * the table's media types; composer-uploads.test.ts checks that they agree).
 */
export const ATTACH_ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.mp4,.webm';

/** What the controller needs of its element, per box. */
export interface FileAttachOptions {
  /** Whether files may be attached to the box now (the transport keeps files, the person may write, nothing is being sent). */
  attachable(box: string): boolean;
  /** What the box's list needs of the element (its space, strings, where focus goes back). */
  uploadsHost(box: string): Omit<UploadsHost, 'element'>;
}

/** The "Attach files" button, drop zone and paste handling of an element's writing boxes, and their lists of uploads. */
export class FileAttachController implements ReactiveController {
  /** The box files are being dragged over, if any (shown as a drop zone). */
  dropping: string | undefined;
  /** The lists' module; its `error` says why it could not be loaded. */
  readonly module: LazyModuleController<typeof import('./composer-uploads.js')>;
  /**
   * Each box's list, once a first file was added to it. An element sending
   * what carries the files takes the list out (the box is empty again at
   * once) and puts it back if the sending was refused.
   */
  readonly lists = new Map<string, ComposerUploads>();
  /** Boxes with files chosen, dropped or pasted that are not in their list yet (its module is loading), and how many times. */
  private readonly adding = new Map<string, number>();

  constructor(
    private readonly host: LitElement,
    private readonly options: FileAttachOptions,
  ) {
    host.addController(this);
    this.module = new LazyModuleController(host, importUploads);
  }

  hostConnected(): void {}

  /** Adds files to the box (loading the list on the first), each uploading at once. */
  async add(box: string, files: readonly File[]): Promise<void> {
    if (files.length === 0 || !this.options.attachable(box)) return;
    this.adding.set(box, (this.adding.get(box) ?? 0) + 1);
    this.host.requestUpdate();
    try {
      const { ComposerUploads } = await this.module.load();
      let list = this.lists.get(box);
      if (!list) this.lists.set(box, (list = new ComposerUploads({ element: this.host, ...this.options.uploadsHost(box) })));
      list.add(files);
    } catch {
      // told from module.error
    } finally {
      const left = this.adding.get(box)! - 1;
      if (left > 0) this.adding.set(box, left);
      else this.adding.delete(box);
      this.host.requestUpdate();
    }
  }

  /**
   * Why the box's button (Publish, Save, Comment) waits, or undefined when it
   * need not: files uploading or failed in its list, or files just chosen
   * that are not in the list yet (its module is loading), which a send at
   * that moment would leave behind.
   */
  waitReason(box: string): MessageKey | undefined {
    if (this.adding.has(box)) return `${this.options.uploadsHost(box).wording ?? 'publish'}WaitsUploads`;
    return this.lists.get(box)?.waitReason;
  }

  /** The "Attach files" button and its hidden input (`inputId`: the input's id, unique in the element). */
  renderButton(box: string, label: string, disabled: boolean, inputId: string, className = ''): TemplateResult {
    return html`<button
        part="attach"
        class=${className}
        type="button"
        data-attach=${box}
        ?disabled=${disabled}
        @click=${() => this.host.renderRoot.querySelector<HTMLInputElement>(`#${inputId}`)?.click()}
      >
        ${label}
      </button>
      <input
        id=${inputId}
        type="file"
        multiple
        hidden
        accept=${ATTACH_ACCEPT}
        tabindex="-1"
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          void this.add(box, [...(input.files ?? [])]);
          // The same file can be chosen again (after removing it).
          input.value = '';
        }}
      />`;
  }

  /** Files dragged over the box (`dragover`, `dragleave`, `drop` on its container): shown as a drop zone, then attached. */
  handleDrag(box: string, event: DragEvent): void {
    // Files only: text or a link dragged into the text box stays the browser's business.
    const files = event.type !== 'dragleave' && !!event.dataTransfer?.types.includes('Files') && this.options.attachable(box);
    // Leaving one of the box's parts for another is not leaving it.
    const dropping =
      event.type === 'dragleave' ? ((event.currentTarget as Node).contains(event.relatedTarget as Node | null) ? this.dropping : undefined) : files && event.type === 'dragover' ? box : undefined;
    if (dropping !== this.dropping) {
      this.dropping = dropping;
      this.host.requestUpdate();
    }
    if (!files) return;
    event.preventDefault();
    if (event.type === 'drop') void this.add(box, [...event.dataTransfer!.files]);
  }

  /** A pasted screenshot or file is attached; pasted text stays text. */
  handlePaste(box: string, event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.options.attachable(box)) return;
    event.preventDefault();
    void this.add(box, files);
  }
}
