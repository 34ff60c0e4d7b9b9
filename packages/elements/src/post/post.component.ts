import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  formatCount,
  formatDateTime,
  formatRelativeTime,
  isPinnedAt,
  loadMarkdown,
  pickVariant,
  postLanguages,
  type EcotoneClient,
} from '@ecotone/core';
import { ALL_CAPABILITIES, canDeletePost, offeredReactionKinds, type AcknowledgementSummary, type Locale, type Me, type Post, type SpaceCapabilities } from '@ecotone/protocol';
import { avatar } from '../base/avatar.js';
import { EcoElement, hasRendered } from '../base/eco-element.js';
import { announces, callerOf, knownCallerOf, roleIn } from '../base/caller.js';
import { classificationLabel } from '../base/classification.js';
import { CHECK_ICON, PIN_ICON } from '../base/icons.js';
import { languageName } from '../base/language-name.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { LazyModuleController, moduleArrived, preloadModule } from '../controllers/lazy-module-controller.js';
import { PersonDialogController } from '../controllers/person-dialog-controller.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { EcoLikeButton } from '../like-button/like-button.component.js';
import { EcoAttachments } from '../attachments/attachments.component.js';
import { renderBody, updateAfterMarkdown } from './markdown-template.js';
import { mentionContext } from '../mentions/mention-chip.js';
import { postExtensionDefined, postExtensionTag } from '../base/post-extensions.js';
import { aheadOfRendering } from '../base/tasks.js';
import { supportedLocale } from '../controllers/localize-controller.js';
import { feedStrings } from '../locales/feed-strings.js';
import styles from './post.styles.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';

/** How often relative times ("3 minutes ago") are recomputed, in milliseconds. */
const RELATIVE_TIME_REFRESH_MS = 60_000;

/** Reaction kinds shown until the server's configuration is known. */
const FALLBACK_REACTION_KINDS: readonly string[] = ['like'];


/**
 * The poll and survey elements load only for posts that carry polls, so a
 * feed without polls never downloads them; the link card only for posts that
 * carry a link preview; the comments when a reader first opens them. Each is
 * imported once for every post of the page (LazyModuleController).
 */
const importPollElements = () => Promise.all([import('../poll/poll.js'), import('../survey/survey.js')]);
const importLinkCard = () => import('../link-card/link-card.js');
const importComments = () => import('../comments/comments.js');
/** The report dialog, only once someone reports a post. */
const importReportDialog = () => import('../moderation/report-dialog.js');
/** A technology-watch item's element, loaded with the first watch post. */
const importWatchItem = () => import('../watch/watch-item.js');
/** The card of a quoted post, loaded with the first post that quotes one. */
const importQuotedPost = () => import('../quote/quoted-post.js');
/** A talk-show's session and question queue, only for talk-show posts. */
const importTalkShowElements = () => Promise.all([import('../talk-show/talk-show-session.js'), import('../talk-show/talk-show-questions.js')]);

/** The modules a post's own render shows its parts with, and their elements' tags, by what the post carries (see EcoPost.modulesFor). */
const PART_MODULES: readonly (readonly [(post: Post) => unknown, () => Promise<unknown>, (post: Post) => readonly string[]])[] = [
  [(post) => post.polls?.length, importPollElements, (post) => [post.polls!.length > 1 ? 'eco-survey' : 'eco-poll']],
  [(post) => post.linkPreview, importLinkCard, () => ['eco-link-card']],
  [(post) => post.talkShow, importTalkShowElements, () => ['eco-talk-show-session', 'eco-talk-show-questions']],
  [(post) => post.watch, importWatchItem, () => ['eco-watch-item']],
  [(post) => post.quoted, importQuotedPost, () => ['eco-quoted-post']],
];
/** Whether a post needs a part's module, by the module's loader. */
const NEEDS_PART = new Map(PART_MODULES.map(([has, loader]) => [loader, has]));

/** The full date of the time's tooltip (core keeps one formatter per locale and options: making one costs more than using it). */
const FULL_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/**
 * @tag eco-post
 *
 * @summary One post: author, time, Markdown body rendered safely, reactions;
 * for announcements, the pin and the read acknowledgement.
 *
 * @dependency eco-like-button
 *
 * @csspart base - The `<article>`.
 * @csspart header - Author and time.
 * @csspart avatar - The avatar (initials, or the image when the author has one).
 * @csspart author - The author's name: a button that opens their card (`eco-open-person`, then a dialog unless prevented).
 * @csspart classification - The space's classification label, a badge in the header (`<eco-classification>`; a server with labels, a space the caller belongs to), except in a feed of that space alone, whose banner shows it. Also `classification-<label id>`.
 * @csspart former-member - "former member" after the name of an author whose access has ended.
 * @csspart meta - Site and time line.
 * @csspart badge - The kind badge of announcements and questions.
 * @csspart pinned - "Pinned" (or "Pinned until …") on a post pinned at the top of its space.
 * @csspart scheduled - "Scheduled for …" on a scheduled draft (seen by its author and the space's owners).
 * @csspart acknowledgement - The read acknowledgement of a post that asks for it.
 * @csspart acknowledge - The "I have read this" toggle (`aria-pressed`; "You have read this" once done).
 * @csspart read-count - "Read by N" (for readers who do not see the per-site summary).
 * @csspart readers-toggle - "Read by N — by site" (`aria-expanded`; its author and the space's owners).
 * @csspart readers - The per-site summary the toggle opens.
 * @csspart pin - The Pin / Unpin button (announcements; the space's owners and correspondents).
 * @csspart delete - The Delete button (its author and the space's owners).
 * @csspart delete-confirm - The confirmation the Delete button opens ("Yes, delete" and Cancel; Escape cancels).
 * @csspart deleted - "This post was deleted." once it is.
 * @csspart report - The Report button (everyone but its author): opens `<eco-report-dialog>`, loaded then.
 * @csspart moderation - Why a post is hidden or held for review (shown to its author and the space's owners).
 * @csspart error - A failed acknowledgement, pin or summary, with its Retry button.
 * @csspart retry - A Retry button.
 * @csspart discard - Discards a confirmation the server refused after it had waited offline.
 * @csspart body - The rendered Markdown body (its `lang` is the shown variant's locale).
 * @csspart mention - A mention in the body: a button `@Name` with the person's current name (class `former` when their access ended) that opens their card (`eco-open-person`, then a dialog unless prevented).
 * @csspart extension - The element a custom widget registered for the post's extension type (`registerPostExtension`), shown in place of the body.
 * @csspart language - The language badge of the shown body.
 * @csspart languages - The "Languages of this post" switch (posts with variants).
 * @csspart language-button - One button of the switch (`aria-pressed` on the shown one).
 * @csspart machine-note - "Machine translation" note under a machine variant.
 * @csspart polls - Wrapper of the post's poll (`<eco-poll>`) or survey (`<eco-survey>`), loaded lazily.
 * @csspart poll - The `base` part of its `<eco-poll>`.
 * @csspart survey - The `base` part of its `<eco-survey>`.
 * @csspart link-card - The `base` part of its `<eco-link-card>` (the preview of its first link, loaded lazily).
 * @csspart talk-show - A talk-show's session (`<eco-talk-show-session>`, loaded lazily with the queue): its title, hosts, start (in the reader's time zone), state and stream link.
 * @csspart talk-show-state - "Upcoming", "Live now" or "Ended".
 * @csspart stream - The talk-show's stream link (a plain link to the company's streaming service, opened in a new tab).
 * @csspart questions - The `base` part of its `<eco-talk-show-questions>` (the question queue, loaded lazily).
 * @csspart quoted - The post it quotes (`<eco-quoted-post>`, loaded lazily with the first one): a card with its author, date and excerpt, or "This post is not available"; styled through its own parts and properties.
 * @csspart watch - A technology-watch item (`<eco-watch-item>`, loaded lazily with the first one) in place of the body: title linking to the item, source, date, summary, triage.
 * @csspart watch-title - The item's title.
 * @csspart watch-actions - Its triage buttons, for those who may publish in the space.
 * @csspart attachments - The post's files: its images, videos and documents.
 * @csspart gallery - The list of its images (their room kept before they load).
 * @csspart image - One image: a button that opens it large in a dialog (its description as its name).
 * @csspart video - A video: before it is played, a button showing its poster (nothing else of it is downloaded); then its player (`<eco-video>`: captions in the reader's language, a language switch, the transcript).
 * @csspart play - The button of a video not played yet.
 * @csspart file - A document: a link that downloads it, with its name and size.
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
 * @cssproperty --eco-post-flag-background - Background of the pinned and scheduled markers.
 * @cssproperty --eco-post-error-color - Colour of error messages.
 * @cssproperty --eco-post-error-background - Background of error messages.
 *
 * @event {EcoReactionChangeEvent} eco-reaction-change - From its reaction buttons.
 * @event {EcoErrorEvent} eco-error - From its reaction buttons and polls; `action: 'load'` when the poll or link card elements failed to load; `acknowledge`, `pin`, `unpin`, `load-readers` or `delete-post` when that was refused (the post shows a message).
 * @event {EcoOpenPersonEvent} eco-open-person - The author's name or avatar, or a mention in the body, was activated: `{ actorId }`; cancelable (the post then opens no card dialog).
 * @event {EcoOpenPostEvent} eco-open-post - "Show the post" on the card of the post it quotes: `{ postId }`, for the page to show it.
 * @event {EcoPostDeleteEvent} eco-post-delete - The person deleted the post (after confirming) and the server agreed.
 * @event {EcoVoteEvent} eco-vote - From its poll.
 * @event {EcoSurveySubmitEvent} eco-survey-submit - From its survey.
 */
export class EcoPost extends EcoElement {
  static override styles = styles;
  static strings = [feedStrings];
  static dependencies = { 'eco-like-button': EcoLikeButton, 'eco-attachments': EcoAttachments };

  /**
   * The first post of a page pays for work done once per page: the first date
   * format of a locale loads its data, and marked compiles its regular
   * expressions on first use (50 ms or more in all on the benchmarks'
   * machine). A page that defines posts shows some: this does that work
   * before the first render, in steps of a task each (see markdownWarmUpSteps),
   * so that no render carries it, and starts loading the Markdown parser,
   * whose rules are warmed up once it is there. Called when the tag is defined.
   */
  static warmUp(): void {
    const locale = supportedLocale(document.documentElement.lang) ?? 'en';
    aheadOfRendering([() => formatDateTime(0, locale, FULL_DATE) + languageName(locale)]);
    loadMarkdown().then(
      (parser) => aheadOfRendering(parser.markdownWarmUpSteps()),
      () => undefined,
    );
  }

  /**
   * Starts loading the modules a render of `post` shows its parts with (its
   * polls, link card, talk show, watch item, quoted post), shared with every
   * post of the page. Resolves once each has arrived or failed (a post then
   * reports its own failure); undefined when all are here already. A feed
   * waits for it before it adds a post, which then renders whole in its
   * first render: a part that arrived in the same task would render past the
   * task's slice (see EcoElement.scheduleUpdate).
   */
  static modulesFor(post: Post): Promise<unknown> | undefined {
    const missing = PART_MODULES.filter(([has, loader]) => has(post) && !moduleArrived(loader)).map(([, loader]) => loader);
    return missing.length ? Promise.allSettled(missing.map((loader) => preloadModule(loader))) : undefined;
  }

  /**
   * Whether a render of `post` would show a part whose element has not
   * rendered on the page yet (the first poll, the first talk show): a first
   * render of a class costs several times a later one, so a feed starts such
   * a post only in a slice that has barely begun (FIRST_OF_CLASS_START_MS).
   */
  static bringsNewParts(post: Post): boolean {
    return PART_MODULES.some(([has, , tags]) => has(post) && tags(post).some((tag) => !hasRendered(tag)));
  }

  /** The post to show. When set, `post-id` is ignored. */
  @property({ attribute: false }) post?: Post;

  /** Id of a post to fetch and keep current through the client (when `post` is not set). */
  @property({ attribute: 'post-id', reflect: true }) postId?: string;

  /** Position in an enclosing feed (`aria-posinset`), set by `<eco-feed>`. */
  @property({ type: Number }) posinset?: number;

  /** Size of an enclosing feed (`aria-setsize`, -1 when unknown), set by `<eco-feed>`. */
  @property({ type: Number }) setsize?: number;

  /** The caller: reaction kinds, who may pin and who sees the readers by site. */
  @state() private me: Me | undefined;
  /** The language the reader chose in the switch; the reader's own (or the source) until then. */
  @state() private chosenLocale: Locale | undefined;
  /** The comments are open (and `<eco-comments>` is defined once its module has arrived). */
  @state() private commentsOpen = false;
  /** The readers by site are shown (author and owners). */
  @state() private readersOpen = false;
  /** Whether the last pin action was an unpin (for its error message). */
  @state() private unpinning = false;
  /** The Delete button asked for confirmation. */
  @state() private confirmingDelete = false;
  /** Id of the post this element deleted: shown as deleted from then on. */
  @state() private deletedId: string | undefined;
  /** The report dialog is open (once its module has arrived). */
  @state() private reporting = false;

  private readonly acknowledging = new AsyncStatusController<void>(this);
  private readonly pinning = new AsyncStatusController<Post>(this);
  private readonly readers = new AsyncStatusController<AcknowledgementSummary>(this);
  private readonly deleting = new AsyncStatusController<void>(this);
  /** The acknowledgement count the shown summary was asked at: another count asks again. */
  private readersCount: number | undefined;

  /** Writes in the outbox: a confirmation of this post refused after it waited (a reload since) shows here. */
  private readonly writes = new WritesController(this, () => this.resolvedClient);
  private readonly fetched = new ObservableController<Post | undefined, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.post ? undefined : this.postId] as const,
    ([client, postId]) => (client && postId ? client.post$(postId) : undefined),
  );

  /** What the post's space offers, live (an owner's change hides or shows reactions, comments, link cards). */
  private readonly capabilities = new ObservableController<SpaceCapabilities, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.currentPost?.spaceId] as const,
    ([client, spaceId]) => (client && spaceId ? client.spaceCapabilities$(spaceId) : undefined),
  );

  private meClient: EcotoneClient | undefined;
  private readonly classification = classificationLabel(this, () => this.resolvedClient);
  /** The post the language choice and open comments belong to. */
  private shownId: string | undefined;
  private readonly clock = new ClockController(this, RELATIVE_TIME_REFRESH_MS);
  private readonly focusing = new FocusController(this);
  /** A person's card, opened from the author's name or avatar or a mention chip (emits eco-open-person). */
  private readonly personDialog = new PersonDialogController(this);
  private readonly reportLoadError = (error: Error): void => void this.emit('eco-error', { action: 'load', error });
  private readonly pollElements = new LazyModuleController(this, importPollElements, this.reportLoadError);
  private readonly linkCard = new LazyModuleController(this, importLinkCard, this.reportLoadError);
  private readonly comments = new LazyModuleController(this, importComments, this.reportLoadError);
  private readonly talkShowElements = new LazyModuleController(this, importTalkShowElements, this.reportLoadError);
  private readonly watchItem = new LazyModuleController(this, importWatchItem, this.reportLoadError);
  private readonly quotedPost = new LazyModuleController(this, importQuotedPost, this.reportLoadError);
  private readonly reportDialog = new LazyModuleController(this, importReportDialog, this.reportLoadError);
  /** The modules of the post's parts (PART_MODULES), each loaded when the post has that part. */
  private readonly partModules: readonly LazyModuleController<unknown>[] = [this.pollElements, this.linkCard, this.talkShowElements, this.watchItem, this.quotedPost];
  /** The addresses of the shown post's files, by `urlKey`; for which post and files, and when asked. */

  /** The post rendered: the `post` property, else the fetched one. */
  get currentPost(): Post | undefined {
    return this.post ?? this.fetched.value;
  }

  /** Moves focus to the article (used by the feed's Page Up / Page Down). */
  override focus(options?: FocusOptions): void {
    const article = this.renderRoot.querySelector<HTMLElement>('article');
    // A post just added by the feed has not rendered yet: focus once it has.
    if (article) article.focus(options);
    else this.focusing.focusAfterRender('article', options);
  }

  /** The first update waits for the Markdown parser (see updateAfterMarkdown). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return updateAfterMarkdown(this, () => super.scheduleUpdate());
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // A feed may reuse this element for another post: the reader's choices were about the previous one.
    const id = this.currentPost?.id;
    // A post that went away (deleted) keeps what was shown of it, so its deletion can be told.
    if (id !== undefined && id !== this.shownId) {
      this.shownId = id;
      this.chosenLocale = undefined;
      this.commentsOpen = false;
      this.readersOpen = false;
      this.readersCount = undefined;
      this.confirmingDelete = false;
      this.deletedId = undefined;
      this.reporting = false;
      this.acknowledging.reset();
      this.pinning.reset();
      this.readers.reset();
      this.deleting.reset();
    }
    // Open, and the count moved (acknowledgement.changed): the summary is out of date.
    const count = this.currentPost?.acknowledgement?.count;
    if (this.readersOpen && count !== undefined && count !== this.readersCount) void this.loadReaders();
    // Asked before the render: a module already on the page shows at once.
    const post = this.currentPost;
    if (post) for (const part of this.partModules) if (NEEDS_PART.get(part.loader)?.(post)) void part.load();
    const client = this.resolvedClient;
    if (client && client !== this.meClient) {
      this.meClient = client;
      // Known already (the feed's other posts asked): this first render has it, no second one.
      this.me = knownCallerOf(client);
      if (!this.me) {
        void callerOf(client).then((me) => {
          if (this.meClient === client) this.me = me;
        });
      }
    }
  }

  /** The space's label as a badge, unless the post is in a feed of that space alone, whose banner shows it. */
  private renderClassification(post: Post) {
    const feed = (this.getRootNode() as Partial<ShadowRoot>).host;
    return feed?.localName === 'eco-feed' && feed.getAttribute('space')?.trim() === post.spaceId ? nothing : this.classification(post.spaceId, true);
  }

  private renderAttachments(post: Post) {
    if (!post.attachments?.length) return nothing;
    return html`<eco-attachments
      part="attachments"
      exportparts="gallery, image, video, play, file"
      .client=${this.resolvedClient}
      .attachments=${post.attachments}
    ></eco-attachments>`;
  }

  /** A talk-show's session, once its element has arrived (its title until then). */
  private renderTalkShow(post: Post) {
    const show = post.talkShow;
    if (!show) return nothing;
    return this.talkShowElements.ready
      ? html`<eco-talk-show-session part="talk-show" exportparts="talk-show-state, stream" .client=${this.resolvedClient} .post=${post}></eco-talk-show-session>`
      : html`<p class="status session-pending" aria-busy="true"><strong dir="auto">${show.title}</strong></p>`;
  }

  /** A technology-watch item with its triage, once its element has arrived (its body, which says the same, until then). */
  private renderWatch(post: Post) {
    return html`<eco-watch-item part="watch" exportparts="title: watch-title, actions: watch-actions" .client=${this.resolvedClient} .post=${post}></eco-watch-item>`;
  }

  /** A talk-show's question queue, once its element has arrived. */
  private renderTalkShowQuestions(post: Post) {
    if (!post.talkShow) return nothing;
    return this.talkShowElements.ready
      ? html`<eco-talk-show-questions exportparts="base: questions" .client=${this.resolvedClient} .post=${post}></eco-talk-show-questions>`
      : html`<p class="status" aria-busy="true">${this.localize.t('talkShowQuestionsLoading')}</p>`;
  }

  private renderPolls(post: Post) {
    const polls = post.polls ?? [];
    if (polls.length === 0) return nothing;
    if (!this.pollElements.ready) return html`<p part="polls" class="status" aria-busy="true">${this.localize.t('pollsLoading')}</p>`;
    return html`<div part="polls" class="polls">
      ${polls.length === 1
        ? html`<eco-poll exportparts="base: poll" .client=${this.resolvedClient} .poll=${polls[0]}></eco-poll>`
        : html`<eco-survey exportparts="base: survey" .client=${this.resolvedClient} .post=${post}></eco-survey>`}
    </div>`;
  }

  private readonly handleOpenAuthor = (): void => {
    const author = this.currentPost?.author;
    if (!author) return;
    // The name button takes the focus back, whether the avatar or the name was clicked.
    this.personDialog.open(author.id, { name: author.displayName, trigger: this.renderRoot.querySelector<HTMLElement>('[part~="author"]') ?? undefined });
  };

  private handleToggleComments(): void {
    this.commentsOpen = !this.commentsOpen;
    if (this.commentsOpen) void this.comments.load();
  }

  private async handleAcknowledge(): Promise<void> {
    const client = this.resolvedClient;
    const post = this.currentPost;
    if (!client || !post?.acknowledgement || post.acknowledgement.mine || this.acknowledging.pending) return;
    const result = await this.acknowledging.run(() => client.acknowledge(post.id));
    if (result && !result.ok) this.emit('eco-error', { action: 'acknowledge', error: result.error });
  }

  private async handlePin(): Promise<void> {
    const client = this.resolvedClient;
    const post = this.currentPost;
    if (!client || !post || this.pinning.pending) return;
    const unpin = isPinnedAt(post);
    this.unpinning = unpin;
    const result = await this.pinning.run(() => (unpin ? client.unpin(post.id) : client.pin(post.id)));
    if (result && !result.ok) this.emit('eco-error', { action: unpin ? 'unpin' : 'pin', error: result.error });
  }

  private handleToggleReaders(): void {
    this.readersOpen = !this.readersOpen;
    // Asked again on each opening: it may have changed while closed.
    this.readersCount = undefined;
  }

  /** Fetches the per-site summary of the shown post (asked again when its count moves). */
  private async loadReaders(): Promise<void> {
    const client = this.resolvedClient;
    const post = this.currentPost;
    if (!client || !post?.acknowledgement) return;
    this.readersCount = post.acknowledgement.count;
    const result = await this.readers.run(() => client.acknowledgements(post.id));
    if (result && !result.ok) this.emit('eco-error', { action: 'load-readers', error: result.error });
  }

  /** Pinned and scheduled markers, after the kind badge. */
  private renderFlags(post: Post) {
    const t = this.localize.t.bind(this.localize);
    const locale = this.locale;
    const until = post.pinned?.until;
    return html`${isPinnedAt(post, this.clock.now)
      ? html`<span part="pinned" class="badge flag"
          >${PIN_ICON} ${until ? t('postPinnedUntil', { date: formatDateTime(until, locale) }) : t('postPinned')}</span
        >`
      : nothing}${post.publishAt
      ? html`<span part="scheduled" class="badge flag"
          ><time datetime=${post.publishAt}>${t('postScheduled', { date: formatDateTime(post.publishAt, locale) })}</time></span
        >`
      : nothing}`;
  }

  /** "I have read this", the count, and for its author and the space's owners the readers by site. */
  private renderAcknowledgement(post: Post) {
    const ack = post.acknowledgement;
    if (!ack) return nothing;
    const t = this.localize.t.bind(this.localize);
    const me = this.me;
    const count = { count: ack.count, formatted: formatCount(ack.count, this.locale) };
    const seesReaders = !!me && (post.author.id === me.actor.id || roleIn(me, post.spaceId) === 'owner');
    const pending = this.acknowledging.pending;
    return html`<div part="acknowledgement" class="acknowledgement">
        <button
          part="acknowledge"
          class="acknowledge"
          type="button"
          aria-pressed=${ack.mine ? 'true' : 'false'}
          aria-disabled=${ack.mine ? 'true' : 'false'}
          aria-busy=${pending ? 'true' : 'false'}
          @click=${this.handleAcknowledge}
        >
          ${CHECK_ICON} ${ack.mine ? t('ackDone') : t('ackButton')}
        </button>
        ${seesReaders
          ? html`<button
              part="readers-toggle"
              class="link"
              type="button"
              aria-expanded=${this.readersOpen ? 'true' : 'false'}
              aria-controls="readers"
              @click=${this.handleToggleReaders}
            >
              ${t('readBySites', count)}
            </button>`
          : html`<span part="read-count" class="status">${t('readBy', count)}</span>`}
        <span class="visually-hidden" role="status">${pending ? t('ackSaving') : ''}</span>
      </div>
      ${seesReaders ? html`<div id="readers" part="readers" class="readers" ?hidden=${!this.readersOpen}>${this.renderReaders()}</div>` : nothing}
      ${this.acknowledging.status === 'error'
        ? this.renderError(t('ackFailed', { reason: this.errorText(this.acknowledging.error) }), this.handleAcknowledge)
        : this.renderRefusedAck(post)}`;
  }

  /** A confirmation the server refused after it had waited offline: Retry or Discard. */
  private renderRefusedAck(post: Post) {
    const refused = this.writes.refused('acknowledge', post.id);
    if (!refused) return nothing;
    const client = this.resolvedClient;
    return html`<p part="error" class="error" role="alert">
      <span>${this.localize.t('ackNotSent', { reason: this.errorText(refusalOf(refused)) })}</span>
      <button part="retry" type="button" @click=${() => void client?.retryWrite(refused.id)}>${this.localize.t('retry')}</button>
      <button part="discard" type="button" @click=${() => void client?.discardWrite(refused.id)}>${this.localize.t('writeDiscard')}</button>
    </p>`;
  }

  private renderReaders() {
    if (!this.readersOpen) return nothing;
    const t = this.localize.t.bind(this.localize);
    const { status, value } = this.readers;
    if (status === 'error') {
      return this.renderError(t('readersFailed', { reason: this.errorText(this.readers.error) }), () => void this.loadReaders());
    }
    if (!value) return html`<p class="status" aria-busy="true">${t('readersLoading')}</p>`;
    return html`<p class="visually-hidden">${t('readersBySite')}</p>
      <dl aria-busy=${status === 'pending' ? 'true' : 'false'}>
        ${value.bySite.map(
          (row) => html`<div><dt dir="auto">${row.site ?? t('siteNone')}</dt><dd>${formatCount(row.count, this.locale)}</dd></div>`,
        )}
      </dl>`;
  }

  private renderError(message: string, retry: () => unknown) {
    return html`<p part="error" class="error" role="alert">
      <span>${message}</span>
      <button part="retry" type="button" @click=${retry}>${this.localize.t('retry')}</button>
    </p>`;
  }

  /** Pin / Unpin, for the space's owners and correspondents (announcements only, as the server allows). */
  private renderPin(post: Post) {
    if (post.kind !== 'announcement' || !announces(roleIn(this.me, post.spaceId))) return nothing;
    const t = this.localize.t.bind(this.localize);
    return html`<button
      part="pin"
      class="pin"
      type="button"
      aria-busy=${this.pinning.pending ? 'true' : 'false'}
      @click=${this.handlePin}
    >
      ${isPinnedAt(post) ? t('unpin') : t('pin')}
    </button>`;
  }

  private async handleDelete(): Promise<void> {
    const client = this.resolvedClient;
    const post = this.currentPost;
    if (!client || !post || this.deleting.pending) return;
    const result = await this.deleting.run(() => client.deletePost(post.id));
    if (!result) return;
    if (result.ok) {
      this.deletedId = post.id;
      this.confirmingDelete = false;
      this.emit('eco-post-delete', { postId: post.id });
      this.focusing.focusAfterRender('[part="deleted"]');
    } else {
      this.emit('eco-error', { action: 'delete-post', error: result.error });
    }
  }

  private askDelete(confirming: boolean): void {
    this.confirmingDelete = confirming;
    if (!confirming) this.deleting.reset();
    // Focus follows: to "Yes, delete" when asked, back to Delete when cancelled.
    this.focusing.focusAfterRender(confirming ? '[part="confirm-delete"]' : '[part="delete"]');
  }

  /** Delete, for its author and the space's owners (as the server allows), with a confirmation. */
  private renderDelete(post: Post) {
    const me = this.me;
    if (!me || !canDeletePost({ authorId: post.author.id }, me.actor.id, roleIn(me, post.spaceId))) return nothing;
    const t = this.localize.t.bind(this.localize);
    if (!this.confirmingDelete) {
      return html`<button part="delete" class="pin" type="button" @click=${() => this.askDelete(true)}>${t('postDelete')}</button>`;
    }
    const pending = this.deleting.pending;
    return html`<div
      part="delete-confirm"
      class="confirm"
      role="group"
      aria-label=${t('postDeleteConfirm')}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') this.askDelete(false);
      }}
    >
      <span>${t('postDeleteConfirm')}</span>
      <button part="confirm-delete" class="pin danger" type="button" aria-busy=${pending ? 'true' : 'false'} @click=${this.handleDelete}>
        ${t('postDeleteYes')}
      </button>
      <button class="pin" type="button" @click=${() => this.askDelete(false)}>${t('postDeleteCancel')}</button>
      <span class="visually-hidden" role="status">${pending ? t('postDeleting') : ''}</span>
    </div>`;
  }

  /** Report, for everyone signed in but its author: opens the report dialog (loaded then). */
  private renderReport(post: Post) {
    const me = this.me;
    if (!me || me.actor.id === post.author.id) return nothing;
    return html`<button part="report" class="pin" type="button" aria-haspopup="dialog"
      @click=${() => {
        this.reporting = true;
        void this.reportDialog.load();
      }}>${this.localize.t('postReport')}</button>${this.reporting && this.reportDialog.ready
      ? html`<eco-report-dialog .client=${this.resolvedClient} target-type="post" target-id=${post.id}
          @close=${() => {
            this.reporting = false;
            this.focusing.focusAfterRender('[part="report"]');
          }}></eco-report-dialog>`
      : nothing}`;
  }

  /** Hidden or held content shows its author (and the space's owners) why. */
  private renderModeration(post: Post) {
    const mark = post.moderation;
    if (!mark) return nothing;
    return html`<p part="moderation" class="status" role="note">
      ${this.localize.t(mark.state === 'hidden' ? 'postHiddenNotice' : 'postHeldNotice', { reason: mark.reason })}
    </p>`;
  }

  /** The element rendering this post's extension, made once and given each new version of the post. */
  private extensionElement: { tag: string; element: HTMLElement & { post?: Post; client?: unknown } } | undefined;

  /**
   * The body, or for a post whose extension type a widget registered
   * (registerPostExtension) and defined, that widget's element. Until then
   * the body shows, and the post renders again once the widget arrives.
   */
  private renderContent(post: Post, shown: { locale: Locale; body: string }) {
    const type = post.extension?.type;
    const tag = type === undefined ? undefined : postExtensionTag(type);
    if (tag === undefined || !customElements.get(tag)) {
      if (type !== undefined && this.awaitedExtension !== type) {
        this.awaitedExtension = type;
        void postExtensionDefined(type).then(() => this.requestUpdate());
      }
      return html`<div part="body" class="body" lang=${shown.locale}>${renderBody(shown.body, mentionContext(post.mentions, this.localize, 'postMention', this.personDialog))}</div>`;
    }
    if (this.extensionElement?.tag !== tag) {
      const element = document.createElement(tag);
      element.setAttribute('part', 'extension');
      this.extensionElement = { tag, element };
    }
    const { element } = this.extensionElement;
    element.post = post;
    element.client = this.resolvedClient;
    // The widget speaks the reader's language (it marks the author's words with the post's own).
    return html`<div part="body" class="body" lang=${this.locale}>${element}</div>`;
  }
  /** The extension type this post waits for a widget of (once per type). */
  private awaitedExtension: string | undefined;

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

  override render() {
    const post = this.currentPost;
    if (this.deletedId !== undefined && (post === undefined || post.id === this.deletedId)) {
      return html`<article part="base" aria-label=${this.localize.t('postDeleted')}>
        <p part="deleted" class="status" role="status" tabindex="-1">${this.localize.t('postDeleted')}</p>
      </article>`;
    }
    if (!post) {
      const loading = !!this.resolvedClient && !!this.postId && !this.fetched.error && this.fetched.value === undefined;
      return html`<article part="base" aria-busy=${loading ? 'true' : 'false'} aria-label=${this.localize.t(loading ? 'postLoading' : 'postUnavailable')}>
        <p class="status">${this.localize.t(loading ? 'postLoading' : 'postUnavailable')}</p>
      </article>`;
    }
    const locale = this.locale;
    // Everything until the space says otherwise (the server refuses what it does not offer anyway).
    const offers = this.capabilities.value ?? ALL_CAPABILITIES;
    const created = new Date(post.createdAt);
    const author = post.author;
    const shown = pickVariant(post, this.chosenLocale ?? locale);
    const kindBadge =
      post.kind === 'announcement'
        ? 'postKindAnnouncement'
        : post.kind === 'question'
          ? 'postKindQuestion'
          : post.kind === 'talk_show'
            ? 'postKindTalkShow'
            : undefined;
    return html`<article
      part="base"
      tabindex="-1"
      aria-label=${this.localize.t('postLabel', { author: author.displayName })}
      aria-posinset=${this.posinset ?? nothing}
      aria-setsize=${this.setsize ?? nothing}
    >
      <header part="header">
        <span part="avatar" class="avatar person-link" aria-hidden="true" @click=${this.handleOpenAuthor}
          >${avatar(author)}</span
        >
        <span class="byline">
          <span><button part="author" class="author person-link" type="button" dir="auto" @click=${this.handleOpenAuthor}>${author.displayName}</button></span>${author.deactivated
            ? html` <span part="former-member" class="former">${this.localize.t('postFormerMember')}</span>`
            : nothing}
          <span part="meta" class="meta"
            >${author.site ? html`<bdi>${author.site}</bdi> · ` : nothing}<time datetime=${post.createdAt} title=${formatDateTime(created, locale, FULL_DATE)}
              >${formatRelativeTime(created, locale, new Date(this.clock.now))}</time
            >${post.editedAt ? html` · ${this.localize.t('postEdited')}` : nothing}</span
          >
        </span>
        <span class="badges"
          >${this.renderClassification(post)}${kindBadge ? html`<span part="badge" class="badge">${this.localize.t(kindBadge)}</span>` : nothing}${this.renderFlags(post)}</span
        >
        <abbr part="language" class="language" title=${languageName(shown.locale)}>${shown.locale.toUpperCase()}</abbr>
      </header>
      ${this.renderModeration(post)} ${this.renderLanguages(post, shown.locale)} ${this.renderTalkShow(post)}
      ${post.watch && this.watchItem.ready ? this.renderWatch(post) : this.renderContent(post, shown)}
      ${shown.machine ? html`<p part="machine-note" class="status">${this.localize.t('postMachineTranslation')}</p>` : nothing}
      ${post.quoted && this.quotedPost.ready
        ? html`<eco-quoted-post part="quoted" .client=${this.resolvedClient} .quoted=${post.quoted} post-id=${post.id}></eco-quoted-post>`
        : nothing}
      ${post.linkPreview && this.linkCard.ready && offers.previews
        ? html`<eco-link-card exportparts="base: link-card" .client=${this.resolvedClient} .preview=${post.linkPreview}></eco-link-card>`
        : nothing}
      ${this.renderAttachments(post)} ${this.renderPolls(post)} ${this.renderTalkShowQuestions(post)} ${this.renderAcknowledgement(post)}
      <footer part="footer">
        <div part="reactions" class="reactions" role="group" aria-label=${this.localize.t('reactions')}>
          ${offeredReactionKinds(offers, this.me?.reactionKinds ?? FALLBACK_REACTION_KINDS).map(
            (kind) => html`<eco-like-button .client=${this.resolvedClient} object=${post.id} kind=${kind}></eco-like-button>`,
          )}
        </div>
        ${this.renderPin(post)} ${this.renderDelete(post)} ${this.renderReport(post)}
        ${offers.comments || post.commentCount > 0
          ? html`<button
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
            </button>`
          : nothing}
      </footer>
      ${this.pinning.status === 'error'
        ? this.renderError(
            this.localize.t(this.unpinning ? 'unpinFailed' : 'pinFailed', { reason: this.errorText(this.pinning.error) }),
            this.handlePin,
          )
        : nothing}
      ${this.deleting.status === 'error'
        ? this.renderError(this.localize.t('postDeleteFailed', { reason: this.errorText(this.deleting.error) }), this.handleDelete)
        : nothing}
      <div id="comments" ?hidden=${!this.commentsOpen}>
        ${this.commentsOpen && this.comments.ready
          ? html`<eco-comments exportparts="base: comments-panel" .client=${this.resolvedClient} .post=${post.id}></eco-comments>`
          : nothing}
      </div>
    </article>`;
  }
}
