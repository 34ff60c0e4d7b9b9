import { html, nothing, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatCount, type ConnectionStatus, type EcotoneClient, type Feed, type FeedState } from '@ecotone/core';
import type { PublishRequest } from '@ecotone/protocol';
import type { Post } from '@ecotone/protocol';
import { EcoElement, FIRST_OF_CLASS_START_MS } from '../base/eco-element.js';
import { nextPaint, nextSliceStart, RENDER_SLICE_MS, sliceRoom } from '../base/tasks.js';
import { PIN_ICON } from '../base/icons.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { PersonDialogController } from '../controllers/person-dialog-controller.js';
import { EcoPost } from '../post/post.component.js';
import { feedStrings } from '../locales/feed-strings.js';
import { outboxStrings } from '../locales/outbox-strings.js';
import { renderBody } from '../post/markdown-template.js';
import { mentionContext } from '../mentions/mention-chip.js';
import styles from './feed.styles.js';
import { WritesController } from '../controllers/writes-controller.js';
import { classificationLabel } from '../base/classification.js';

/** Above this many posts the list is virtualised (only posts near the viewport are in the DOM). */
export const VIRTUALIZE_ABOVE_ITEMS = 50;
/**
 * The virtual list's module loads when the feed holds more than this many
 * posts, so that it is there by the time the list turns virtual (until it
 * is, or if it cannot be loaded, the list stays a plain one).
 */
const LOAD_VIRTUAL_LIST_ABOVE_ITEMS = 20;
/** When the list turns virtual, the reader's place is followed until they scroll, or this long at most (ms). */
const KEEP_PLACE_MAX_MS = 10_000;
/** What the reader scrolls with: the place is no longer followed after one of them. */
const READER_SCROLLS = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
/** How far below the viewport the end of the list starts loading older posts, in CSS pixels. */
const PREFETCH_MARGIN_PX = 600;
/** Ghost cards shown while the first page loads. */
const SKELETON_CARDS = 3;
/**
 * A list that is not virtualised renders its posts a few at a time and lets
 * the browser paint once a task has spent RENDER_SLICE_MS on them (posts with
 * polls, link cards or long bodies cost more than others): the first screen
 * shows first, and the rest follows.
 */
export { RENDER_SLICE_MS };
/** At most this many posts are added at once: posts vary, and the pace of the last ones is only an estimate. */
const MAX_POSTS_PER_STEP = 2;
/**
 * The longest the feed waits for the modules of a post's parts before adding
 * it anyway (ms): on a slow network the post shows with its parts' places
 * held, and they fill when their modules arrive.
 */
export const PARTS_WAIT_MAX_MS = 400;

/** The virtual list (@lit-labs/virtualizer), once loaded: a feed that never holds many posts never downloads it. */
let virtualList: typeof import('./virtual-list.js') | undefined;
let virtualListLoading: Promise<unknown> | undefined;
/** Loads the virtual list once for the page (if it cannot be loaded, long lists stay plain ones on this page). */
function loadVirtualList(): Promise<unknown> {
  return (virtualListLoading ??= import('./virtual-list.js').then((module) => (virtualList = module)));
}

/** The client's feed key of a `space` attribute: one id, or several (sorted, without repeats) joined by commas. */
function feedKey(space: string): string {
  return [...new Set(space.split(/[\s,]+/).filter(Boolean))].sort().join(',');
}

/**
 * @tag eco-feed
 *
 * @summary The live feed of a space: pinned posts first, then posts newest
 * first, infinite loading, a "new posts" banner, loading, empty and error states.
 *
 * @dependency eco-post
 *
 * @csspart base - The wrapper.
 * @csspart new-posts - The "N new posts" button.
 * @csspart skeleton - The placeholder shown while the first page loads.
 * @csspart pinned - The labelled section of posts pinned at the top of the space (before the list).
 * @csspart pinned-title - Its title ("Pinned posts").
 * @csspart list - The `role="feed"` list of posts.
 * @csspart empty - The message of an empty space.
 * @csspart error - An error message with its Retry button.
 * @csspart retry - A Retry button.
 * @csspart footer - Below the list: Load more, loading, end of feed.
 * @csspart load-more - The "Load more" button.
 * @csspart connection - Says that live updates are interrupted (reconnecting or offline).
 * @csspart outgoing - The caller's posts waiting to be sent (offline, or the server unreachable), above the list.
 * @csspart outgoing-post - One of them, with its status ("Sending…", "Will be sent when you are back online").
 * @csspart outgoing-discard - The button that discards a post before it is sent.
 * @csspart classification - The space's classification label, a banner at the top (`<eco-classification>`; a server with labels, a feed of one space the caller belongs to). Also `classification-<label id>`.
 * @csspart saved-copy - Says that the posts shown are the copy saved on the device (offline-capable clients), being updated or not updated (with Retry).
 *
 * @cssproperty --eco-feed-gap - Space between posts.
 * @cssproperty --eco-feed-muted-color - Colour of the empty and end messages.
 * @cssproperty --eco-feed-skeleton-color - Colour of the loading placeholders.
 * @cssproperty --eco-feed-button-background - Background of Load more and Retry.
 * @cssproperty --eco-feed-button-border-color - Border of Load more and Retry.
 * @cssproperty --eco-feed-banner-background - Background of the new posts button.
 * @cssproperty --eco-feed-banner-color - Text colour of the new posts button.
 * @cssproperty --eco-feed-error-color - Text colour of error messages.
 * @cssproperty --eco-feed-error-background - Background of error messages.
 * @cssproperty --eco-feed-pinned-background - Background of the pinned section.
 * @cssproperty --eco-feed-pinned-border-color - Border of the pinned section.
 *
 * @event {EcoLoadMoreEvent} eco-load-more - Older posts are being fetched: `{ spaceId, trigger }`.
 * @event {EcoErrorEvent} eco-error - Loading failed: `{ action: 'load' | 'load-more', error }`.
 * @event {EcoReactionChangeEvent} eco-reaction-change - From the posts' reaction buttons.
 * @event {EcoOpenPersonEvent} eco-open-person - From names and mentions in its posts: `{ actorId }`; cancelable (then no card dialog opens).
 */
export class EcoFeed extends EcoElement {
  static override styles = styles;
  static strings = [feedStrings, outboxStrings];
  static dependencies = { 'eco-post': EcoPost };

  /**
   * Id of the space whose feed is shown; several ids separated by commas or
   * spaces show one feed over them all (e.g. "my sites": `lyon-site basel-site`).
   */
  @property({ reflect: true }) space = '';

  /** Fetch older posts only with the "Load more" button, not when scrolling near the end. */
  @property({ type: Boolean, attribute: 'manual-load' }) manualLoad = false;

  @query('.sentinel') private sentinel?: HTMLElement;

  private feed: Feed | undefined;
  private readonly feedState = new ObservableController<FeedState, readonly [EcotoneClient | undefined, string]>(
    this,
    () => [this.resolvedClient, feedKey(this.space)] as const,
    ([client, space]) => {
      this.feed = client && space ? client.feed(space) : undefined;
      // Another feed: its first screen first again.
      this.shownCount = 0;
      this.lastShownId = undefined;
      return this.feed?.state$;
    },
  );

  private readonly connection = new ObservableController<ConnectionStatus, readonly [EcotoneClient | undefined]>(
    this,
    () => [this.resolvedClient] as const,
    ([client]) => client?.status$,
  );

  /**
   * The space's label, a banner at the top (a feed of one space: in a feed of several, each post shows its own),
   * once the posts are in: the caller is asked for then, with the posts' own question, not before the feed's.
   */
  private readonly classification = classificationLabel(this, () => this.resolvedClient);

  /** The caller's writes in the outbox: their posts for this feed's spaces show until the server has them. */
  private readonly outbox = new WritesController(this, () => this.resolvedClient);

  private observer: IntersectionObserver | undefined;
  private observedSentinel: Element | undefined;
  private observedCount = -1;
  private reportedError: unknown;
  private readonly focusing = new FocusController(this);
  /** The card of a person mentioned in an outgoing post (its chips emit eco-open-person, then open it). */
  private readonly personDialog = new PersonDialogController(this);
  /** The post that had focus before an update: if the update moves it (pinned, unpinned), focus follows it. */
  private focusedPostId: string | undefined;
  /** How many posts of a list that is not virtualised are rendered; the rest come one by one. */
  private shownCount = 0;
  /** The last of them: posts added before it (published, shown as new) render at once. */
  private lastShownId: string | undefined;
  /** Settles once every post of a list that is not virtualised has rendered. */
  private rendering: Promise<void> | undefined;
  /** When the last of them came in: what the browser saw of the end before that is out of date. */
  private renderedAt = 0;
  /**
   * The post at the top of the window, and its distance below the top, when
   * a page takes the list past VIRTUALIZE_ABOVE_ITEMS: the virtual list
   * replaces the plain one, and would otherwise start from its own top.
   */
  private keptPlace: { index: number; id: string; topPx: number } | undefined;
  /** Whether this feed asked for the virtual list and waits for it (it re-renders when it arrives). */
  private awaitingVirtualList = false;
  /** Milliseconds a task may spend rendering posts; tests set 0 to see each post in its own task. */
  renderSliceMs = RENDER_SLICE_MS;

  /** The current state of the feed, for tests and custom wrappers. */
  get state(): FeedState | undefined {
    return this.feedState.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = undefined;
    this.observedSentinel = undefined;
  }

  /** Fetches older posts, as the "Load more" button does. */
  loadMore(trigger: 'scroll' | 'button' = 'button'): void {
    const state = this.feedState.value;
    if (!this.feed || !state || state.status !== 'ready' || !state.hasMore || state.loadingMore) return;
    this.emit('eco-load-more', { spaceId: this.space, trigger });
    void this.feed.loadMore();
  }

  private handleRetry(): void {
    void this.feed?.refresh();
  }

  private handleRetryMore(): void {
    this.loadMore('button');
  }

  private handleShowNew(): void {
    this.feed?.showNew();
    this.focusing.focusAfterRender('.list > eco-post');
  }

  /** WAI-ARIA feed pattern: Page Down / Page Up move between posts (pinned ones first). */
  private handleKeydown(event: KeyboardEvent): void {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const current = event.composedPath().find((n): n is EcoPost => n instanceof EcoPost);
    if (!current) return;
    const posts = [...this.renderRoot.querySelectorAll<EcoPost>('.pinned > eco-post, .list > eco-post')];
    const index = posts.indexOf(current);
    const next = posts[event.key === 'PageDown' ? index + 1 : index - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const focused = this.renderRoot.querySelector<EcoPost>('eco-post:focus-within');
    this.focusedPostId = focused?.currentPost?.id;
    const shown = this.renderRoot.querySelectorAll<EcoPost>('.list:not(.virtual) > eco-post');
    const items = this.feedState.value?.items.length ?? 0;
    if (items > LOAD_VIRTUAL_LIST_ABOVE_ITEMS && !virtualList && !this.awaitingVirtualList) {
      // Once per feed, not at every update while it loads.
      this.awaitingVirtualList = true;
      void loadVirtualList().then(
        () => this.requestUpdate(),
        () => {},
      );
    }
    if (this.isVirtual(items) && shown.length) {
      // Read once, as the list turns virtual: the first post whose start is in
      // view (none kept at the first post: the list starts there anyway).
      const index = [...shown].findIndex((post) => post.getBoundingClientRect().top >= 0);
      const post = shown[index];
      if (index > 0 && post?.currentPost) this.keptPlace = { index, id: post.currentPost.id, topPx: post.getBoundingClientRect().top };
    }
  }

  /** Whether a list of `items` posts is virtual (long enough, and the virtual list is loaded). */
  private isVirtual(items: number): boolean {
    return items > VIRTUALIZE_ABOVE_ITEMS && virtualList !== undefined;
  }

  /** Resolves once every post of a list that is not virtualised has rendered, not only the first ones. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.rendering) {
      await this.rendering;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /** How many posts of `items` to render now, when the list is not virtualised. */
  private postsToShow(items: readonly Post[]): number {
    // Never fewer than shown already, so a post added at the top pushes none out
    // (none at first: renderRest adds the first one in a task of its own).
    const last = this.lastShownId === undefined ? -1 : items.findIndex((post) => post.id === this.lastShownId);
    const count = Math.min(items.length, Math.max(this.shownCount, last + 1));
    this.shownCount = count;
    this.lastShownId = items[count - 1]?.id;
    if (count < items.length) this.rendering ??= this.renderRest();
    return count;
  }

  /**
   * Adds the posts not shown yet a few at a time, each step once the one
   * before has rendered (reaction buttons included), as many as the task's
   * slice has room for at the pace of the last step; when the slice is spent
   * (other elements, another feed may share it), goes on in a later task.
   */
  private async renderRest(): Promise<void> {
    let stepStart = performance.now();
    let added = 1;
    /** Whether the posts rendered reach below the window: those still to come are out of view. */
    let filled = false;
    /** Whether the virtual list could not be loaded: a long list then renders plain to its end. */
    let plainOnly = false;
    try {
      if (this.shownCount === 0) {
        // The first post of a page comes in a task after the feed's own
        // render: its first render costs several times a later post's (Lit
        // preparing the post's templates, V8 compiling what later posts
        // reuse), and the two together made a task of 55 to 80 ms at load.
        await super.getUpdateComplete();
        await this.partsOfNext(1);
        await nextSliceStart();
        stepStart = performance.now();
        this.shownCount = 1;
        this.requestUpdate();
      }
      for (;;) {
        await super.getUpdateComplete();
        await [...this.renderRoot.querySelectorAll<EcoPost>('.list > eco-post')].pop()?.updateComplete;
        const items = this.feedState.value?.items.length ?? 0;
        if (!this.isConnected || this.isVirtual(items) || this.shownCount >= items) return;
        if (items > VIRTUALIZE_ABOVE_ITEMS && this.shownCount >= LOAD_VIRTUAL_LIST_ABOVE_ITEMS && !plainOnly) {
          // The virtual list will replace these posts: the rest waits for it.
          // Rendering on would not even let it come sooner, since this loop's
          // continuations run ahead of the tasks that load a module: a feed
          // mounted over thousands of posts rendered them all as a plain list
          // first (hundreds of thousands of nodes, then a crash at 10,000).
          await loadVirtualList().catch(() => (plainOnly = true));
          continue;
        }
        const postMs = (performance.now() - stepStart) / added;
        await this.partsOfNext(MAX_POSTS_PER_STEP);
        // A post showing a part whose element has not rendered yet (the first poll) starts in a slice that has barely begun, alone.
        const newParts = this.upcoming(MAX_POSTS_PER_STEP).findIndex((post) => EcoPost.bringsNewParts(post));
        const room = sliceRoom(this.renderSliceMs);
        if (room <= 0 || (newParts === 0 && room < this.renderSliceMs - FIRST_OF_CLASS_START_MS)) {
          // The first screen shows as it fills; out of view (or in a hidden
          // tab, which paints nothing), go on as soon as the browser has
          // answered what waits (input), painting when due.
          await (filled || document.hidden ? nextSliceStart() : nextPaint());
          // Read just after a paint (only then): the layout is fresh, reading forces none.
          filled ||= (this.sentinel?.getBoundingClientRect().top ?? 0) > innerHeight;
        }
        const fits = Math.min(MAX_POSTS_PER_STEP, Math.max(1, Math.floor(sliceRoom(this.renderSliceMs) / postMs)));
        // The posts before one with new parts come without it.
        added = newParts === -1 ? fits : Math.min(fits, Math.max(1, newParts));
        stepStart = performance.now();
        this.shownCount += added;
        this.requestUpdate();
      }
    } finally {
      this.rendering = undefined;
      this.renderedAt = performance.now();
      // The end shows again, and is observed again (updated): the browser reports where it is now.
      this.requestUpdate();
    }
  }

  /** The next `count` posts the list will add. */
  private upcoming(count: number): Post[] {
    return (this.feedState.value?.items ?? []).slice(this.shownCount, this.shownCount + count);
  }

  /** Posts whose parts' modules the feed has waited for (see partsOfNext). */
  private readonly partsAwaited = new WeakSet<Post>();

  /**
   * Waits for the modules the next `count` posts to be added show their parts
   * with (EcoPost.modulesFor: a poll, a talk show…), once per post, so that
   * each renders whole in its first render, within the slice it starts in,
   * rather than again when its part arrives, past the slice of whatever
   * renders then. A part that could not be loaded is the post's to report;
   * one that takes longer than PARTS_WAIT_MAX_MS comes after its post.
   */
  private async partsOfNext(count: number): Promise<void> {
    const next = this.upcoming(count).filter((post) => !this.partsAwaited.has(post));
    for (const post of next) this.partsAwaited.add(post);
    const modules = next.map((post) => EcoPost.modulesFor(post)).filter((loading) => loading !== undefined);
    if (!modules.length) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(modules), new Promise((resolve) => (timer = setTimeout(resolve, PARTS_WAIT_MAX_MS)))]);
    clearTimeout(timer);
  }

  /** The connection status at the last update: coming back to `connected` retries a first page that failed (offline). */
  private lastConnection: ConnectionStatus | undefined;

  protected override updated(): void {
    const state = this.feedState.value;
    const connection = this.connection.value;
    if (connection !== this.lastConnection) {
      // Back online: a first page that failed, or a saved copy that could not be updated, is asked for again.
      const stale = state?.status === 'error' || (state?.fromCache !== undefined && state.fromCache !== 'revalidating');
      if (connection === 'connected' && this.lastConnection !== undefined && stale) void this.feed?.refresh();
      this.lastConnection = connection;
    }
    // Pinning or unpinning moved the focused post to the other list: its element is new, focus goes to it.
    const moved = this.focusedPostId;
    if (moved && !this.renderRoot.querySelector('eco-post:focus-within')) {
      [...this.renderRoot.querySelectorAll<EcoPost>('eco-post')].find((p) => p.currentPost?.id === moved)?.focus();
    }
    if (state?.error && state.error !== this.reportedError) {
      // A saved copy that could not be updated failed its first page, not a later one.
      this.emit('eco-error', { action: state.status === 'error' || state.fromCache ? 'load' : 'load-more', error: state.error });
    }
    this.reportedError = state?.error ?? undefined;
    this.observeSentinel(state);
    const kept = this.keptPlace;
    this.keptPlace = undefined;
    if (kept) void this.keepPlace(kept);
  }

  /**
   * Brings the post read back to where it was once the virtual list is laid
   * out: the virtualiser's pin renders it, but lays it out on estimated
   * heights first and measures them in later frames (seconds later on a busy
   * machine). Followed frame by frame until the reader scrolls on their own
   * (wheel, touch, keys, a press on the scrollbar), for KEEP_PLACE_MAX_MS at most.
   */
  private async keepPlace(kept: { id: string; topPx: number }): Promise<void> {
    let moved = false;
    const stop = () => (moved = true);
    for (const type of READER_SCROLLS) addEventListener(type, stop, { once: true, capture: true });
    const start = performance.now();
    while (!moved && this.isConnected && performance.now() - start < KEEP_PLACE_MAX_MS) {
      await nextPaint();
      const post = [...this.renderRoot.querySelectorAll<EcoPost>('.list > eco-post')].find((p) => p.currentPost?.id === kept.id);
      const offPx = post ? Math.round(post.getBoundingClientRect().top - kept.topPx) : 0;
      if (offPx && !moved) scrollBy(0, offPx);
    }
    for (const type of READER_SCROLLS) removeEventListener(type, stop, { capture: true });
  }

  private observeSentinel(state: FeedState | undefined): void {
    const sentinel = this.manualLoad ? undefined : this.sentinel;
    if (!sentinel) {
      this.observer?.disconnect();
      this.observedSentinel = undefined;
      return;
    }
    this.observer ??= new IntersectionObserver(
      (entries) => {
        // Posts still to render will push the end away: it is observed again once
        // they are in, and what was seen of it before (a report may come late) is stale.
        if (entries.some((e) => e.isIntersecting && e.time >= this.renderedAt) && !this.rendering) this.loadMore('scroll');
      },
      { rootMargin: `0px 0px ${PREFETCH_MARGIN_PX}px 0px` },
    );
    // Re-observing after each page makes the observer report again when the
    // sentinel is still in view (a short page), so loading continues.
    const items = state?.items.length ?? 0;
    const count = this.isVirtual(items) ? items : this.shownCount;
    if (sentinel !== this.observedSentinel || (count !== this.observedCount && !state?.loadingMore && !this.rendering)) {
      if (this.observedSentinel) this.observer.unobserve(this.observedSentinel);
      this.observer.observe(sentinel);
      this.observedSentinel = sentinel;
      this.observedCount = count;
    }
  }

  /** Posts of this feed's spaces waiting in the outbox (refused ones are the composer's to show). */
  private renderOutgoing(): TemplateResult | typeof nothing {
    const spaces = new Set(feedKey(this.space).split(','));
    const outgoing = (this.outbox.value ?? []).filter((e) => e.action === 'publish' && e.target !== undefined && spaces.has(e.target) && e.status !== 'failed');
    if (outgoing.length === 0) return nothing;
    const t = this.localize.t.bind(this.localize);
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    return html`<section part="outgoing" class="outgoing" aria-labelledby="outgoing-title">
      <p class="outgoing-title" id="outgoing-title">${t('outgoingTitle')}</p>
      ${repeat(
        outgoing,
        (entry) => entry.id,
        (entry) => {
          const body = (entry.request.body as Partial<PublishRequest> | undefined)?.body ?? '';
          const sending = entry.status === 'sending';
          return html`<article part="outgoing-post" class="outgoing-post" aria-busy=${sending ? 'true' : 'false'}>
            <div class="outgoing-body">${renderBody(body, mentionContext(undefined, this.localize, 'postMention', this.personDialog))}</div>
            <p class="outgoing-status">
              ${sending ? t('outgoingSending') : t(offline ? 'outgoingOffline' : 'outgoingUnreachable')}
              <button
                part="outgoing-discard"
                type="button"
                class="retry"
                aria-label=${t('outgoingDiscardLabel')}
                @click=${() => void this.resolvedClient?.discardWrite(entry.id)}
              >
                ${t('outgoingDiscard')}
              </button>
            </p>
          </article>`;
        },
      )}
    </section>`;
  }

  private renderPost(post: Post, index: number, setsize: number): TemplateResult {
    return html`<eco-post .client=${this.resolvedClient} .post=${post} .posinset=${index + 1} .setsize=${setsize}></eco-post>`;
  }

  /** Posts pinned at the top, in a labelled section before the (possibly virtualised) list. */
  private renderPinned(state: FeedState): TemplateResult | typeof nothing {
    if (state.pinned.length === 0) return nothing;
    return html`<section part="pinned" class="pinned" aria-labelledby="pinned-title">
      <p part="pinned-title" class="pinned-title" id="pinned-title">${PIN_ICON} ${this.localize.t('pinnedPosts')}</p>
      ${repeat(
        state.pinned,
        (post) => post.id,
        (post) => html`<eco-post .client=${this.resolvedClient} .post=${post}></eco-post>`,
      )}
    </section>`;
  }

  private renderList(state: FeedState): TemplateResult {
    const items = state.items;
    // Feed pattern: -1 when the total is unknown (older posts remain).
    const setsize = state.hasMore ? -1 : items.length;
    const virtual = this.isVirtual(items.length) ? virtualList : undefined;
    const render = (post: Post, index: number) => this.renderPost(post, index, setsize);
    return html`<div
      part="list"
      class="list ${virtual ? 'virtual' : ''}"
      role="feed"
      aria-label=${this.localize.t('feedLabel')}
      aria-busy=${state.loadingMore ? 'true' : 'false'}
    >
      ${virtual
        ? virtual.virtualize({
            items: [...items],
            keyFunction: (post: Post) => post.id,
            renderItem: render,
            ...(this.keptPlace ? { layout: { pin: { index: this.keptPlace.index, block: 'start' } } } : {}),
          })
        : repeat(items.slice(0, this.postsToShow(items)), (post) => post.id, render)}
    </div>`;
  }

  private renderFooter(state: FeedState): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    let content: TemplateResult;
    if (state.error && !state.fromCache) {
      content = html`<div part="error" class="error" role="alert">
        <p>${t('loadMoreError', { reason: this.errorText(state.error) })}</p>
        <button part="retry" type="button" class="retry" @click=${this.handleRetryMore}>${t('retry')}</button>
      </div>`;
    } else if (state.hasMore) {
      content = html`<button
        part="load-more"
        type="button"
        class="load-more"
        aria-disabled=${state.loadingMore ? 'true' : 'false'}
        @click=${() => this.loadMore('button')}
      >
        ${state.loadingMore ? t('loadingMore') : t('loadMore')}
      </button>`;
    } else {
      content = html`<p class="end">${t('feedEnd')}</p>`;
    }
    // Transparent while posts are still coming in above it, rather than seen moving down at each slice.
    return html`<div class="sentinel"></div>
      <div part="footer" class="footer ${this.rendering ? 'pending' : ''}">${content}</div>`;
  }

  /**
   * The posts are the copy saved on the device: said in a polite status (one
   * sentence when the copy shows, one when it could not be updated; cleared
   * when fresh posts replace it), with Retry when the update failed.
   */
  private renderSavedCopy(state: FeedState | undefined): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const saved = state?.status === 'ready' ? state.fromCache : undefined;
    const text =
      saved === 'revalidating'
        ? t('savedCopyUpdating')
        : saved === 'offline'
          ? t('savedCopyOffline')
          : saved === 'failed'
            ? t('savedCopyFailed', { reason: this.errorText(state?.error) })
            : '';
    return html`<div part="saved-copy" class="saved-copy ${saved ? '' : 'empty'}" role="status">
      ${text ? html`<span>${text}</span>` : nothing}
      ${saved === 'offline' || saved === 'failed'
        ? html`<button part="retry" type="button" class="retry" @click=${this.handleRetry}>${t('retry')}</button>`
        : nothing}
    </div>`;
  }

  override render() {
    const t = this.localize.t.bind(this.localize);
    const state = this.feedState.value;
    const newCount = state?.status === 'ready' ? state.newCount : 0;
    const newLabel = newCount > 0 ? t('newPosts', { count: newCount, formatted: formatCount(newCount, this.locale) }) : '';
    let body: TemplateResult;
    if (!state || state.status === 'loading') {
      body = html`<div part="skeleton" class="skeleton" role="status" aria-busy="true">
        <span class="visually-hidden">${t('feedLoading')}</span>
        ${Array.from({ length: SKELETON_CARDS }, () => html`<div class="ghost" aria-hidden="true"></div>`)}
      </div>`;
    } else if (state.status === 'error') {
      body = html`<div part="error" class="error" role="alert">
        <p>${t('feedError', { reason: this.errorText(state.error) })}</p>
        <button part="retry" type="button" class="retry" @click=${this.handleRetry}>${t('retry')}</button>
      </div>`;
    } else if (state.items.length === 0 && state.pinned.length === 0) {
      body = html`<p part="empty" class="empty">${t('feedEmpty')}</p>`;
    } else {
      body = html`${this.renderPinned(state)}${this.renderList(state)}${this.renderFooter(state)}`;
    }
    // Above whatever the feed shows: the caller's own posts, on their way.
    body = html`${this.renderOutgoing()}${body}`;
    const status = this.connection.value;
    // Live updates are interrupted; what is shown may be stale until the stream is back (a saved copy says so itself).
    const interrupted = state?.status === 'ready' && !state.fromCache && (status === 'reconnecting' || status === 'offline');
    return html`<div part="base" class="base" @keydown=${this.handleKeydown}>
      ${state?.status === 'ready' ? this.classification(feedKey(this.space)) : nothing}
      <div class="visually-hidden" aria-live="polite">${newLabel}</div>
      <p part="connection" class="connection" role="status">
        ${interrupted ? this.resolvedClient?.i18n.getFixedT(this.locale, 'core')(`status.${status}`) : nothing}
      </p>
      ${this.renderSavedCopy(state)}
      ${newCount > 0
        ? html`<button part="new-posts" type="button" class="new-posts" @click=${this.handleShowNew}>${newLabel}</button>`
        : nothing}
      ${body}
    </div>`;
  }
}
