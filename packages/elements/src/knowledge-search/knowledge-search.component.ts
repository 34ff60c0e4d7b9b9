import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatCount, type EcotoneClient, type NoteSearch, type NotesState } from '@ecotone/core';
import { NOTE_MATURITIES, type NoteHit, type NoteMaturity, type NoteSearchQuery } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { languageName } from '../base/language-name.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { knowledgeSearchStrings } from '../locales/knowledge-search-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './knowledge-search.styles.js';
import { highlighted } from '../base/highlighted.js';
import { classificationLabel } from '../base/classification.js';

/** Pause after the last keystroke before searching, in milliseconds. */
export const SEARCH_DEBOUNCE_MS = 250;
/** Characters of a note's body shown when the search matched no body text. */
const BODY_EXCERPT_CHARS = 160;

const MATURITY_KEYS: Record<NoteMaturity, MessageKey> = {
  draft: 'knowledgeSearchMaturityDraft',
  reviewed: 'knowledgeSearchMaturityReviewed',
  reference: 'knowledgeSearchMaturityReference',
  obsolete: 'knowledgeSearchMaturityObsolete',
};

export { highlighted } from '../base/highlighted.js';

/**
 * @tag eco-knowledge-search
 *
 * @summary Searches knowledge notes: a search box, tag facets, a maturity
 * filter and ranked results with the matched words highlighted, all
 * reachable from the keyboard.
 *
 * Typing searches after a short pause (250 ms; Enter searches at once).
 * Tag facets are toggle buttons with their counts; choosing one filters by
 * that tag. Results show the title, space, tags, maturity and language, and
 * the matched words in `<mark>` (rendered as text, never as HTML). The
 * number of results is announced politely.
 *
 * Keyboard: ArrowDown in the search box moves to the first result; ArrowDown
 * and ArrowUp move through the results (ArrowUp on the first goes back to
 * the box), Home and End jump, Enter opens the result and Escape goes back to
 * the box. Only one result is in the Tab order.
 *
 * @csspart base - The wrapper.
 * @csspart search - The search field.
 * @csspart filters - The tag facets and the maturity filter.
 * @csspart facet - A tag facet button (`aria-pressed`).
 * @csspart maturity - The maturity `<select>`.
 * @csspart status - The polite live region with the result count.
 * @csspart results - The list of results.
 * @csspart item - One result's box (its title, badges and snippet).
 * @csspart result - A result's title as a button, or a link with `href-template`; it covers the whole item.
 * @csspart title - A result's title, inside `result`.
 * @csspart badge - A space, tag, maturity or language badge.
 * @csspart classification - A result's classification label, after its space (`<eco-classification>`; a server with labels, a space the caller belongs to). Also `classification-<label id>`.
 * @csspart snippet - The excerpt of a result's body.
 * @csspart mark - A matched word.
 * @csspart error - The error message with its Retry button.
 * @csspart more - The "Show more notes" button.
 *
 * @cssproperty --eco-knowledge-search-background - Background of the results.
 * @cssproperty --eco-knowledge-search-border-color - Borders of the field and the results.
 * @cssproperty --eco-knowledge-search-radius - Corner radius.
 * @cssproperty --eco-knowledge-search-muted-color - Badges, snippets and status text.
 * @cssproperty --eco-knowledge-search-active-background - Background of the focused result and of pressed facets.
 * @cssproperty --eco-knowledge-search-mark-background - Background of matched words.
 * @cssproperty --eco-knowledge-search-danger-color - Colour of errors.
 *
 * @event {EcoNoteSelectEvent} eco-note-select - A result was chosen (click or Enter); `detail.noteId`. Also sent for links (`href-template`) before the browser follows them.
 * @event {EcoErrorEvent} eco-error - The search failed (`action: 'search'`).
 */
export class EcoKnowledgeSearch extends EcoElement {
  static override styles = styles;
  static strings = [knowledgeSearchStrings];

  /** Only notes of this space (id); all spaces the reader may see when absent. */
  @property({ reflect: false }) space?: string;

  /** The words to search for at first; the search box then holds what the reader types. */
  @property() query = '';

  /** Only notes with this tag; the tag facets set and clear it. */
  @property() tag?: string;

  /** Only notes of this maturity (`draft`, `reviewed`, `reference`, `obsolete`); the maturity filter sets it. */
  @property() maturity?: NoteMaturity;

  /** Results per page (1 to 50; the server's default when absent). */
  @property({ type: Number }) limit?: number;

  /**
   * Makes results links: `{id}` is replaced by the note's id (URL-encoded),
   * e.g. `note.html?id={id}`. Without it, results are buttons and the host
   * opens the note on `eco-note-select`.
   */
  @property({ attribute: 'href-template' }) hrefTemplate?: string;

  /** What the search box holds. */
  @state() private text = '';
  /** The words searched for: `text` once typing has paused. */
  @state() private searched = '';
  /** The result that has the roving tabindex (-1: none yet). */
  @state() private active = -1;
  /** Space names by id, for the badges. */
  @state() private spaceNames: Readonly<Record<string, string>> = {};

  private debounce: ReturnType<typeof setTimeout> | undefined;
  private current: NoteSearch | undefined;
  private reportedError: unknown;
  private namesFor: EcotoneClient | undefined;
  /** Arrow keys move focus along the results (the active one becomes the tab stop first). */
  private readonly focusing = new FocusController(this);
  private readonly classification = classificationLabel(this, () => this.resolvedClient);
  private readonly ids = `eco-ks-${Math.random().toString(36).slice(2, 8)}`;

  private readonly results = new ObservableController<
    NotesState,
    readonly [EcotoneClient | undefined, string, string | undefined, string | undefined, string | undefined, number | undefined]
  >(
    this,
    () => [this.resolvedClient, this.searched, this.space, this.tag, this.maturity, this.limit] as const,
    ([client, q, space, tag, maturity, limit]) => {
      this.current = undefined;
      if (!client) return undefined;
      const query: NoteSearchQuery = { q: q || undefined, space: space || undefined, tag: tag || undefined };
      if (maturity && (NOTE_MATURITIES as readonly string[]).includes(maturity)) query.maturity = maturity as NoteMaturity;
      if (limit) query.limit = limit;
      this.current = client.notes(query);
      return this.current.state$;
    },
  );

  /** The search state shown (undefined before a client is known). */
  get state(): NotesState | undefined {
    return this.results.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('query')) {
      this.text = this.query;
      this.searched = this.query.trim();
    }
    if (changed.has('searched') || changed.has('tag') || changed.has('maturity') || changed.has('space')) this.active = -1;
    const client = this.resolvedClient;
    if (client && client !== this.namesFor) {
      this.namesFor = client;
      client.spaces().then(
        (spaces) => (this.spaceNames = Object.fromEntries(spaces.map((s) => [s.id, s.name]))),
        () => undefined,
      );
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const error = this.results.error ?? this.state?.error;
    if (error && error !== this.reportedError) {
      this.reportedError = error;
      this.emit('eco-error', { action: 'search', error: error as Error });
    }
  }

  /** Moves the keyboard focus to the search box. */
  override focus(options?: FocusOptions): void {
    this.box?.focus(options);
  }

  private get box(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  private get resultElements(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="result"]')];
  }

  private handleInput(e: Event): void {
    this.text = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => (this.searched = this.text.trim()), SEARCH_DEBOUNCE_MS);
  }

  private handleBoxKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      clearTimeout(this.debounce);
      this.searched = this.text.trim();
    } else if (e.key === 'ArrowDown' && (this.state?.hits.length ?? 0) > 0) {
      e.preventDefault();
      this.moveTo(0);
    } else if (e.key === 'Escape' && this.text) {
      // As a native search field does: Escape clears what was typed.
      e.preventDefault();
      this.text = '';
      clearTimeout(this.debounce);
      this.searched = '';
    }
  }

  private handleResultKeydown(e: KeyboardEvent, index: number): void {
    const last = (this.state?.hits.length ?? 0) - 1;
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = Math.min(index + 1, last);
    else if (e.key === 'ArrowUp') next = index - 1;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    else if (e.key === 'Escape') next = -1;
    if (next === undefined) return;
    e.preventDefault();
    if (next < 0) this.box?.focus();
    else this.moveTo(next);
  }

  private moveTo(index: number): void {
    this.active = index;
    this.focusing.focusAfterRender(() => this.resultElements[index]);
  }

  private handleSelect(hit: NoteHit, index: number): void {
    this.active = index;
    this.emit('eco-note-select', { noteId: hit.note.id });
  }

  private handleFacet(tag: string): void {
    this.tag = this.tag === tag ? undefined : tag;
  }

  private handleMaturity(e: Event): void {
    const value = (e.target as HTMLSelectElement).value;
    this.maturity = value ? (value as NoteMaturity) : undefined;
  }

  private handleRetry(): void {
    const state = this.state;
    if (state?.status === 'ready' && state.error) void this.current?.loadMore();
    else if (this.current) void this.current.refresh();
    else this.requestUpdate();
  }

  private handleMore(): void {
    void this.current?.loadMore();
  }

  private hrefOf(noteId: string): string | undefined {
    return this.hrefTemplate ? this.hrefTemplate.split('{id}').join(encodeURIComponent(noteId)) : undefined;
  }

  private renderFilters(state: NotesState | undefined) {
    const tags = [...(state?.tags ?? [])];
    // A chosen tag stays visible (and pressed) even when a new search has no count for it yet.
    if (this.tag && !tags.some((t) => t.tag === this.tag)) tags.unshift({ tag: this.tag, count: 0 });
    const locale = this.locale;
    return html`<div part="filters" class="filters">
      ${tags.length > 0
        ? html`<div role="group" class="facets" aria-label=${this.localize.t('knowledgeSearchTags')}>
            ${tags.map(
              ({ tag, count }) =>
                html`<button
                  type="button"
                  part="facet"
                  class="facet"
                  aria-pressed=${this.tag === tag ? 'true' : 'false'}
                  aria-label=${this.localize.t('knowledgeSearchTagCount', { tag, formatted: formatCount(count, locale) })}
                  @click=${() => this.handleFacet(tag)}
                >
                  <span aria-hidden="true" dir="auto">#${tag}</span> <span class="count" aria-hidden="true">${formatCount(count, locale)}</span>
                </button>`,
            )}
          </div>`
        : nothing}
      <label class="maturity"
        ><span>${this.localize.t('knowledgeSearchMaturity')}</span>
        <select part="maturity" @change=${this.handleMaturity}>
          <option value="" ?selected=${!this.maturity}>${this.localize.t('knowledgeSearchMaturityAny')}</option>
          ${NOTE_MATURITIES.map(
            (m) => html`<option value=${m} ?selected=${this.maturity === m}>${this.localize.t(MATURITY_KEYS[m])}</option>`,
          )}
        </select></label
      >
    </div>`;
  }

  private renderHit(hit: NoteHit, index: number) {
    const { note } = hit;
    const title = hit.highlights.find((h) => h.field === 'title');
    const body = hit.highlights.find((h) => h.field === 'body');
    const id = `${this.ids}-${index}`;
    const excerpt = body
      ? highlighted(body.text, body.ranges)
      : note.body
        ? note.body.slice(0, BODY_EXCERPT_CHARS) + (note.body.length > BODY_EXCERPT_CHARS ? '…' : '')
        : '';
    const tabindex = index === Math.max(this.active, 0) ? '0' : '-1';
    const language = languageName(note.language, this.locale);
    // The result (button or link) holds the title only, so its name is the
    // title; it stretches over the whole item (::after), and the badges and
    // the snippet describe it.
    const title_ = html`<span part="title" class="title" dir="auto">${title ? highlighted(title.text, title.ranges) : note.title}</span>`;
    const describedBy = excerpt ? `${id}-m ${id}-s` : `${id}-m`;
    const href = this.hrefOf(note.id);
    const keydown = (e: KeyboardEvent) => this.handleResultKeydown(e, index);
    return html`<li part="item" class="item" lang=${note.language}>
      ${href
        ? html`<a
            part="result"
            class="result"
            href=${href}
            tabindex=${tabindex}
            aria-describedby=${describedBy}
            @click=${() => this.handleSelect(hit, index)}
            @keydown=${keydown}
            >${title_}</a
          >`
        : html`<button
            type="button"
            part="result"
            class="result"
            tabindex=${tabindex}
            aria-describedby=${describedBy}
            @click=${() => this.handleSelect(hit, index)}
            @keydown=${keydown}
          >
            ${title_}
          </button>`}
      <span class="meta" id="${id}-m">
        <span part="badge" class="badge space" dir="auto">${this.spaceNames[note.spaceId] ?? note.spaceId}</span>
        ${this.classification(note.spaceId, true)}
        <span part="badge" class="badge maturity ${note.maturity}">${this.localize.t(MATURITY_KEYS[note.maturity])}</span>
        <span part="badge" class="badge language" lang=${this.locale}>${language}</span>
        ${note.tags.map((t) => html`<span part="badge" class="badge tag" dir="auto">#${t}</span>`)}
      </span>
      ${excerpt ? html`<span part="snippet" class="snippet" id="${id}-s">${excerpt}</span>` : nothing}
    </li>`;
  }

  private renderStatus(state: NotesState | undefined): string {
    if (!state || state.status === 'loading') return this.localize.t('knowledgeSearchLoading');
    if (state.status === 'error') return '';
    if (state.hits.length === 0) return this.localize.t('knowledgeSearchEmpty');
    return this.localize.t('knowledgeSearchCount', { count: state.total, formatted: formatCount(state.total, this.locale) });
  }

  protected override render() {
    const state = this.state;
    const error = this.results.error ?? state?.error;
    const loading = !state || state.status === 'loading';
    return html`<div part="base" class="base">
      <label class="search-label" for="${this.ids}-q">${this.localize.t('knowledgeSearchLabel')}</label>
      <input
        id="${this.ids}-q"
        part="search"
        class="search"
        type="search"
        autocomplete="off"
        spellcheck="false"
        aria-describedby="${this.ids}-hint"
        aria-controls="${this.ids}-list"
        .value=${this.text}
        @input=${this.handleInput}
        @keydown=${this.handleBoxKeydown}
      />
      <span id="${this.ids}-hint" class="visually-hidden">${this.localize.t('knowledgeSearchHint')}</span>
      ${this.renderFilters(state)}
      <p part="status" class="status" role="status">${this.renderStatus(state)}</p>
      ${error && !state?.loadingMore
        ? html`<p part="error" class="error" role="alert">
            ${this.errorText(error)}
            <button type="button" class="retry" @click=${this.handleRetry}>${this.localize.t('knowledgeSearchRetry')}</button>
          </p>`
        : nothing}
      <ul
        id="${this.ids}-list"
        part="results"
        class="results"
        aria-label=${this.localize.t('knowledgeSearchResults')}
        aria-busy=${loading ? 'true' : 'false'}
      >
        ${(state?.hits ?? []).map((hit, i) => this.renderHit(hit, i))}
      </ul>
      ${state?.hasMore
        ? html`<button type="button" part="more" class="more" ?disabled=${state.loadingMore} @click=${this.handleMore}>
            ${this.localize.t(state.loadingMore ? 'knowledgeSearchLoadingMore' : 'knowledgeSearchLoadMore')}
          </button>`
        : nothing}
    </div>`;
  }
}
