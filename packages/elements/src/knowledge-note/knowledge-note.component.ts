import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { EcotoneClient, MdBlock } from '@ecotone/core';
import type { KnowledgeNote } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { errorCode } from '../base/error-message.js';
import { ClockController } from '../controllers/clock-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { PersonDialogController } from '../controllers/person-dialog-controller.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { knowledgeNoteStrings } from '../locales/knowledge-note-strings.js';
import { mentionContext } from '../mentions/mention-chip.js';
import { parseLoaded, updateAfterMarkdown } from '../post/markdown-template.js';
// Before the views: next to the templates that use its class names, the CSS gzips better (170 B on the knowledge page).
import styles from './knowledge-note.styles.js';
import { NoteEditController } from './note-edit-controller.js';
import { renderNoteEditor } from './note-edit-view.js';
import type { NoteViewContext } from './note-format.js';
import { NoteHistoryController, renderNoteHistory } from './note-history.js';
import { renderNoteHeader, renderNoteReadBody } from './note-read-view.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';
import { MentionsController } from '../mentions/mentions-controller.js';
import { classificationLabel } from '../base/classification.js';

/** How often relative times and the overdue mark are recomputed, in milliseconds. */
const RELATIVE_TIME_REFRESH_MS = 60_000;

/** The link card loads only for notes with sources; shared by every note of the page. */
const importLinkCard = () => import('../link-card/link-card.js');
/** The note's files (a gallery, videos, documents), with the first note that has any. */
const importAttachments = () => import('../attachments/attachments.js');
/** The files in the editor (removing the note's, attaching new ones), when the editor first opens. */
const importNoteFiles = () => import('./note-files.js');

// The views live beside the element: note-read-view.ts, note-edit-view.ts (the
// edit's state in NoteEditController, its rules in note-draft.ts) and note-history.ts.

/**
 * @tag eco-knowledge-note
 *
 * @summary A knowledge note: read view (title, maturity, review date, owner,
 * Markdown body, sources as link cards, tags, backlink), edit form with
 * conflict resolution, and revision history with a word-level diff.
 *
 * A note the space's owners hid shows its owner (and the owners) why; for
 * anyone else it goes at once, on the live `content.hidden` event (the
 * client drops it), and the element says it cannot be seen.
 *
 * The note is `note` (an id, fetched and kept current through
 * `client.note$(id)`, or a KnowledgeNote object). When `canEdit`, Edit opens a
 * form; Save sends only the changed fields with the revision the edit started
 * from. When someone else saved meanwhile (`edit_conflict`), the draft is
 * kept (fields the person did not touch take their new values) and both
 * versions are shown side by side, with Keep mine (save the draft over their
 * revision) and Take theirs (discard the draft). History lists the
 * revisions and shows the words added and removed between two of them, as
 * `<ins>` and `<del>` with visually hidden "added"/"removed" text. Markdown is
 * rendered through templates only, never as HTML. `<eco-link-card>` and the
 * diff code load lazily, when a note has sources and when History opens.
 * Mentions in the body show as person chips; typing `@` and a name in the
 * body's editor opens a people picker (people who can read the note's space).
 * The note's files show under its body. The editor lists them, each with a
 * Remove toggle (`aria-pressed`; pressed again before saving, the file
 * stays), and attaches new ones with "Attach files", by dropping them on the
 * form or pasting them into a field; each uploads at once, Save waits until
 * they are uploaded (saying why) and sends `attach` and `detach` with the
 * edit. A refused save keeps the text, the uploads and the removals, with
 * the server's problems about the files beside them. The editor's files
 * load when it first opens, their list of uploads with the first file.
 *
 * @csspart base - The `<article>` (or the loading, error and not-found line).
 * @csspart header - Title, maturity, meta line, review date and tags.
 * @csspart title - The title (`<h2>`).
 * @csspart classification - The space's classification label, a badge above the title, as on a classified document (`<eco-classification>`; a server with labels, a space the caller belongs to). Also `classification-<label id>`.
 * @csspart maturity - The maturity badge (text, coloured per maturity).
 * @csspart meta - Owner, last update and language.
 * @csspart owner - The owner's name: a button that opens their card (`eco-open-person`, then a dialog unless prevented).
 * @csspart review - The review-by date (`overdue` is added when it has passed).
 * @csspart tags - The list of tags.
 * @csspart tag - One tag.
 * @csspart body - The rendered Markdown body (its `lang` is the note's language).
 * @csspart mention - A mention in the body: a button `@Name` with the person's current name (class `former` when their access ended) that opens their card (`eco-open-person`, then a dialog unless prevented).
 * @csspart attachments - The note's files under its body (`<eco-attachments>`, which exports `gallery`, `image`, `video`, `play`, `file`); in the editor, the list of files being attached.
 * @csspart sources - The sources section.
 * @csspart link-card - The `base` part of each source's `<eco-link-card>`.
 * @csspart promoted - The "promoted from a post" link or button.
 * @csspart moderation - Why the note is hidden (shown to its owner and the space's owners; nobody else receives it).
 * @csspart actions - Edit and History buttons.
 * @csspart button - Every button.
 * @csspart form - The edit form.
 * @csspart field - A label with its control.
 * @csspart field-error - A field's validation message (and the list's "at most 10 files" message).
 * @csspart files - The editor's group of files: the note's files, the uploads, "Attach files", why Save waits.
 * @csspart note-file - One of the note's files in the editor: its name, "Removed when you save" once removed, its Remove toggle.
 * @csspart remove-file - The Remove toggle of one of the note's files (`aria-pressed="true"` once pressed; also `button`).
 * @csspart attach - The "Attach files" button of the editor (where the client can upload).
 * @csspart attachment - One file being attached: thumbnail (images), name, kind, size, progress while uploading, Cancel / Remove / Retry.
 * @csspart upload-error - Why a file could not be uploaded.
 * @csspart alt - The description of an image or a video being attached, asked of the author.
 * @csspart drop - Shown in the files' group while files are dragged over the form.
 * @csspart message - Refusals and conflicts (role="alert"), and the server's problems about files beside them.
 * @csspart status - Loading and saved notices.
 * @csspart conflict - The conflict: alert, both versions and their actions.
 * @csspart version - One version in the conflict (theirs or yours).
 * @csspart history - The revision history.
 * @csspart diff - The diff of two revisions.
 * @csspart mention-list - The `@` people picker's listbox, under the text box while someone is being mentioned.
 * @csspart mention-option - A person in it (name, then title and site); `aria-selected="true"` on the one the arrow keys chose.
 *
 * @cssproperty --eco-knowledge-note-background - Card background.
 * @cssproperty --eco-knowledge-note-border-color - Card, field and version borders.
 * @cssproperty --eco-knowledge-note-radius - Corner radius.
 * @cssproperty --eco-knowledge-note-padding - Card padding.
 * @cssproperty --eco-knowledge-note-muted-color - Secondary text.
 * @cssproperty --eco-knowledge-note-accent-color - Buttons, links and the reviewed/reference badges.
 * @cssproperty --eco-knowledge-note-accent-text-color - Text on accent buttons.
 * @cssproperty --eco-knowledge-note-badge-background - Badge and tag background.
 * @cssproperty --eco-knowledge-note-danger-color - Overdue, errors, obsolete badge and removed words.
 * @cssproperty --eco-knowledge-note-danger-background - Background of alerts and removed words.
 * @cssproperty --eco-knowledge-note-inserted-background - Background of added words.
 * @cssproperty --eco-knowledge-note-code-background - Background of code in the body.
 *
 * @event {EcoNoteSaveEvent} eco-note-save - The server accepted an edit: `{ note }` with its new revision.
 * @event {EcoOpenPersonEvent} eco-open-person - The owner's name or a mention in the body was activated: `{ actorId }`; cancelable (then no card dialog opens).
 * @event {EcoOpenPostEvent} eco-open-post - "Promoted from a post" was activated and there is no `post-href-template`: `{ postId }`.
 * @event {EcoErrorEvent} eco-error - Loading (`load`, also the editor's files when their code cannot be loaded), saving (`save-note`, not for conflicts, which the element resolves) or loading the history (`load-history`) failed.
 */
export class EcoKnowledgeNote extends EcoElement {
  static override styles = styles;
  static strings = [knowledgeNoteStrings];

  /**
   * The note: its id (attribute `note`), or a KnowledgeNote object (property).
   * With an object and a client, the element still follows `client.note$(note.id)`.
   */
  @property() note?: string | KnowledgeNote;

  /**
   * URL of a post, with `{id}` where the post id goes (e.g. `/posts/{id}`), for
   * the "promoted from a post" link. Without it, that backlink is a button
   * that emits `eco-open-post`.
   */
  @property({ attribute: 'post-href-template' }) postHrefTemplate?: string;

  /** Bumped by Retry to resubscribe. */
  @state() private attempt = 0;

  private readonly live = new ObservableController<
    KnowledgeNote | undefined,
    readonly [EcotoneClient | undefined, string | undefined, number]
  >(
    this,
    () => [this.resolvedClient, this.noteId, this.attempt] as const,
    ([client, id]) => (client && id ? client.note$(id) : undefined),
  );

  private readonly clock = new ClockController(this, RELATIVE_TIME_REFRESH_MS);
  private readonly focusing = new FocusController(this);
  /** A person's card, opened from the owner's name or a mention chip (emits eco-open-person). */
  private readonly personDialog = new PersonDialogController(this);
  private readonly classification = classificationLabel(this, () => this.resolvedClient);
  private readonly linkCard = new LazyModuleController(this, importLinkCard, (error) => this.emit('eco-error', { action: 'load', error }));
  private readonly attachmentsModule = new LazyModuleController(this, importAttachments, (error) => this.emit('eco-error', { action: 'load', error }));
  private readonly edit = new NoteEditController(this, {
    focusAfterRender: (target) => this.focusing.focusAfterRender(target),
    saved: (note) => this.emit('eco-note-save', { note }),
    failed: (error) => this.emit('eco-error', { action: 'save-note', error }),
  });
  private readonly filesModule = new LazyModuleController(this, importNoteFiles, (error) => this.emit('eco-error', { action: 'load', error }));
  /** The edit the files' module was last asked for: after a failure, the next edit asks again (not every render). */
  private filesFor: KnowledgeNote | undefined;
  private readonly history = new NoteHistoryController(this, {
    client: () => this.resolvedClient,
    note: () => this.currentNote,
    failed: (error) => this.emit('eco-error', { action: 'load-history', error }),
  });
  /** The `@` people picker of the body being edited: people who can read the note's space. */
  private readonly mentions = new MentionsController(this, {
    search: () => {
      const client = this.resolvedClient;
      const spaceId = this.currentNote?.spaceId;
      return client && spaceId ? (q, signal) => client.searchPeople(q, { spaceId, signal }) : undefined;
    },
    client: () => this.resolvedClient,
    locale: () => this.locale,
    t: (key, values) => this.localize.t(key, values),
    errorText: (error) => this.errorText(error),
  });
  /** Writes in the outbox: an edit of this note refused after it had waited offline (a reload since) shows here. */
  private readonly writes = new WritesController(this, () => this.resolvedClient);
  private parsed: { body: string; blocks: MdBlock[] } | undefined;
  private reportedError: unknown;

  /** The id whose note the client had and then dropped (hidden by an owner, deleted): not shown from `note` or the last save any more. */
  private dropped: string | undefined;
  /** The id the client last gave a note for. */
  private liveFor: string | undefined;

  /** Id of the note shown. */
  get noteId(): string | undefined {
    return typeof this.note === 'string' ? this.note || undefined : this.note?.id;
  }

  /** The note rendered: the newest of the live one, the `note` object and the last saved one. */
  get currentNote(): KnowledgeNote | undefined {
    const id = this.noteId;
    if (id !== undefined && this.dropped === id && !this.live.value) return undefined;
    const candidates = [this.live.value, typeof this.note === 'object' ? this.note : undefined, this.edit.latest].filter(
      (n): n is KnowledgeNote => !!n && n.id === id,
    );
    return candidates.reduce<KnowledgeNote | undefined>((a, b) => (!a || b.revision > a.revision ? b : a), undefined);
  }

  /** Whether the edit form is open. */
  get editing(): boolean {
    return this.edit.editing;
  }

  /** The first update waits for the Markdown parser (see updateAfterMarkdown). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return updateAfterMarkdown(this, () => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The client dropped the note it had (an owner hid it from the caller): it goes, even when given as an object.
    const id = this.noteId;
    if (this.live.value?.id === id) {
      this.liveFor = id;
      this.dropped = undefined;
    } else if (id !== undefined && this.liveFor === id && this.dropped !== id && !this.live.value && !this.live.error) {
      this.dropped = id;
      this.edit.reset();
      this.history.reset();
    }
    if (changed.has('note') && changed.get('note') !== undefined) {
      const before = changed.get('note') as string | KnowledgeNote;
      if ((typeof before === 'string' ? before : before.id) !== this.noteId) {
        this.edit.reset();
        this.history.reset();
      }
    }
    if (this.editing && this.filesFor !== this.edit.base) {
      this.filesFor = this.edit.base;
      void this.filesModule.load();
    }
    const module = this.filesModule.value;
    this.edit.files ??= module && new module.NoteFiles(this, this.localize, this.focusing, () => this.resolvedClient, (error) => this.errorText(error));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const error = this.live.error;
    if (error && error !== this.reportedError) {
      this.reportedError = error;
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
    if (this.currentNote?.sources.length) void this.linkCard.load();
    if (this.currentNote?.attachments?.length) void this.attachmentsModule.load();
    this.history.follow();
  }

  private blocksOf(body: string): MdBlock[] {
    if (this.parsed?.body !== body) this.parsed = { body, blocks: parseLoaded(body) };
    return this.parsed.blocks;
  }

  private postHref(postId: string): string | undefined {
    if (!this.postHrefTemplate) return undefined;
    try {
      const url = new URL(this.postHrefTemplate.replaceAll('{id}', encodeURIComponent(postId)), document.baseURI);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  private renderStatusLine(): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const error = this.live.error;
    if (error) {
      const notFound = errorCode(error) === 'not_found' || errorCode(error) === 'forbidden';
      return html`<div part="base" class="base">
        <p part="message" class="message" role="alert">
          ${notFound ? t('noteNotFound') : t('noteLoadError', { reason: this.errorText(error) })}
        </p>
        ${notFound
          ? nothing
          : html`<button part="button retry" type="button" @click=${() => this.attempt++}>${t('noteRetry')}</button>`}
      </div>`;
    }
    const loading = !!this.resolvedClient && !!this.noteId && this.dropped !== this.noteId;
    return html`<p part="base status" class="base status" role="status" aria-busy=${loading ? 'true' : 'false'}>
      ${loading ? t('noteLoading') : t('noteNotFound')}
    </p>`;
  }

  /**
   * An edit the server refused after it had waited offline (a conflict, a
   * lost right): Edit again opens the editor on the note as it is now, with
   * the refused text; Discard forgets it.
   */
  private renderRefusedEdit(note: KnowledgeNote): TemplateResult | typeof nothing {
    const refused = this.writes.refused('note', note.id, (e) => e.request.method === 'PATCH');
    if (!refused) return nothing;
    const t = this.localize.t.bind(this.localize);
    const client = this.resolvedClient;
    const patch = (refused.request.body ?? {}) as Partial<KnowledgeNote>;
    return html`<div part="message" class="message" role="alert">
      <p>${t('noteNotSent', { reason: this.errorText(refusalOf(refused)) })}</p>
      <div part="actions" class="actions">
        <button
          part="button"
          type="button"
          @click=${() => {
            this.edit.edit({ ...note, ...(patch.title === undefined ? {} : { title: patch.title }), ...(patch.body === undefined ? {} : { body: patch.body }) });
            void client?.discardWrite(refused.id);
          }}
        >
          ${t('noteNotSentEdit')}
        </button>
        <button part="button" type="button" @click=${() => void client?.discardWrite(refused.id)}>${t('noteNotSentDiscard')}</button>
      </div>
    </div>`;
  }

  override render() {
    const note = this.currentNote;
    if (!note) return this.renderStatusLine();
    const t = this.localize.t.bind(this.localize);
    const view: NoteViewContext = {
      t,
      locale: this.locale,
      now: this.clock.now,
      errorText: (error) => this.errorText(error),
      openPerson: (person, trigger) => this.personDialog.open(person.id, { name: person.displayName, trigger }),
    };
    const client = this.resolvedClient;
    return html`<article part="base" class="base" aria-labelledby="title">
      ${this.classification(note.spaceId, true)} ${renderNoteHeader(note, view)}
      ${note.moderation
        ? html`<p part="moderation" class="status moderation" role="note">${t('noteHiddenNotice', { reason: note.moderation.reason })}</p>`
        : nothing}
      ${this.editing
        ? renderNoteEditor(this.edit, { ...view, client, mentions: this.mentions })
        : renderNoteReadBody(note, {
            ...view,
            client,
            linkCardReady: this.linkCard.ready,
            attachmentsReady: this.attachmentsModule.ready,
            mentions: mentionContext(note.mentions, this.localize, 'noteMention', this.personDialog),
            blocksOf: (body) => this.blocksOf(body),
            postHref: (postId) => this.postHref(postId),
            openPost: (postId) => this.emit('eco-open-post', { postId }),
          })}
      ${this.editing
        ? nothing
        : html`<div part="actions" class="actions">
            ${this.edit.savedNotice ? html`<p part="status" class="status" role="status">${t('noteSaved')}</p>` : nothing}
            ${note.canEdit
              ? html`<button part="button edit" type="button" @click=${() => this.edit.edit(note)}>${t('noteEdit')}</button>`
              : nothing}
            <button
              part="button history-toggle"
              type="button"
              aria-expanded=${this.history.open ? 'true' : 'false'}
              aria-controls="history"
              @click=${() => this.history.toggle()}
            >
              ${t('noteHistory')}
            </button>
          </div>`}
      ${this.editing ? nothing : this.renderRefusedEdit(note)}
      ${this.history.open ? renderNoteHistory(this.history, view) : nothing}
    </article>`;
  }
}
