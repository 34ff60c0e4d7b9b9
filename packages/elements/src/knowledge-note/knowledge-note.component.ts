import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { conflictCurrent, formatRelativeTime, parseMarkdown, type EcotoneClient, type MdBlock } from '@ecotone/core';
import {
  NOTE_BODY_MAX_CHARS,
  NOTE_MATURITIES,
  NOTE_SOURCES_MAX,
  NOTE_TAGS_MAX,
  NOTE_TITLE_MAX_CHARS,
  SUPPORTED_LOCALES,
  type KnowledgeNote,
  type Locale,
  type NoteMaturity,
  type NotePatch,
  type NoteRevision,
} from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { isolate } from '../base/bidi.js';
import { errorCode } from '../base/error-message.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { renderBody } from '../post/markdown-template.js';
import { knowledgeNoteStrings } from '../locales/knowledge-note-strings.js';
import type { MessageKey } from '../locales/locales.js';
import type { DiffPart } from './note-diff.js';
import styles from './knowledge-note.styles.js';

/** How often relative times and the overdue mark are recomputed, in milliseconds. */
const RELATIVE_TIME_REFRESH_MS = 60_000;
/** Same rule as the protocol's NoteTag. */
const TAG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}-]{1,40}$/u;

const MATURITY_KEYS: Readonly<Record<NoteMaturity, MessageKey>> = {
  draft: 'noteMaturityDraft',
  reviewed: 'noteMaturityReviewed',
  reference: 'noteMaturityReference',
  obsolete: 'noteMaturityObsolete',
};

/** The link card loads only for notes with sources; shared by every note of the page. */
let linkCardModule: Promise<unknown> | undefined;
function loadLinkCard(): Promise<unknown> {
  linkCardModule ??= import('../link-card/link-card.js');
  return linkCardModule;
}

/** jsdiff loads only when a history is opened. */
let diffModule: Promise<typeof import('./note-diff.js')> | undefined;
function loadDiff(): Promise<typeof import('./note-diff.js')> {
  diffModule ??= import('./note-diff.js');
  return diffModule;
}

/** The edit form's fields, as typed. */
interface Draft {
  title: string;
  body: string;
  language: Locale;
  tags: string;
  sources: string;
  maturity: NoteMaturity;
  reviewBy: string;
}
type Field = keyof Draft;
type Changes = Omit<NotePatch, 'baseRevision'>;

function draftOf(note: KnowledgeNote): Draft {
  return {
    title: note.title,
    body: note.body,
    language: note.language,
    tags: note.tags.join(', '),
    sources: note.sources.map((s) => s.url).join('\n'),
    maturity: note.maturity,
    reviewBy: note.reviewBy ?? '',
  };
}

const tagsOf = (draft: Draft) =>
  draft.tags
    .split(',')
    .map((t) => t.trim().toLocaleLowerCase())
    .filter(Boolean);
const sourcesOf = (draft: Draft) =>
  draft.sources
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The fields of `draft` that differ from `note`. */
function changesFrom(draft: Draft, note: KnowledgeNote): Changes {
  const changes: Changes = {};
  if (draft.title.trim() !== note.title) changes.title = draft.title.trim();
  if (draft.body !== note.body) changes.body = draft.body;
  if (draft.language !== note.language) changes.language = draft.language;
  const tags = tagsOf(draft);
  if (!sameList(tags, note.tags)) changes.tags = tags;
  const sources = sourcesOf(draft);
  if (!sameList(sources, note.sources.map((s) => s.url))) changes.sources = sources;
  if (draft.maturity !== note.maturity) changes.maturity = draft.maturity;
  const reviewBy = draft.reviewBy || null;
  if (reviewBy !== note.reviewBy) changes.reviewBy = reviewBy;
  return changes;
}

/** The draft with every field it did not change since `from` taken from `onto`. */
function rebase(draft: Draft, from: KnowledgeNote, onto: KnowledgeNote): Draft {
  const before = draftOf(from);
  const theirs = draftOf(onto);
  const rebased = { ...draft };
  for (const field of Object.keys(draft) as Field[]) {
    if (draft[field] === before[field]) (rebased as Record<Field, string>)[field] = theirs[field];
  }
  return rebased;
}

function isWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
}

/** Today as `YYYY-MM-DD` in the reader's time zone. */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A calendar date in words ("3 March 2027"), without a time zone shift. */
function formatCalendarDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
}

function languageName(language: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/**
 * @tag eco-knowledge-note
 *
 * @summary A knowledge note: read view (title, maturity, review date, owner,
 * Markdown body, sources as link cards, tags, backlink), edit form with
 * conflict resolution, and revision history with a word-level diff.
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
 *
 * @csspart base - The `<article>` (or the loading, error and not-found line).
 * @csspart header - Title, maturity, meta line, review date and tags.
 * @csspart title - The title (`<h2>`).
 * @csspart maturity - The maturity badge (text, coloured per maturity).
 * @csspart meta - Owner, last update and language.
 * @csspart review - The review-by date (`overdue` is added when it has passed).
 * @csspart tags - The list of tags.
 * @csspart tag - One tag.
 * @csspart body - The rendered Markdown body (its `lang` is the note's language).
 * @csspart sources - The sources section.
 * @csspart link-card - The `base` part of each source's `<eco-link-card>`.
 * @csspart promoted - The "promoted from a post" link or button.
 * @csspart actions - Edit and History buttons.
 * @csspart button - Every button.
 * @csspart form - The edit form.
 * @csspart field - A label with its control.
 * @csspart field-error - A field's validation message.
 * @csspart message - Refusals and conflicts (role="alert").
 * @csspart status - Loading and saved notices.
 * @csspart conflict - The conflict: alert, both versions and their actions.
 * @csspart version - One version in the conflict (theirs or yours).
 * @csspart history - The revision history.
 * @csspart diff - The diff of two revisions.
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
 * @event {EcoOpenPostEvent} eco-open-post - "Promoted from a post" was activated and there is no `post-href-template`: `{ postId }`.
 * @event {EcoErrorEvent} eco-error - Loading (`load`), saving (`save-note`, not for conflicts, which the element resolves) or loading the history (`load-history`) failed.
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

  @state() private now = Date.now();
  /** Bumped by Retry to resubscribe. */
  @state() private attempt = 0;
  /** The note the edit started from, while editing. */
  @state() private base: KnowledgeNote | undefined;
  @state() private draft: Draft | undefined;
  @state() private fieldErrors: Partial<Record<Field, string>> = {};
  /** The server's current note after a stale save: theirs, shown beside the draft. */
  @state() private conflict: KnowledgeNote | undefined;
  /** A newer note than the live one may know yet (the answer to a save, or theirs after Take theirs). */
  @state() private latest: KnowledgeNote | undefined;
  @state() private savedNotice = false;
  @state() private linkCardReady = false;
  @state() private historyOpen = false;
  @state() private revisions: NoteRevision[] | undefined;
  @state() private historyError: unknown;
  @state() private diff: typeof import('./note-diff.js') | undefined;
  @state() private compareFrom = 0;
  @state() private compareTo = 0;

  private readonly live = new ObservableController<
    KnowledgeNote | undefined,
    readonly [EcotoneClient | undefined, string | undefined, number]
  >(
    this,
    () => [this.resolvedClient, this.noteId, this.attempt] as const,
    ([client, id]) => (client && id ? client.note$(id) : undefined),
  );

  private readonly write = new AsyncStatusController<KnowledgeNote>(this);
  private timer: ReturnType<typeof setInterval> | undefined;
  private parsed: { body: string; blocks: MdBlock[] } | undefined;
  private reportedError: unknown;
  private historyRevision = 0;
  private focusAfterRender: string | undefined;

  /** Id of the note shown. */
  get noteId(): string | undefined {
    return typeof this.note === 'string' ? this.note || undefined : this.note?.id;
  }

  /** The note rendered: the newest of the live one, the `note` object and the last saved one. */
  get currentNote(): KnowledgeNote | undefined {
    const id = this.noteId;
    const candidates = [this.live.value, typeof this.note === 'object' ? this.note : undefined, this.latest].filter(
      (n): n is KnowledgeNote => !!n && n.id === id,
    );
    return candidates.reduce<KnowledgeNote | undefined>((a, b) => (!a || b.revision > a.revision ? b : a), undefined);
  }

  /** Whether the edit form is open. */
  get editing(): boolean {
    return this.draft !== undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => (this.now = Date.now()), RELATIVE_TIME_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('note') && changed.get('note') !== undefined) {
      const before = changed.get('note') as string | KnowledgeNote;
      if ((typeof before === 'string' ? before : before.id) !== this.noteId) this.resetAll();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const error = this.live.error;
    if (error && error !== this.reportedError) {
      this.reportedError = error;
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
    const note = this.currentNote;
    if (!this.linkCardReady && note?.sources.length) {
      void loadLinkCard().then(
        () => (this.linkCardReady = true),
        (err: unknown) => this.emit('eco-error', { action: 'load', error: err as Error }),
      );
    }
    if (this.historyOpen && note && note.revision !== this.historyRevision) void this.loadHistory();
    if (this.focusAfterRender) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
      this.focusAfterRender = undefined;
      target?.focus();
    }
  }

  private resetAll(): void {
    this.draft = undefined;
    this.base = undefined;
    this.conflict = undefined;
    this.latest = undefined;
    this.fieldErrors = {};
    this.savedNotice = false;
    this.historyOpen = false;
    this.revisions = undefined;
    this.write.reset();
  }

  // ---- editing -------------------------------------------------------------

  private handleEdit(): void {
    const note = this.currentNote;
    if (!note) return;
    this.base = note;
    this.draft = draftOf(note);
    this.fieldErrors = {};
    this.conflict = undefined;
    this.savedNotice = false;
    this.write.reset();
    this.focusAfterRender = '#f-title';
  }

  private handleCancel(): void {
    this.draft = undefined;
    this.base = undefined;
    this.conflict = undefined;
    this.fieldErrors = {};
    this.write.reset();
    this.focusAfterRender = '[part~="edit"]';
  }

  private handleInput(field: Field, event: Event): void {
    if (!this.draft) return;
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
    this.draft = { ...this.draft, [field]: value };
    if (this.fieldErrors[field]) {
      const { [field]: _gone, ...rest } = this.fieldErrors;
      this.fieldErrors = rest;
    }
  }

  private validate(draft: Draft): Partial<Record<Field, string>> {
    const t = this.localize.t.bind(this.localize);
    const errors: Partial<Record<Field, string>> = {};
    const title = draft.title.trim();
    if (!title) errors.title = t('noteTitleRequired');
    else if (title.length > NOTE_TITLE_MAX_CHARS) errors.title = t('noteTooLong', { max: NOTE_TITLE_MAX_CHARS });
    if (draft.body.length > NOTE_BODY_MAX_CHARS) errors.body = t('noteTooLong', { max: NOTE_BODY_MAX_CHARS });
    const tags = tagsOf(draft);
    const badTag = tags.find((tag) => !TAG_PATTERN.test(tag));
    if (badTag !== undefined) errors.tags = t('noteTagInvalid', { tag: badTag });
    else if (tags.length > NOTE_TAGS_MAX) errors.tags = t('noteTooMany', { max: NOTE_TAGS_MAX });
    const sources = sourcesOf(draft);
    const badSource = sources.find((url) => !isWebUrl(url));
    if (badSource !== undefined) errors.sources = t('noteSourceInvalid', { url: badSource });
    else if (sources.length > NOTE_SOURCES_MAX) errors.sources = t('noteTooMany', { max: NOTE_SOURCES_MAX });
    return errors;
  }

  /**
   * Saves the draft over `reference` (the note the edit started from, or
   * theirs after a conflict); resolves true when the server accepted it.
   */
  private async save(reference: KnowledgeNote): Promise<boolean> {
    const client = this.resolvedClient;
    const draft = this.draft;
    if (!client || !draft || this.write.pending) return false;
    const errors = this.validate(draft);
    this.fieldErrors = errors;
    const firstInvalid = (Object.keys(errors) as Field[])[0];
    if (firstInvalid) {
      this.focusAfterRender = `#f-${firstInvalid}`;
      return false;
    }
    const changes = changesFrom(draft, reference);
    if (Object.keys(changes).length === 0 && !this.conflict) {
      this.handleCancel();
      return true;
    }
    const result = await this.write.run(() => client.saveNote(reference.id, { baseRevision: reference.revision, ...changes }));
    if (!result) return false;
    if (!result.ok) {
      const theirs = conflictCurrent(result.error);
      if (theirs) {
        // Nothing is lost: the fields the person changed stay as typed, the
        // others take their value, and their whole version is shown beside it.
        this.draft = rebase(draft, reference, theirs);
        this.base = theirs;
        this.conflict = theirs;
        this.focusAfterRender = '[part~="conflict"]';
      } else {
        this.emit('eco-error', { action: 'save-note', error: result.error as Error });
        this.focusAfterRender = '[part~="message"]';
      }
      return false;
    }
    const saved = result.value;
    this.latest = saved;
    this.draft = undefined;
    this.base = undefined;
    this.conflict = undefined;
    this.savedNotice = true;
    this.focusAfterRender = '[part~="edit"]';
    this.emit('eco-note-save', { note: saved });
    return true;
  }

  private handleSubmit(event: Event): void {
    event.preventDefault();
    const reference = this.conflict ?? this.base;
    if (reference) void this.save(reference);
  }

  /** Keep mine: the draft saved again over their revision. */
  private handleKeepMine(): void {
    if (this.conflict) void this.save(this.conflict);
  }

  /** Take theirs: the draft is discarded and their version shown. */
  private handleTakeTheirs(): void {
    const theirs = this.conflict;
    this.handleCancel();
    if (theirs && (!this.latest || theirs.revision > this.latest.revision)) this.latest = theirs;
  }

  // ---- history -------------------------------------------------------------

  private handleHistoryToggle(): void {
    this.historyOpen = !this.historyOpen;
    if (this.historyOpen) void this.loadHistory();
  }

  private async loadHistory(): Promise<void> {
    const client = this.resolvedClient;
    const note = this.currentNote;
    if (!client || !note) return;
    this.historyRevision = note.revision;
    this.historyError = undefined;
    try {
      const [diff, revisions] = await Promise.all([loadDiff(), client.noteRevisions(note.id)]);
      if (this.currentNote?.id !== note.id) return;
      this.diff = diff;
      const keep = this.revisions !== undefined && this.compareTo !== this.revisions.at(-1)?.revision;
      this.revisions = revisions;
      if (!keep) this.selectRevision(revisions.at(-1)?.revision ?? 0);
    } catch (error) {
      this.historyError = error;
      this.historyRevision = 0;
      this.emit('eco-error', { action: 'load-history', error: error as Error });
    }
  }

  /** Compares a revision with its predecessor. */
  private selectRevision(revision: number): void {
    const list = this.revisions ?? [];
    const index = list.findIndex((r) => r.revision === revision);
    this.compareTo = revision;
    this.compareFrom = index > 0 ? (list[index - 1]?.revision ?? 0) : 0;
  }

  // ---- rendering -----------------------------------------------------------

  private blocksOf(body: string): MdBlock[] {
    if (this.parsed?.body !== body) this.parsed = { body, blocks: parseMarkdown(body) };
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
    const loading = !!this.resolvedClient && !!this.noteId;
    return html`<p part="base status" class="base status" role="status" aria-busy=${loading ? 'true' : 'false'}>
      ${loading ? t('noteLoading') : t('noteNotFound')}
    </p>`;
  }

  override render() {
    const note = this.currentNote;
    if (!note) return this.renderStatusLine();
    const t = this.localize.t.bind(this.localize);
    return html`<article part="base" class="base" aria-labelledby="title">
      ${this.renderHeader(note)}
      ${this.editing ? this.renderEditor() : this.renderReadBody(note)}
      ${this.editing
        ? nothing
        : html`<div part="actions" class="actions">
            ${this.savedNotice ? html`<p part="status" class="status" role="status">${t('noteSaved')}</p>` : nothing}
            ${note.canEdit ? html`<button part="button edit" type="button" @click=${this.handleEdit}>${t('noteEdit')}</button>` : nothing}
            <button
              part="button history-toggle"
              type="button"
              aria-expanded=${this.historyOpen ? 'true' : 'false'}
              aria-controls="history"
              @click=${this.handleHistoryToggle}
            >
              ${t('noteHistory')}
            </button>
          </div>`}
      ${this.historyOpen ? this.renderHistory() : nothing}
    </article>`;
  }

  private renderHeader(note: KnowledgeNote): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const locale = this.locale;
    const updated = new Date(note.updatedAt);
    const fullDate = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(updated);
    const overdue = note.reviewBy !== null && note.reviewBy < localDate(this.now);
    return html`<header part="header" class="header">
      <h2 id="title" part="title" class="title" lang=${note.language} dir="auto">${note.title}</h2>
      <p class="line">
        <span part="maturity" class="badge maturity ${note.maturity}"
          >${t('noteMaturity', { maturity: t(MATURITY_KEYS[note.maturity]) })}</span
        >
        ${note.reviewBy
          ? html`<span part="review${overdue ? ' overdue' : ''}" class="review ${overdue ? 'overdue' : ''}"
              ><time datetime=${note.reviewBy}>${t('noteReviewBy', { date: formatCalendarDate(note.reviewBy, locale) })}</time
              >${overdue ? html` <strong class="overdue-mark">${t('noteOverdue')}</strong>` : nothing}</span
            >`
          : nothing}
      </p>
      <p part="meta" class="meta">
        <span>${t('noteOwner', { name: isolate(note.owner.displayName) })}</span> ·
        <span
          ><time datetime=${note.updatedAt} title=${fullDate}
            >${t('noteUpdated', { time: formatRelativeTime(updated, locale, new Date(this.now)), name: isolate(note.updatedBy.displayName) })}</time
          ></span
        >
        · <span>${t('noteLanguage', { language: languageName(note.language, locale) })}</span>
      </p>
      ${note.tags.length
        ? html`<ul part="tags" class="tags" aria-label=${t('noteTags')}>
            ${note.tags.map((tag) => html`<li part="tag" class="tag" dir="auto">${tag}</li>`)}
          </ul>`
        : nothing}
    </header>`;
  }

  private renderReadBody(note: KnowledgeNote): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const promoted = note.promotedFrom;
    const postHref = promoted ? this.postHref(promoted) : undefined;
    return html`<div part="body" class="body" lang=${note.language}>${renderBody(note.body, (body) => this.blocksOf(body))}</div>
      ${note.sources.length
        ? html`<section part="sources" class="sources" aria-labelledby="sources-heading">
            <h3 id="sources-heading">${t('noteSources')}</h3>
            <ul>
              ${note.sources.map(
                (source) =>
                  html`<li>
                    ${this.linkCardReady
                      ? source.preview
                        ? html`<eco-link-card exportparts="base: link-card" .client=${this.resolvedClient} .preview=${source.preview}></eco-link-card>`
                        : html`<eco-link-card exportparts="base: link-card" .client=${this.resolvedClient} href=${source.url}></eco-link-card>`
                      : html`<span class="source-url">${source.url}</span>`}
                  </li>`,
              )}
            </ul>
          </section>`
        : nothing}
      ${promoted
        ? html`<p class="promoted-line">
            ${postHref
              ? html`<a part="promoted" href=${postHref}>${t('notePromotedFrom')}</a>`
              : html`<button part="button promoted" type="button" @click=${() => this.emit('eco-open-post', { postId: promoted })}>
                  ${t('notePromotedFrom')}
                </button>`}
          </p>`
        : nothing}`;
  }

  private renderField(field: Field, label: string, control: TemplateResult, hint?: string): TemplateResult {
    const error = this.fieldErrors[field];
    return html`<div part="field" class="field">
      <label for="f-${field}">${label}</label>
      ${hint ? html`<span id="h-${field}" class="hint">${hint}</span>` : nothing} ${control}
      ${error ? html`<span id="e-${field}" part="field-error" class="field-error">${error}</span>` : nothing}
    </div>`;
  }

  /** `aria-describedby` of a field: its hint and its error. */
  private describedBy(field: Field, hasHint = false): string | typeof nothing {
    const ids = [hasHint ? `h-${field}` : '', this.fieldErrors[field] ? `e-${field}` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  private renderEditor(): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const draft = this.draft!;
    const pending = this.write.pending;
    const invalid = (field: Field) => (this.fieldErrors[field] ? 'true' : 'false');
    const failed = this.write.status === 'error' && !this.conflict;
    const hasErrors = Object.keys(this.fieldErrors).length > 0;
    return html`${this.conflict ? this.renderConflict(this.conflict, draft) : nothing}
      <form part="form" class="form" aria-label=${t('noteEditing')} novalidate @submit=${this.handleSubmit}>
        ${this.renderField(
          'title',
          t('noteTitleField'),
          html`<input
            id="f-title"
            type="text"
            required
            maxlength=${NOTE_TITLE_MAX_CHARS}
            .value=${draft.title}
            aria-invalid=${invalid('title')}
            aria-describedby=${this.describedBy('title')}
            ?disabled=${pending}
            @input=${(e: Event) => this.handleInput('title', e)}
          />`,
        )}
        ${this.renderField(
          'body',
          t('noteBodyField'),
          html`<textarea
            id="f-body"
            rows="8"
            .value=${draft.body}
            aria-invalid=${invalid('body')}
            aria-describedby=${this.describedBy('body')}
            ?disabled=${pending}
            @input=${(e: Event) => this.handleInput('body', e)}
          ></textarea>`,
        )}
        <div class="row">
          ${this.renderField(
            'language',
            t('noteLanguageField'),
            html`<select id="f-language" ?disabled=${pending} @change=${(e: Event) => this.handleInput('language', e)}>
              ${SUPPORTED_LOCALES.map(
                (lng) => html`<option value=${lng} ?selected=${draft.language === lng}>${languageName(lng, this.locale)}</option>`,
              )}
            </select>`,
          )}
          ${this.renderField(
            'maturity',
            t('noteMaturityField'),
            html`<select id="f-maturity" ?disabled=${pending} @change=${(e: Event) => this.handleInput('maturity', e)}>
              ${NOTE_MATURITIES.map(
                (m) => html`<option value=${m} ?selected=${draft.maturity === m}>${t(MATURITY_KEYS[m])}</option>`,
              )}
            </select>`,
          )}
          ${this.renderField(
            'reviewBy',
            t('noteReviewByField'),
            html`<input
              id="f-reviewBy"
              type="date"
              .value=${draft.reviewBy}
              ?disabled=${pending}
              @input=${(e: Event) => this.handleInput('reviewBy', e)}
              @change=${(e: Event) => this.handleInput('reviewBy', e)}
            />`,
          )}
        </div>
        ${this.renderField(
          'tags',
          t('noteTagsField'),
          html`<input
            id="f-tags"
            type="text"
            .value=${draft.tags}
            aria-invalid=${invalid('tags')}
            aria-describedby=${this.describedBy('tags', true)}
            ?disabled=${pending}
            @input=${(e: Event) => this.handleInput('tags', e)}
          />`,
          t('noteTagsHint'),
        )}
        ${this.renderField(
          'sources',
          t('noteSourcesField'),
          html`<textarea
            id="f-sources"
            rows="3"
            .value=${draft.sources}
            aria-invalid=${invalid('sources')}
            aria-describedby=${this.describedBy('sources', true)}
            ?disabled=${pending}
            @input=${(e: Event) => this.handleInput('sources', e)}
          ></textarea>`,
          t('noteSourcesHint'),
        )}
        ${hasErrors ? html`<p part="message" class="message" role="alert">${t('noteInvalid')}</p>` : nothing}
        ${failed
          ? html`<p part="message" class="message" role="alert" tabindex="-1">
              ${t('noteSaveError', { reason: this.errorText(this.write.error) })}
            </p>`
          : nothing}
        <div part="actions" class="actions">
          <button part="button save" class="primary" type="submit" ?disabled=${pending} aria-disabled=${pending ? 'true' : 'false'}>
            ${pending ? t('noteSaving') : t('noteSave')}
          </button>
          <button part="button cancel" type="button" ?disabled=${pending} @click=${this.handleCancel}>${t('noteCancel')}</button>
        </div>
        ${pending ? html`<p part="status" class="visually-hidden" role="status">${t('noteSaving')}</p>` : nothing}
      </form>`;
  }

  private renderVersion(
    heading: string,
    id: string,
    version: { title: string; body: string; language: string; tags: readonly string[]; sources: readonly string[]; maturity: NoteMaturity; reviewBy: string | null },
  ): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const none = t('noteNone');
    return html`<section part="version" class="version" aria-labelledby=${id}>
      <h3 id=${id}>${heading}</h3>
      <dl>
        <dt>${t('noteTitleField')}</dt>
        <dd lang=${version.language} dir="auto">${version.title}</dd>
        <dt>${t('noteBodyField')}</dt>
        <dd class="pre" lang=${version.language}>${version.body || none}</dd>
        <dt>${t('noteLanguageField')}</dt>
        <dd>${languageName(version.language, this.locale)}</dd>
        <dt>${t('noteMaturityField')}</dt>
        <dd>${t(MATURITY_KEYS[version.maturity])}</dd>
        <dt>${t('noteReviewByField')}</dt>
        <dd>${version.reviewBy ? formatCalendarDate(version.reviewBy, this.locale) : none}</dd>
        <dt>${t('noteTagsField')}</dt>
        <dd>${version.tags.length ? version.tags.join(', ') : none}</dd>
        <dt>${t('noteSourcesField')}</dt>
        <dd class="pre">${version.sources.length ? version.sources.join('\n') : none}</dd>
      </dl>
    </section>`;
  }

  private renderConflict(theirs: KnowledgeNote, draft: Draft): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const pending = this.write.pending;
    return html`<section part="conflict" class="conflict" tabindex="-1" aria-labelledby="conflict-title">
      <div part="message" class="message" role="alert">
        <p id="conflict-title"><strong>${t('noteConflict')}</strong></p>
        <p>${t('noteConflictHelp')}</p>
      </div>
      <div class="versions">
        ${this.renderVersion(t('noteTheirs', { revision: theirs.revision, name: isolate(theirs.updatedBy.displayName) }), 'theirs-heading', {
          ...theirs,
          sources: theirs.sources.map((s) => s.url),
        })}
        ${this.renderVersion(t('noteYours'), 'yours-heading', {
          title: draft.title.trim(),
          body: draft.body,
          language: draft.language,
          tags: tagsOf(draft),
          sources: sourcesOf(draft),
          maturity: draft.maturity,
          reviewBy: draft.reviewBy || null,
        })}
      </div>
      <div part="actions" class="actions">
        <button part="button keep-mine" class="primary" type="button" ?disabled=${pending} @click=${this.handleKeepMine}>
          ${t('noteKeepMine')}
        </button>
        <button part="button take-theirs" type="button" ?disabled=${pending} @click=${this.handleTakeTheirs}>${t('noteTakeTheirs')}</button>
      </div>
    </section>`;
  }

  private renderHistory(): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const locale = this.locale;
    const revisions = this.revisions;
    let content: TemplateResult;
    if (this.historyError && !revisions) {
      content = html`<p part="message" class="message" role="alert">
          ${t('noteHistoryError', { reason: this.errorText(this.historyError) })}
        </p>
        <button part="button retry" type="button" @click=${() => void this.loadHistory()}>${t('noteRetry')}</button>`;
    } else if (!revisions || !this.diff) {
      content = html`<p part="status" class="status" role="status" aria-busy="true">${t('noteHistoryLoading')}</p>`;
    } else {
      const options = (selected: number, withNone: boolean) => html`${withNone
          ? html`<option value="0" ?selected=${selected === 0}>${t('noteNone')}</option>`
          : nothing}${revisions.map(
          (r) => html`<option value=${r.revision} ?selected=${r.revision === selected}>${t('noteRevision', { revision: r.revision })}</option>`,
        )}`;
      content = html`<ol class="revisions">
          ${revisions
            .slice()
            .reverse()
            .map(
              (r) => html`<li>
                <button
                  part="button revision"
                  type="button"
                  aria-pressed=${r.revision === this.compareTo ? 'true' : 'false'}
                  @click=${() => this.selectRevision(r.revision)}
                >
                  ${t('noteRevision', { revision: r.revision })}
                </button>
                <span class="muted"
                  >${t('noteRevisionBy', {
                    name: isolate(r.author.displayName),
                    time: formatRelativeTime(new Date(r.createdAt), locale, new Date(this.now)),
                  })}</span
                >
              </li>`,
            )}
        </ol>
        <div class="row compare">
          <label
            >${t('noteCompareFrom')}
            <select @change=${(e: Event) => (this.compareFrom = Number((e.target as HTMLSelectElement).value))}>
              ${options(this.compareFrom, true)}
            </select></label
          >
          <label
            >${t('noteCompareTo')}
            <select @change=${(e: Event) => (this.compareTo = Number((e.target as HTMLSelectElement).value))}>
              ${options(this.compareTo, false)}
            </select></label
          >
        </div>
        ${this.renderDiff(revisions, this.diff)}`;
    }
    return html`<section id="history" part="history" class="history" aria-labelledby="history-heading">
      <h3 id="history-heading">${t('noteHistory')}</h3>
      ${content}
    </section>`;
  }

  private renderDiff(revisions: readonly NoteRevision[], diff: typeof import('./note-diff.js')): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const from = revisions.find((r) => r.revision === this.compareFrom);
    const to = revisions.find((r) => r.revision === this.compareTo);
    if (!to) return html``;
    const title = diff.wordDiff(from?.title ?? '', to.title);
    const body = diff.wordDiff(from?.body ?? '', to.body);
    const unchanged = [...title, ...body].every((p) => p.kind === 'same');
    return html`<section part="diff" class="diff" aria-labelledby="diff-heading">
      <h4 id="diff-heading">${t('noteDiffHeading', { from: from?.revision ?? 0, to: to.revision })}</h4>
      ${unchanged ? html`<p class="muted">${t('noteNoChanges')}</p>` : nothing}
      <h5>${t('noteTitleField')}</h5>
      <p class="diff-text title-diff" lang=${to.language}>${this.renderParts(title)}</p>
      <h5>${t('noteBodyField')}</h5>
      <p class="diff-text body-diff pre" lang=${to.language}>${this.renderParts(body)}</p>
    </section>`;
  }

  private renderParts(parts: readonly DiffPart[]): TemplateResult[] {
    const t = this.localize.t.bind(this.localize);
    return parts.map((part) =>
      part.kind === 'ins'
        ? html`<ins><span class="visually-hidden">[${t('noteAdded')}] </span>${part.text}</ins>`
        : part.kind === 'del'
          ? html`<del><span class="visually-hidden">[${t('noteRemoved')}] </span>${part.text}</del>`
          : html`${part.text}`,
    );
  }
}
