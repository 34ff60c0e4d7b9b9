import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatCount, formatRelativeTime, parseMarkdown, pickVariant, postLanguages, type EcotoneClient, type MdBlock } from '@ecotone/core';
import type { Locale, Post } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { languageName } from '../base/language-name.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { EcoLikeButton } from '../like-button/like-button.component.js';
import { renderBlocks } from './markdown-template.js';
import { feedStrings } from '../locales/feed-strings.js';
import styles from './post.styles.js';

/** How often relative times ("3 minutes ago") are recomputed, in milliseconds. */
const RELATIVE_TIME_REFRESH_MS = 60_000;

/** Reaction kinds shown until the server's configuration is known. */
const FALLBACK_REACTION_KINDS: readonly string[] = ['like'];

/** Server reaction kinds per client, so a feed of 50 posts asks once. */
const reactionKindsByClient = new WeakMap<EcotoneClient, Promise<readonly string[]>>();
function reactionKindsOf(client: EcotoneClient): Promise<readonly string[]> {
  let kinds = reactionKindsByClient.get(client);
  if (!kinds) {
    kinds = client.me().then(
      (me) => me.reactionKinds,
      () => FALLBACK_REACTION_KINDS,
    );
    reactionKindsByClient.set(client, kinds);
  }
  return kinds;
}

/**
 * The poll and survey elements load only for posts that carry polls, so a
 * feed without polls never downloads them. Shared by every post of the page.
 */
let pollModules: Promise<unknown> | undefined;
function loadPollElements(): Promise<unknown> {
  pollModules ??= Promise.all([import('../poll/poll.js'), import('../survey/survey.js')]);
  return pollModules;
}

/**
 * The link card loads only for posts that carry a link preview, like the
 * poll elements. Shared by every post of the page.
 */
let linkCardModule: Promise<unknown> | undefined;
function loadLinkCard(): Promise<unknown> {
  linkCardModule ??= import('../link-card/link-card.js');
  return linkCardModule;
}

/** The comments element loads when a reader first opens a post's comments. */
let commentsModule: Promise<unknown> | undefined;
function loadComments(): Promise<unknown> {
  commentsModule ??= import('../comments/comments.js');
  return commentsModule;
}

/** Up to two initials of a display name, for the avatar placeholder. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w ?? '')[0]?.toUpperCase() ?? '').join('');
}

/**
 * @tag eco-post
 *
 * @summary One post: author, time, Markdown body rendered safely, reactions.
 *
 * @dependency eco-like-button
 *
 * @csspart base - The `<article>`.
 * @csspart header - Author and time.
 * @csspart avatar - The avatar (initials, or the image when the author has one).
 * @csspart author - The author's name.
 * @csspart meta - Site and time line.
 * @csspart badge - The kind badge of announcements and questions.
 * @csspart body - The rendered Markdown body (its `lang` is the shown variant's locale).
 * @csspart language - The language badge of the shown body.
 * @csspart languages - The "Languages of this post" switch (posts with variants).
 * @csspart language-button - One button of the switch (`aria-pressed` on the shown one).
 * @csspart machine-note - "Machine translation" note under a machine variant.
 * @csspart polls - Wrapper of the post's poll (`<eco-poll>`) or survey (`<eco-survey>`), loaded lazily.
 * @csspart poll - The `base` part of its `<eco-poll>`.
 * @csspart survey - The `base` part of its `<eco-survey>`.
 * @csspart link-card - The `base` part of its `<eco-link-card>` (the preview of its first link, loaded lazily).
 * @csspart footer - Reaction bar and comment count.
 * @csspart reactions - The group of reaction buttons.
 * @csspart comments - The comment count: a button (`aria-expanded`) that opens the comments.
 * @csspart comments-panel - The `base` part of its `<eco-comments>` (loaded lazily when opened).
 *
 * @cssproperty --eco-post-background - Card background.
 * @cssproperty --eco-post-border-color - Card border colour.
 * @cssproperty --eco-post-radius - Card corner radius.
 * @cssproperty --eco-post-padding - Card padding.
 * @cssproperty --eco-post-muted-color - Colour of secondary text.
 * @cssproperty --eco-post-link-color - Colour of links in the body.
 * @cssproperty --eco-post-avatar-background - Avatar and badge background.
 * @cssproperty --eco-post-avatar-color - Avatar initials and badge colour.
 * @cssproperty --eco-post-code-background - Background of code in the body.
 *
 * @event {EcoReactionChangeEvent} eco-reaction-change - From its reaction buttons.
 * @event {EcoErrorEvent} eco-error - From its reaction buttons and polls; `action: 'load'` when the poll or link card elements failed to load.
 * @event {EcoVoteEvent} eco-vote - From its poll.
 * @event {EcoSurveySubmitEvent} eco-survey-submit - From its survey.
 */
export class EcoPost extends EcoElement {
  static override styles = styles;
  static strings = [feedStrings];
  static dependencies = { 'eco-like-button': EcoLikeButton };

  /** The post to show. When set, `post-id` is ignored. */
  @property({ attribute: false }) post?: Post;

  /** Id of a post to fetch and keep current through the client (when `post` is not set). */
  @property({ attribute: 'post-id', reflect: true }) postId?: string;

  /** Position in an enclosing feed (`aria-posinset`), set by `<eco-feed>`. */
  @property({ type: Number }) posinset?: number;

  /** Size of an enclosing feed (`aria-setsize`, -1 when unknown), set by `<eco-feed>`. */
  @property({ type: Number }) setsize?: number;

  @state() private reactionKinds: readonly string[] = FALLBACK_REACTION_KINDS;
  @state() private now = Date.now();
  /** The poll and survey elements are defined (imported on the first post with polls). */
  @state() private pollsReady = false;
  /** `<eco-link-card>` is defined (imported on the first post with a link preview). */
  @state() private linkCardReady = false;
  /** The language the reader chose in the switch; the reader's own (or the source) until then. */
  @state() private chosenLocale: Locale | undefined;
  /** The comments are open (and `<eco-comments>` is defined once `commentsReady`). */
  @state() private commentsOpen = false;
  @state() private commentsReady = false;

  private readonly fetched = new ObservableController<Post | undefined, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.post ? undefined : this.postId] as const,
    ([client, postId]) => (client && postId ? client.post$(postId) : undefined),
  );

  private kindsClient: EcotoneClient | undefined;
  /** The post the language choice and open comments belong to. */
  private shownId: string | undefined;
  private parsed: { body: string; blocks: MdBlock[] } | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** The post rendered: the `post` property, else the fetched one. */
  get currentPost(): Post | undefined {
    return this.post ?? this.fetched.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => (this.now = Date.now()), RELATIVE_TIME_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  /** Moves focus to the article (used by the feed's Page Up / Page Down). */
  override focus(options?: FocusOptions): void {
    const article = this.renderRoot.querySelector<HTMLElement>('article');
    // A post just added by the feed has not rendered yet: focus once it has.
    if (article) article.focus(options);
    else void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('article')?.focus(options));
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // A feed may reuse this element for another post: the reader's choices were about the previous one.
    const id = this.currentPost?.id;
    if (id !== this.shownId) {
      this.shownId = id;
      this.chosenLocale = undefined;
      this.commentsOpen = false;
    }
    const client = this.resolvedClient;
    if (client && client !== this.kindsClient) {
      this.kindsClient = client;
      void reactionKindsOf(client).then((kinds) => {
        if (this.kindsClient === client) this.reactionKinds = kinds;
      });
    }
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (!this.pollsReady && this.currentPost?.polls?.length) {
      void loadPollElements().then(
        () => (this.pollsReady = true),
        (error: unknown) => this.emit('eco-error', { action: 'load', error: error as Error }),
      );
    }
    if (!this.linkCardReady && this.currentPost?.linkPreview) {
      void loadLinkCard().then(
        () => (this.linkCardReady = true),
        (error: unknown) => this.emit('eco-error', { action: 'load', error: error as Error }),
      );
    }
  }

  private renderPolls(post: Post) {
    const polls = post.polls ?? [];
    if (polls.length === 0) return nothing;
    if (!this.pollsReady) return html`<p part="polls" class="status" aria-busy="true">${this.localize.t('pollsLoading')}</p>`;
    return html`<div part="polls" class="polls">
      ${polls.length === 1
        ? html`<eco-poll exportparts="base: poll" .client=${this.resolvedClient} .poll=${polls[0]}></eco-poll>`
        : html`<eco-survey exportparts="base: survey" .client=${this.resolvedClient} .post=${post}></eco-survey>`}
    </div>`;
  }

  private handleToggleComments(): void {
    this.commentsOpen = !this.commentsOpen;
    if (this.commentsOpen && !this.commentsReady) {
      void loadComments().then(
        () => (this.commentsReady = true),
        (error: unknown) => this.emit('eco-error', { action: 'load', error: error as Error }),
      );
    }
  }

  /** The switch between the source and the variants (only for posts with variants). */
  private renderLanguages(post: Post, shown: Locale) {
    const languages = postLanguages(post);
    if (languages.length < 2) return nothing;
    return html`<div part="languages" class="languages" role="group" aria-label=${this.localize.t('postLanguages')}>
      ${languages.map(
        (l) =>
          html`<button
            part="language-button"
            type="button"
            lang=${l}
            aria-pressed=${l === shown ? 'true' : 'false'}
            @click=${() => (this.chosenLocale = l)}
          >
            ${l === post.locale ? this.localize.t('postOriginal', { language: languageName(l) }) : languageName(l)}
          </button>`,
      )}
    </div>`;
  }

  private blocksOf(body: string): MdBlock[] {
    if (this.parsed?.body !== body) this.parsed = { body, blocks: parseMarkdown(body) };
    return this.parsed.blocks;
  }

  override render() {
    const post = this.currentPost;
    if (!post) {
      const loading = !!this.resolvedClient && !!this.postId && !this.fetched.error && this.fetched.value === undefined;
      return html`<article part="base" aria-busy=${loading ? 'true' : 'false'} aria-label=${this.localize.t(loading ? 'postLoading' : 'postUnavailable')}>
        <p class="status">${this.localize.t(loading ? 'postLoading' : 'postUnavailable')}</p>
      </article>`;
    }
    const locale = this.locale;
    const created = new Date(post.createdAt);
    const fullDate = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(created);
    const author = post.author;
    const shown = pickVariant(post, this.chosenLocale ?? locale);
    const kindBadge =
      post.kind === 'announcement' ? 'postKindAnnouncement' : post.kind === 'question' ? 'postKindQuestion' : undefined;
    return html`<article
      part="base"
      tabindex="-1"
      aria-label=${this.localize.t('postLabel', { author: author.displayName })}
      aria-posinset=${this.posinset ?? nothing}
      aria-setsize=${this.setsize ?? nothing}
    >
      <header part="header">
        <span part="avatar" class="avatar" aria-hidden="true"
          >${author.avatarUrl ? html`<img src=${author.avatarUrl} alt="" />` : initials(author.displayName)}</span
        >
        <span class="byline">
          <span part="author" class="author">${author.displayName}</span>
          <span part="meta" class="meta"
            >${author.site ? html`${author.site} · ` : nothing}<time datetime=${post.createdAt} title=${fullDate}
              >${formatRelativeTime(created, locale, new Date(this.now))}</time
            >${post.editedAt ? html` · ${this.localize.t('postEdited')}` : nothing}</span
          >
        </span>
        ${kindBadge ? html`<span part="badge" class="badge">${this.localize.t(kindBadge)}</span>` : nothing}
        <abbr part="language" class="language" title=${languageName(shown.locale)}>${shown.locale.toUpperCase()}</abbr>
      </header>
      ${this.renderLanguages(post, shown.locale)}
      <div part="body" class="body" lang=${shown.locale}>${renderBlocks(this.blocksOf(shown.body))}</div>
      ${shown.machine ? html`<p part="machine-note" class="status">${this.localize.t('postMachineTranslation')}</p>` : nothing}
      ${post.linkPreview && this.linkCardReady
        ? html`<eco-link-card exportparts="base: link-card" .client=${this.resolvedClient} .preview=${post.linkPreview}></eco-link-card>`
        : nothing}
      ${this.renderPolls(post)}
      <footer part="footer">
        <div part="reactions" class="reactions" role="group" aria-label=${this.localize.t('reactions')}>
          ${this.reactionKinds.map(
            (kind) => html`<eco-like-button .client=${this.resolvedClient} object=${post.id} kind=${kind}></eco-like-button>`,
          )}
        </div>
        <button
          part="comments"
          class="comments"
          type="button"
          aria-expanded=${this.commentsOpen ? 'true' : 'false'}
          aria-controls="comments"
          @click=${this.handleToggleComments}
        >
          ${post.commentCount > 0
            ? this.localize.t('comments', { count: post.commentCount, formatted: formatCount(post.commentCount, locale) })
            : this.localize.t('commentsNone')}
        </button>
      </footer>
      <div id="comments" ?hidden=${!this.commentsOpen}>
        ${this.commentsOpen && this.commentsReady
          ? html`<eco-comments exportparts="base: comments-panel" .client=${this.resolvedClient} .post=${post.id}></eco-comments>`
          : nothing}
      </div>
    </article>`;
  }
}
