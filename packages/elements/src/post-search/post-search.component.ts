import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatCount, formatDateTime, type EcotoneClient } from '@ecotone/core';
import { POST_SEARCH_QUERY_MAX_CHARS, postSearchPath, type PostHit, type PostSearchResult } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { withBdi } from '../base/bidi.js';
import { highlighted } from '../base/highlighted.js';
import { languageName } from '../base/language-name.js';
import { plainText } from '../base/plain-text.js';
import { postSearchStrings } from '../locales/post-search-strings.js';
import styles from './post-search.styles.js';

/** Pause after the last keystroke before searching, in milliseconds. */
export const POST_SEARCH_DEBOUNCE_MS = 250;
/** Characters of a hit's text shown around its first match. */
const EXCERPT_CHARS = 220;
/** Characters kept before the first match in an excerpt. */
const EXCERPT_LEAD = 60;
const PAGE_SIZE = 20;

type Range = readonly [number, number];

export { plainText };

/**
 * A window of `text` around its first highlighted word (about
 * EXCERPT_CHARS), cut at word boundaries, with the ranges moved into it.
 */
export function excerpt(text: string, ranges: readonly Range[]): { text: string; ranges: Range[]; before: boolean; after: boolean } {
  if (text.length <= EXCERPT_CHARS) return { text, ranges: [...ranges], before: false, after: false };
  const first = Math.min(...ranges.map((r) => r[0]), text.length);
  let start = Math.max(0, Math.min(first - EXCERPT_LEAD, text.length - EXCERPT_CHARS));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < first) start = space + 1;
  }
  let end = Math.min(text.length, start + EXCERPT_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const moved = ranges
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]) => [Math.max(s, start) - start, Math.min(e, end) - start] as const);
  return { text: text.slice(start, end), ranges: moved, before: start > 0, after: end < text.length };
}

/**
 * @tag eco-post-search
 *
 * @summary Searches posts in every language they are written in: a French
 * reader's "sécurité" finds a German post by its French variant. Each
 * result shows the language that matched, with the words found marked.
 *
 * @csspart base - The `<section>`.
 * @csspart input - The search box.
 * @csspart status - What is happening: a hint, searching, the count, nothing found (a polite live region).
 * @csspart results - The list of results.
 * @csspart result - One result (`<article>`, focusable; arrow keys move between results).
 * @csspart byline - Author and date of a result.
 * @csspart language - The language badge of the text that matched.
 * @csspart excerpt - The text around the words found (its `lang` is the matched language).
 * @csspart mark - A word found (`<mark>`).
 * @csspart open - The link (with `post-href`) or button that opens the post.
 * @csspart error - A failed search, with Retry.
 * @csspart more - "More results".
 *
 * @cssproperty --eco-post-search-border-color - Box and separators.
 * @cssproperty --eco-post-search-muted-color - Secondary text.
 * @cssproperty --eco-post-search-mark-background - Background of the words found.
 * @cssproperty --eco-post-search-link-color - The open link or button.
 * @cssproperty --eco-post-search-error-color - Error text.
 * @cssproperty --eco-post-search-error-background - Error background.
 *
 * @event {EcoOpenPostEvent} eco-open-post - A result was opened and there is no `post-href`: `detail.postId`.
 * @event {EcoErrorEvent} eco-error - A search failed (`search`, `load-more`); the element shows a message with Retry.
 */
export class EcoPostSearch extends EcoElement {
  static override styles = styles;
  static strings = [postSearchStrings];

  /** Only posts of these spaces (ids separated by spaces or commas); every readable space by default. */
  @property() spaces = '';
  /** Words to search for at first (the box's initial value). */
  @property() query = '';
  /** Link of each result, `{id}` replaced by the post id (e.g. `/posts/{id}`); results are buttons emitting `eco-open-post` without it. */
  @property({ attribute: 'post-href' }) postHref = '';

  @state() private text = '';
  @state() private searched = '';
  @state() private hits: readonly PostHit[] = [];
  @state() private total = 0;
  @state() private cursor: string | null = null;
  @state() private status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private loadingMore = false;
  @state() private error: unknown;
  /** Whether the last failure was of "More results" (the shown results stay). */
  @state() private moreFailed = false;

  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older search are dropped. */
  private generation = 0;
  private searchedWith: readonly [EcotoneClient | undefined, string, string] | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.text = this.query;
    this.searched = this.query.trim();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
  }

  /** Moves the keyboard focus to the search box. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('query') && changed.get('query') !== undefined) {
      this.text = this.query;
      this.searched = this.query.trim();
    }
    const key = [this.resolvedClient, this.searched, this.spaceList()] as const;
    const previous = this.searchedWith;
    if (!previous || previous[0] !== key[0] || previous[1] !== key[1] || previous[2] !== key[2]) {
      this.searchedWith = key;
      void this.search(false);
    }
  }

  private spaceList(): string {
    return [...new Set(this.spaces.split(/[\s,]+/).filter(Boolean))].sort().join(',');
  }

  private async search(more: boolean): Promise<void> {
    const client = this.resolvedClient;
    const q = this.searched;
    const generation = more ? this.generation : ++this.generation;
    if (!client || !q) {
      this.status = 'idle';
      this.hits = [];
      this.total = 0;
      this.cursor = null;
      return;
    }
    if (more) this.loadingMore = true;
    else this.status = 'loading';
    this.error = undefined;
    this.moreFailed = false;
    const spaces = this.spaceList();
    try {
      const page = await client.request<PostSearchResult>({
        method: 'GET',
        path: postSearchPath(),
        query: { q, spaces: spaces || undefined, limit: PAGE_SIZE, cursor: more ? (this.cursor ?? undefined) : undefined },
      });
      if (generation !== this.generation) return;
      this.hits = more ? [...this.hits, ...page.items] : page.items;
      this.total = page.total;
      this.cursor = page.nextCursor;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error;
      this.moreFailed = more;
      if (!more) this.status = 'error';
      this.emit('eco-error', { action: more ? 'load-more' : 'search', error: error as Error });
    } finally {
      if (generation === this.generation) this.loadingMore = false;
    }
  }

  private handleInput(e: Event): void {
    this.text = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => (this.searched = this.text.trim()), POST_SEARCH_DEBOUNCE_MS);
  }

  private handleBoxKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      clearTimeout(this.debounce);
      this.searched = this.text.trim();
    } else if (e.key === 'ArrowDown' && this.hits.length > 0) {
      e.preventDefault();
      this.results()[0]?.focus();
    }
  }

  private handleResultKeydown(e: KeyboardEvent, index: number): void {
    const results = this.results();
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = Math.min(index + 1, results.length - 1);
    else if (e.key === 'ArrowUp') next = index - 1;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = results.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    if (next < 0) this.focus();
    else results[next]?.focus();
  }

  private results(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="result"]')];
  }

  private hrefOf(postId: string): string {
    return this.postHref ? this.postHref.split('{id}').join(encodeURIComponent(postId)) : '';
  }

  protected override render(): TemplateResult {
    const t = (key: Parameters<typeof this.localize.t>[0], opts?: Record<string, string | number>) => this.localize.t(key, opts);
    return html`<section part="base" class="base" aria-labelledby="label" aria-busy=${this.status === 'loading' ? 'true' : 'false'}>
      <div role="search">
        <label id="label" for="q">${t('postSearchLabel')}</label>
        <input
          id="q"
          part="input"
          type="search"
          autocomplete="off"
          maxlength=${POST_SEARCH_QUERY_MAX_CHARS}
          .value=${this.text}
          @input=${this.handleInput}
          @keydown=${this.handleBoxKeydown}
          aria-describedby="status"
        />
      </div>
      ${this.renderStatus()}
      ${this.hits.length > 0
        ? html`<ol part="results" class="results" aria-label=${t('postSearchResults')}>
            ${this.hits.map((hit, i) => this.renderHit(hit, i))}
          </ol>`
        : nothing}
      ${this.cursor && this.status === 'ready'
        ? html`<button part="more" type="button" class="more" ?disabled=${this.loadingMore} @click=${() => void this.search(true)}>
            ${this.loadingMore ? t('postSearchLoadingMore') : t('postSearchMore')}
          </button>`
        : nothing}
    </section>`;
  }

  private renderStatus(): TemplateResult {
    const t = (key: Parameters<typeof this.localize.t>[0], opts?: Record<string, string | number>) => this.localize.t(key, opts);
    if (this.status === 'error' || this.moreFailed) {
      return html`<div part="error" class="error" role="alert">
        <span id="status">${t(this.moreFailed ? 'postSearchMoreFailed' : 'postSearchFailed', { reason: this.errorText(this.error) })}</span>
        <button type="button" @click=${() => void this.search(this.moreFailed)}>${t('postSearchRetry')}</button>
      </div>`;
    }
    let text: string;
    if (this.status === 'idle') text = t('postSearchHint');
    else if (this.status === 'loading') text = t('postSearchSearching');
    else if (this.total === 0) text = t('postSearchNone', { query: this.searched });
    else text = t('postSearchCount', { count: this.total, formatted: formatCount(this.total, this.locale) });
    return html`<p part="status" class="status" id="status" role="status">${text}</p>`;
  }

  private renderHit(hit: PostHit, index: number): TemplateResult {
    const t = (key: Parameters<typeof this.localize.t>[0], opts?: Record<string, string | number>) => this.localize.t(key, opts);
    const { post } = hit;
    const plain = plainText(hit.text, hit.highlights);
    const shown = excerpt(plain.text, plain.ranges);
    const href = this.hrefOf(post.id);
    const titleId = `r-${index}`;
    const openLabel = withBdi((author) => t('postSearchOpen', { author }), post.author.displayName);
    return html`<li>
      <article part="result" class="result" tabindex="0" aria-labelledby=${titleId} @keydown=${(e: KeyboardEvent) => this.handleResultKeydown(e, index)}>
        <p part="byline" class="byline" id=${titleId}>
          <span class="author" dir="auto">${post.author.displayName}</span>
          <time datetime=${post.createdAt}>${formatDateTime(post.createdAt, this.locale, { dateStyle: 'medium' })}</time>
          <abbr part="language" class="language" title=${languageName(hit.locale)}>${hit.locale.toUpperCase()}</abbr>
        </p>
        <p part="excerpt" class="excerpt" lang=${hit.locale}>${shown.before ? '… ' : ''}${highlighted(shown.text, shown.ranges)}${shown.after ? ' …' : ''}</p>
        ${href
          ? html`<a part="open" class="open" href=${href}>${openLabel}</a>`
          : html`<button part="open" class="open" type="button" @click=${() => this.emit('eco-open-post', { postId: post.id })}>${openLabel}</button>`}
      </article>
    </li>`;
  }
}
