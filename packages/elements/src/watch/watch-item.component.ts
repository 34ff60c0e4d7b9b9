import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { clientWatch, formatDateTime, safeHref } from '@ecotone/core';
import type { Post, WatchTriageRequest } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { watchStrings } from '../locales/watch-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './watch-item.styles.js';

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

const STATE_KEYS: Record<string, MessageKey> = {
  new: 'watchTriageNew',
  dismissed: 'watchTriageDismissed',
  discussed: 'watchTriageDiscussed',
  promoted: 'watchTriagePromoted',
};

/**
 * @tag eco-watch-item
 *
 * @summary A technology-watch post's item: its title as a link to the item's
 * own page (a new tab), its source, publication date and plain-text summary,
 * where the space's triage stands, and, for those who may publish in the
 * space, Dismiss, Discuss, Reopen and "Promote to a note".
 *
 * `<eco-post>` shows it in place of the body of a `watch` post, loading it
 * with the first one. The triage is one state for the whole space; the post
 * comes back from the server and is announced with `eco-watch-triaged`.
 * Promotion makes a knowledge note with the item's link as its source.
 *
 * @csspart base - The item's box.
 * @csspart title - The title (a link when the item has one).
 * @csspart meta - The source and the date.
 * @csspart summary - The summary.
 * @csspart triage-state - Where the triage stands (absent while new).
 * @csspart actions - The triage buttons.
 * @csspart message - Why the last triage failed.
 *
 * @cssproperty --eco-watch-item-muted-color - The source, date and state.
 * @cssproperty --eco-watch-item-link-color - The title's link.
 *
 * @event {EcoWatchTriagedEvent} eco-watch-triaged - The triage changed; `post` is the post as the server answers it now.
 * @event {EcoErrorEvent} eco-error - A triage (`manage`) failed; the element shows why.
 */
export class EcoWatchItem extends EcoElement {
  static override styles = styles;
  static strings = [watchStrings];

  /** The watch post (its `watch`). */
  @property({ attribute: false }) post?: Post;

  private readonly triaging = new AsyncStatusController<Post>(this);

  private async triage(action: WatchTriageRequest['action'] | 'promote'): Promise<void> {
    const client = this.resolvedClient;
    const post = this.post;
    if (!client || !post) return;
    const result = await this.triaging.run(async () => {
      if (action !== 'promote') return clientWatch(client).triage(post.id, action);
      const note = await client.promote(post.id);
      // As the server now has it (the note's id); the post's next update confirms it.
      return { ...post, watch: { ...post.watch!, triage: 'promoted' as const, noteId: note.id } };
    });
    if (!result) return;
    if (!result.ok) {
      this.emit('eco-error', { action: 'manage', error: result.error });
      return;
    }
    const updated = result.value;
    this.post = updated;
    this.emit('eco-watch-triaged', { post: updated });
  }

  override render() {
    const item = this.post?.watch;
    if (!item) return nothing;
    const t = (key: MessageKey, values?: Record<string, string | number>) => this.localize.t(key, values);
    const href = item.link ? safeHref(item.link) : undefined;
    const busy = this.triaging.pending;
    const button = (action: WatchTriageRequest['action'] | 'promote', key: MessageKey) =>
      html`<button type="button" part="action" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'} @click=${() => void this.triage(action)}>${t(key)}</button>`;
    return html`<section part="base" class=${item.triage} aria-label=${t('watchLabel')}>
      <p part="title" class="title" dir="auto">
        ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${item.title}</a>` : html`<strong>${item.title}</strong>`}
      </p>
      <p part="meta" class="meta">
        <span dir="auto">${t('watchFrom', { source: item.source.title })}</span>${item.publishedAt
          ? html` · <time datetime=${item.publishedAt}>${t('watchPublished', { date: formatDateTime(item.publishedAt, this.locale, DATE) })}</time>`
          : nothing}${item.triage !== 'new' ? html` · <span part="triage-state" class="state">${t(STATE_KEYS[item.triage]!)}</span>` : nothing}
      </p>
      ${item.summary && item.triage !== 'dismissed' ? html`<p part="summary" class="summary" dir="auto">${item.summary}</p>` : nothing}
      ${item.mayTriage && item.triage !== 'promoted'
        ? html`<div part="actions" class="actions" role="group" aria-label=${t('watchLabel')}>
            ${item.triage !== 'dismissed' ? button('dismiss', 'watchDismiss') : nothing}
            ${item.triage !== 'discussed' ? button('discuss', 'watchDiscuss') : nothing}
            ${item.triage !== 'new' ? button('reopen', 'watchReopen') : nothing} ${button('promote', 'watchPromote')}
          </div>`
        : nothing}
      ${this.triaging.status === 'error'
        ? html`<p part="message" class="error" role="alert">${t('watchTriageFailed', { reason: this.errorText(this.triaging.error) })}</p>`
        : nothing}
    </section>`;
  }
}
