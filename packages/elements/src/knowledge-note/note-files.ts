/**
 * The files of `<eco-knowledge-note>`'s editor, loaded when the editor first
 * opens (a page that only reads notes never downloads it): the note's files,
 * each with a Remove toggle, and new files attached with "Attach files", by
 * dropping them on the form or pasting them into the body, through the
 * composer's attach controller and list of uploads (which loads on the first
 * file). Saving sends `detach` and `attach` in the note's patch; a refused
 * save keeps both, and the server's problems about them show beside the files.
 */
import { css, html, nothing, type LitElement, type TemplateResult } from 'lit';
import { canUpload, isEcotoneError, type EcotoneClient } from '@ecotone/core';
import type { Attachment, KnowledgeNote, NotePatch } from '@ecotone/protocol';
import { FileAttachController } from '../composer/file-attach-controller.js';
import { registerElementsStrings, type LocalizeController } from '../controllers/localize-controller.js';
import type { FocusController } from '../controllers/focus-controller.js';
import { attachStrings } from '../locales/attach-strings.js';
import { noteFilesStrings } from '../locales/note-files-strings.js';
import type { MessageKey } from '../locales/locales.js';
import { token } from '../styles/tokens.js';
import type { NoteEditController } from './note-edit-controller.js';

/** The editor's one box of files. */
const BOX = 'note';

/** What a save sends about the files. */
export type FileChanges = Pick<NotePatch, 'attach' | 'detach'>;

const styles = css`
  .files {
    display: grid;
    gap: ${token('--eco-space-s')};
    margin: 0;
    padding: ${token('--eco-space-s')};
    border: 1px solid var(--eco-knowledge-note-border-color);
    border-radius: var(--eco-knowledge-note-radius);
  }
  .files > button {
    justify-self: start;
  }
  .note-files {
    display: grid;
    gap: ${token('--eco-space-xs')};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .note-file {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('--eco-space-xs')} ${token('--eco-space-s')};
  }
  .note-file > span:first-child {
    flex: 1 1 10rem;
    overflow-wrap: anywhere;
  }
  .note-file.removed > span:first-child {
    text-decoration: line-through;
    color: var(--eco-knowledge-note-muted-color);
  }
  .files.dropping {
    outline: 2px dashed var(--eco-knowledge-note-accent-color);
    outline-offset: 2px;
  }
`;

/** The note's files in its editor: removals, new uploads, and what the server said of them. */
export class NoteFiles {
  private readonly attach: FileAttachController;
  /** Ids of the note's files the person removed (until Save, or Remove pressed again). */
  private readonly removed = new Set<string>();
  /** The note whose files are shown: the one the edit started from, or theirs after a conflict. */
  private note: KnowledgeNote | undefined;
  private pending = false;
  /** Whether the editor is open (the files were rendered since the last reset): drops and pastes in its form are taken. */
  private active = false;
  /** What the last save sent, to name the files the server's problems point at. */
  private sent: { attach: string[]; detach: string[] } = { attach: [], detach: [] };
  private stringsFor: EcotoneClient | undefined;

  /**
   * `element`: the note element (its shadow root gets the listeners for
   * files dropped on or pasted into the edit form); `client` and
   * `errorText`: the element's.
   */
  constructor(
    private readonly element: LitElement,
    private readonly localize: LocalizeController,
    private readonly focusing: FocusController,
    private readonly client: () => EcotoneClient | undefined,
    private readonly errorText: (error: unknown) => string,
  ) {
    this.attach = new FileAttachController(element, {
      attachable: () => this.attachable,
      uploadsHost: () => ({
        client,
        space: () => this.note?.spaceId ?? '',
        locale: () => localize.locale,
        t: (key, values) => localize.t(key, values),
        errorText,
        focusAttach: () => focusing.focusAfterRender(`[data-attach="${BOX}"]`),
        wording: 'note',
        kept: () => (this.note?.attachments ?? []).filter((a) => !this.removed.has(a.id)).length,
      }),
    });
    // On the shadow root, so that the form's template (loaded with the page) carries no handlers for them.
    const root = element.renderRoot;
    const drag = (event: Event) => {
      if (this.inForm(event)) this.attach.handleDrag(BOX, event as DragEvent);
      else if (this.attach.dropping) {
        // Dragged on from the form to the note's header: no longer over the form.
        this.attach.dropping = undefined;
        element.requestUpdate();
      }
    };
    for (const type of ['dragover', 'dragleave', 'drop']) root.addEventListener(type, drag);
    root.addEventListener('paste', (event) => {
      if (this.inForm(event)) this.attach.handlePaste(BOX, event as ClipboardEvent);
    });
  }

  /** Whether an event happened in the open edit form. */
  private inForm(event: Event): boolean {
    return this.active && !!(event.target as Element | null)?.closest?.('[part~="form"]');
  }

  /** Whether files may be added now: the client takes files, and nothing is being saved. */
  private get attachable(): boolean {
    const client = this.client();
    return !!client && canUpload(client) && !this.pending;
  }

  private get list() {
    return this.attach.lists.get(BOX);
  }

  /** Why Save waits (files uploading, or failed), if it does. */
  get waitReason(): MessageKey | undefined {
    return this.attach.waitReason(BOX);
  }

  /** What saving over `reference` sends: the files uploaded, and the removed ones it still has. */
  changes(reference: KnowledgeNote): FileChanges {
    const attach = this.list?.attachments() ?? [];
    const detach = (reference.attachments ?? []).filter((a) => this.removed.has(a.id)).map((a) => a.id);
    this.sent = { attach: attach.map((a) => a.file), detach };
    return { ...(attach.length ? { attach } : {}), ...(detach.length ? { detach } : {}) };
  }

  /** Forgets every change (the edit was saved or closed): uploads in flight stop. */
  reset(): void {
    this.list?.clear();
    this.attach.lists.delete(BOX);
    this.removed.clear();
    this.sent = { attach: [], detach: [] };
    this.active = false;
    this.attach.dropping = undefined;
    this.element.requestUpdate();
  }

  private toggle(file: Attachment): void {
    if (!this.removed.delete(file.id)) this.removed.add(file.id);
    this.element.requestUpdate();
  }

  /** The server's problems about the files of the last save, one sentence each. */
  private refusals(error: unknown): string[] {
    if (!isEcotoneError(error)) return [];
    const t = this.localize.t.bind(this.localize);
    const lines = new Set<string>();
    for (const problem of error.fieldErrors) {
      const match = /^\/body\/(attach|detach)(?:\/(\d+))?/.exec(problem.path);
      if (!match) continue;
      const index = match[2] === undefined ? -1 : Number(match[2]);
      const name =
        match[1] === 'attach'
          ? this.list?.nameOf(this.sent.attach[index] ?? '')
          : this.note?.attachments?.find((a) => a.id === this.sent.detach[index])?.name;
      lines.add(
        name
          ? t(match[1] === 'attach' ? 'noteFileNotAttached' : 'noteFileNotRemoved', { name })
          : t('noteFilesRefused', { reason: this.errorText(error) }),
      );
    }
    return [...lines];
  }

  /**
   * The files' fieldset in the edit form: the note's files with their Remove
   * toggles, the uploads, "Attach files", why Save waits (`#w-save`), and
   * what went wrong: the last save's refusal, or someone else's save.
   */
  render(edit: NoteEditController): TemplateResult | typeof nothing {
    const reference = (this.note = (edit.conflict ?? edit.base)!);
    const pending = (this.pending = edit.write.pending);
    const error = edit.write.error;
    this.active = true;
    const t = this.localize.t.bind(this.localize);
    const client = this.client();
    if (client && client !== this.stringsFor) {
      this.stringsFor = client;
      registerElementsStrings(client, attachStrings);
      registerElementsStrings(client, noteFilesStrings);
      void client.loadLocale(this.localize.locale).catch(() => undefined);
    }
    const waitReason = this.waitReason;
    const dropping = this.attach.dropping === BOX;
    const files = reference.attachments ?? [];
    const uploads = !!client && canUpload(client);
    // Nothing to remove and nothing can be added (a client that keeps no files): no empty group.
    if (!files.length && !uploads) return nothing;
    const refusals = this.refusals(error);
    const changed = this.removed.size > 0 || (this.list?.count ?? 0) > 0;
    const template = html`<fieldset part="files" class="files ${dropping ? 'dropping' : ''}">
      <legend>${t('noteFilesField')}</legend>
      ${files.length
        ? html`<ul class="note-files">
            ${files.map((file) => {
              const removed = this.removed.has(file.id);
              return html`<li part="note-file" class="note-file ${removed ? 'removed' : ''}">
                <span><bdi>${file.name}</bdi></span>
                ${removed ? html`<span class="hint">${t('noteFileRemoved')}</span>` : nothing}
                <button
                  part="button remove-file"
                  type="button"
                  aria-pressed=${removed ? 'true' : 'false'}
                  aria-label=${t('noteFileRemoveLabel', { name: file.name })}
                  ?disabled=${pending}
                  @click=${() => this.toggle(file)}
                >
                  ${t('noteFileRemove')}
                </button>
              </li>`;
            })}
          </ul>`
        : nothing}
      ${this.list?.render(pending)}
      ${this.attach.module.error ? html`<p part="message" class="message" role="alert">${this.errorText(this.attach.module.error)}</p>` : nothing}
      ${refusals.length ? html`<div part="message" class="message" role="alert">${refusals.map((line) => html`<p>${line}</p>`)}</div>` : nothing}
      ${edit.conflict && changed ? html`<p class="hint">${t('noteFilesKept')}</p>` : nothing}
      ${uploads ? this.attach.renderButton(BOX, t('attachFiles'), pending, 'f-files') : nothing}
      ${dropping ? html`<p part="drop" class="hint">${t('dropFiles')}</p>` : nothing}
      ${waitReason ? html`<p class="hint" id="w-save">${t(waitReason)}</p>` : nothing}
    </fieldset>`;
    this.addStyles();
    return template;
  }

  /**
   * Adds the files' styles to the element's shadow root. Checked at each
   * render: the list of uploads sets the root's style sheets when it first
   * renders (composer-uploads.ts), which drops a sheet added before it.
   */
  private addStyles(): void {
    const root = this.element.renderRoot;
    const sheet = styles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
}
