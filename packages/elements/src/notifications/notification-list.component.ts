import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { formatDateTime, formatRelativeTime, type ConnectionState, type EcotoneClient, type NotificationsState } from '@ecotone/core';
import { avatarSrc, type Actor, type Notification } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { notificationsStrings } from '../locales/notifications-strings.js';
import type { MessageKey } from '../locales/locales.js';
import type { EcoOpenNotificationDetail } from '../events/eco-open-notification.js';
import { notificationSentence, sentenceNamesObject } from './notification-text.js';
import styles from './notification-list.styles.js';
import { classificationLabel } from '../base/classification.js';

/** How often relative times ("5 minutes ago") are recomputed, in milliseconds. */
const CLOCK_INTERVAL_MS = 30_000;

// Loaded when a notification is opened, never before: a bell page does not download posts or notes.
const importPost = () => import('../post/post.js');
const importComments = () => import('../comments/comments.js');
const importNote = () => import('../knowledge-note/knowledge-note.js');

/** Up to two initials of a display name, for the avatar placeholder. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w ?? '')[0]?.toUpperCase() ?? '').join('');
}

/** The picture (only a same-origin path or https, without a Referer) or the initials. */
function avatar(actor: Actor): TemplateResult {
  const src = actor.avatarUrl && avatarSrc(actor.avatarUrl);
  return html`<span class="avatar">${src ? html`<img src=${src} alt="" referrerpolicy="no-referrer" />` : initials(actor.displayName)}</span>`;
}

/** What the dialog shows: the post (of a post, comment or poll) or the note a notification names. */
type Shown = { type: 'post' | 'note'; id: string; spaceName: string };

/**
 * @tag eco-notification-list
 *
 * @summary The caller's notifications: who did what, about which post,
 * comment, note or space, how long ago, unread ones marked; opening one marks
 * it read and shows its object (a post with its comments, or a note) in a
 * dialog. "Mark all as read", more on demand, and loading, empty, error
 * (with Retry) and offline states. `<eco-notifications>` shows it in its
 * panel; a page may also show it alone (an inbox page).
 *
 * @dependency eco-post
 * @dependency eco-comments
 * @dependency eco-knowledge-note
 *
 * @csspart base - The `<section>`.
 * @csspart header - The title and "Mark all as read".
 * @csspart title - The heading, "Notifications".
 * @csspart mark-all - The "Mark all as read" button.
 * @csspart status - Loading, empty and offline messages (a polite live region).
 * @csspart list - The list of notifications.
 * @csspart item - One notification (`unread` too while unread).
 * @csspart open - The button that opens it.
 * @csspart avatars - The actors' avatars.
 * @csspart sentence - What happened ("Anna and 4 others commented on your post").
 * @csspart excerpt - The first words of the object.
 * @csspart meta - The space and the time.
 * @csspart classification - The space's classification label, after its name (`<eco-classification>`; a server with labels, a space the caller belongs to). Also `classification-<label id>`.
 * @csspart unread-marker - The dot of an unread notification.
 * @csspart more - "Show more notifications".
 * @csspart error - Messages about a failed load or mark.
 * @csspart dialog - The dialog that shows a post or a note.
 *
 * @cssproperty --eco-notification-list-border-color - Separators.
 * @cssproperty --eco-notification-list-muted-color - Excerpts, times and spaces.
 * @cssproperty --eco-notification-list-unread-background - Background of unread notifications.
 * @cssproperty --eco-notification-list-marker-color - The unread dot.
 * @cssproperty --eco-notification-list-avatar-background - Avatar background.
 * @cssproperty --eco-notification-list-avatar-color - Avatar initials.
 * @cssproperty --eco-notification-list-error-color - Error text.
 * @cssproperty --eco-notification-list-error-background - Error background.
 *
 * @event {EcoOpenNotificationEvent} eco-open-notification - A notification was opened (already being marked read). Cancelable: `preventDefault()` to show the object yourself; otherwise a post or note shows in a dialog, and a space shows nothing more.
 * @event {EcoErrorEvent} eco-error - Loading (`load`, `load-more`) or marking read (`mark-read`) failed, or a post or note could not be shown (`load`); the element shows a message.
 */
export class EcoNotificationList extends EcoElement {
  static override styles = styles;
  static strings = [notificationsStrings];

  /** `newest` (default) or `unread` (unread ones first). */
  @property({ reflect: true }) order: 'newest' | 'unread' = 'newest';

  /** What the dialog shows, if anything. */
  @state() private shown: Shown | undefined;
  /** A refused mark, shown until the next one succeeds. */
  @state() private markError: unknown;

  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly clock = new ClockController(this, CLOCK_INTERVAL_MS);
  private readonly classification = classificationLabel(this, () => this.resolvedClient);
  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);
  private readonly post = new LazyModuleController(this, importPost, (error) => this.emit('eco-error', { action: 'load', error }));
  private readonly comments = new LazyModuleController(this, importComments, (error) => this.emit('eco-error', { action: 'load', error }));
  private readonly note = new LazyModuleController(this, importNote, (error) => this.emit('eco-error', { action: 'load', error }));

  private readonly list = new ObservableController<NotificationsState, readonly [EcotoneClient | undefined, string]>(
    this,
    () => [this.resolvedClient, this.order] as const,
    ([client, order]) => (client ? client.notifications().list(order === 'unread' ? 'unread' : 'newest').state$ : undefined),
  );

  private readonly connection = new ObservableController<ConnectionState, readonly [EcotoneClient | undefined]>(
    this,
    () => [this.resolvedClient] as const,
    ([client]) => client?.connection$,
  );

  private center() {
    return this.resolvedClient?.notifications();
  }

  private listOf() {
    return this.center()?.list(this.order === 'unread' ? 'unread' : 'newest');
  }

  /** Marks it read, tells the page, and unless the page shows it, shows its object. */
  private async open(n: Notification): Promise<void> {
    const center = this.center();
    if (!center) return;
    if (!n.read) {
      center.markRead(n.id).then(
        () => (this.markError = undefined),
        (error: unknown) => {
          this.markError = error;
          this.emit('eco-error', { action: 'mark-read', error: error as Error });
        },
      );
    }
    const detail: EcoOpenNotificationDetail = { notification: n };
    const event = new CustomEvent('eco-open-notification', { bubbles: true, composed: true, cancelable: true, detail });
    if (!this.dispatchEvent(event)) return;
    const { object } = n;
    const postId = object.type === 'post' ? object.id : object.postId;
    let shown: Shown | undefined;
    if (object.type === 'note') {
      void this.note.load();
      shown = { type: 'note', id: object.id, spaceName: object.spaceName };
    } else if (object.type !== 'space' && postId) {
      void this.post.load();
      void this.comments.load();
      shown = { type: 'post', id: postId, spaceName: object.spaceName };
    }
    if (!shown) return;
    this.shown = shown;
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
  }

  private async markAll(): Promise<void> {
    try {
      await this.center()?.markAllRead();
      this.markError = undefined;
    } catch (error) {
      this.markError = error;
      this.emit('eco-error', { action: 'mark-read', error: error as Error });
    }
  }

  private closeDialog(): void {
    this.dialog?.close();
  }

  protected override render(): TemplateResult {
    const state = this.list.value;
    const t = this.tr;
    const anyUnread = state?.items.some((n) => !n.read) ?? false;
    return html`
      <section part="base" role=${this.sectionRole ?? nothing} aria-labelledby="title" aria-busy=${!state || state.status === 'loading' ? 'true' : 'false'}>
        <div part="header" class="header">
          <h2 id="title" part="title" class="title">${t('notifTitle')}</h2>
          ${state && state.items.length > 0
            ? html`<button part="mark-all" type="button" ?disabled=${!anyUnread} @click=${() => void this.markAll()}>${t('notifMarkAll')}</button>`
            : nothing}
        </div>
        ${this.renderStatus(state)}
        ${state && state.items.length > 0 ? html`<ul part="list" class="list">${state.items.map((n) => this.renderItem(n))}</ul>` : nothing}
        ${state?.hasMore
          ? html`<button part="more" class="more" type="button" ?disabled=${state.loadingMore} @click=${() => void this.listOf()?.loadMore()}>
              ${state.loadingMore ? t('notifLoadingMore') : t('notifMore')}</button>`
          : nothing}
        ${this.markError ? html`<p part="error" class="error" role="alert">${t('notifMarkFailed', { reason: this.errorText(this.markError) })}</p>` : nothing}
        ${this.renderDialog()}
      </section>
    `;
  }

  private renderStatus(state: NotificationsState | undefined): TemplateResult | typeof nothing {
    const t = this.tr;
    const offline = this.connection.value === 'offline' || this.connection.value === 'cache-only';
    if (!state || state.status === 'loading') {
      return html`<p part="status" class="status" role="status">${offline ? t('notifOffline') : t('notifLoading')}</p>`;
    }
    if (state.status === 'error') {
      if (offline) return html`<p part="status" class="status" role="status">${t('notifOffline')}</p>`;
      return html`<div part="error" class="error" role="alert">
        <p>${t('notifError', { reason: this.errorText(state.error) })}</p>
        <button type="button" @click=${() => void this.listOf()?.refresh()}>${t('notifRetry')}</button>
      </div>`;
    }
    return html`<p part="status" class="status" role="status">${state.items.length === 0 ? t('notifEmpty') : ''}</p>
      ${state.error && !state.loadingMore
        ? html`<p part="error" class="error" role="alert">${offline ? t('notifOffline') : t('notifStale', { reason: this.errorText(state.error) })}</p>`
        : nothing}`;
  }

  private renderItem(n: Notification): TemplateResult {
    const t = this.tr;
    const locale = this.locale;
    const sentence = notificationSentence(n, t, locale);
    const excerpt = !sentenceNamesObject(n) && n.object.excerpt;
    return html`<li part=${n.read ? 'item' : 'item unread'} class=${n.read ? 'item' : 'item unread'} data-id=${n.id}>
      <button part="open" class="open" type="button" @click=${() => void this.open(n)}>
        <span part="avatars" class="avatars" aria-hidden="true">${n.actors.slice(0, 2).map(avatar)}</span>
        <span class="text">
          <span part="sentence" class="sentence">${sentence}</span>
          ${excerpt ? html`<span part="excerpt" class="excerpt" dir="auto">${excerpt}</span>` : nothing}
          <span part="meta" class="meta"><span dir="auto">${n.object.spaceName}</span> ${this.classification(n.object.spaceId, true)} ·
            <time datetime=${n.updatedAt} title=${formatDateTime(n.updatedAt, locale)}>${formatRelativeTime(n.updatedAt, locale, this.clock.now)}</time></span>
        </span>
        ${n.read ? nothing : html`<span part="unread-marker" class="marker"><span class="visually-hidden">${t('notifUnread')}</span></span>`}
      </button>
    </li>`;
  }

  private renderDialog(): TemplateResult {
    const t = this.tr;
    const shown = this.shown;
    const client = this.resolvedClient;
    let body: TemplateResult | typeof nothing = nothing;
    if (shown?.type === 'post') {
      body = this.post.ready
        ? html`<eco-post .client=${client} post-id=${shown.id}></eco-post>${this.comments.ready ? html`<eco-comments .client=${client} post=${shown.id}></eco-comments>` : nothing}`
        : this.loadFailure(this.post.error);
    } else if (shown?.type === 'note') {
      body = this.note.ready ? html`<eco-knowledge-note .client=${client} note=${shown.id}></eco-knowledge-note>` : this.loadFailure(this.note.error);
    }
    const title = shown ? t(shown.type === 'note' ? 'notifDialogNote' : 'notifDialogPost', { space: shown.spaceName }) : '';
    return html`<dialog part="dialog" class="dialog" aria-labelledby="dialog-title" @close=${() => (this.shown = undefined)}>
      <div class="dialog-header">
        <h2 id="dialog-title" class="dialog-title" dir="auto">${title}</h2>
        <button type="button" class="close" @click=${this.closeDialog}>${t('notifClose')}</button>
      </div>
      ${body}
    </dialog>`;
  }

  private loadFailure(error: unknown): TemplateResult {
    return error
      ? html`<p part="error" class="error" role="alert">${this.tr('notifOpenFailed', { reason: this.errorText(error) })}</p>`
      : html`<p class="status" role="status">${this.tr('notifLoading')}</p>`;
  }
}
