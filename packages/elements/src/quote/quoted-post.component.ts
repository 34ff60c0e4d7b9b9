import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { formatDateTime, isRetryable } from '@ecotone/core';
import type { Actor, Post, QuotedPost } from '@ecotone/protocol';
import { quoteExcerpt } from '@ecotone/protocol/rules';
import { EcoElement } from '../base/eco-element.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { quoteStrings } from '../locales/quote-strings.js';
import styles from './quoted-post.styles.js';

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/** What the card shows of the quoted post. */
interface Summary {
  id: string;
  author: Actor;
  excerpt: string;
  createdAt: string;
}

/**
 * @tag eco-quoted-post
 *
 * @summary The post a post quotes (shares), as a compact card: its author,
 * date and the start of its text, with "Show the post"; or "This post is not
 * available" when the reader may not read it (or it was deleted).
 *
 * `<eco-post>` shows it under a post that quotes another, loading it with the
 * first such post. What a reader sees of a quoted post is the server's to
 * decide, per reader: a post read from the API carries the summary or
 * `unavailable`; one that arrived by a live event carries only the quoted
 * post's id, and the card then asks for that post itself (the server answers
 * 404 to a reader who may not read it: not available).
 *
 * @csspart base - The card (a summary).
 * @csspart author - The quoted post's author.
 * @csspart meta - Its date.
 * @csspart excerpt - The start of its text (plain text).
 * @csspart open - "Show the post".
 * @csspart unavailable - "This post is not available".
 * @csspart status - Loading, or why it could not be loaded, with Retry.
 *
 * @cssproperty --eco-quoted-post-border-color - The card's border.
 * @cssproperty --eco-quoted-post-muted-color - The date and the unavailable note.
 *
 * @event {EcoOpenPostEvent} eco-open-post - "Show the post" was activated: `{ postId }`, for the page to show it.
 */
export class EcoQuotedPost extends EcoElement {
  static override styles = styles;
  static strings = [quoteStrings];

  /** The quoting post's `quoted`. */
  @property({ attribute: false }) quoted?: QuotedPost;

  /** Only for a live event's bare reference: the quoted post as the reader may read it. */
  private readonly fetched = new ObservableController(
    this,
    () => [this.resolvedClient, this.quoted && !('unavailable' in this.quoted) && !('author' in this.quoted) ? this.quoted.id : undefined, this.attempt] as const,
    ([client, id]) => (client && id ? client.post$(id) : undefined),
  );
  /** Bumped by Retry: a new subscription. */
  private attempt = 0;

  private summary(): Summary | 'unavailable' | 'loading' | 'error' {
    const quoted = this.quoted;
    if (!quoted || 'unavailable' in quoted) return 'unavailable';
    if ('author' in quoted) return quoted;
    const error = this.fetched.error;
    // Not found (or no longer readable): the server's answer for a reader who may not read it.
    if (error !== undefined) return isRetryable(error) ? 'error' : 'unavailable';
    const post: Post | undefined = this.fetched.value;
    if (!post) return 'loading';
    return { id: post.id, author: post.author, excerpt: quoteExcerpt(post.body), createdAt: post.createdAt };
  }

  private readonly handleOpen = (): void => {
    if (this.quoted) this.emit('eco-open-post', { postId: this.quoted.id });
  };

  private readonly handleRetry = (): void => {
    this.attempt += 1;
    this.requestUpdate();
  };

  override render() {
    if (!this.quoted) return nothing;
    const t = this.localize.t.bind(this.localize);
    const summary = this.summary();
    if (summary === 'unavailable') return html`<p part="unavailable" class="unavailable">${t('quoteUnavailable')}</p>`;
    if (summary === 'loading') return html`<p part="status" class="status" role="status">${t('quoteLoading')}</p>`;
    if (summary === 'error') {
      return html`<p part="status" class="status" role="alert">
        ${t('quoteError', { reason: this.errorText(this.fetched.error) })}
        <button type="button" @click=${this.handleRetry}>${t('quoteRetry')}</button>
      </p>`;
    }
    return html`<figure part="base" class="card" aria-label=${t('quoteLabel', { author: summary.author.displayName })}>
      <figcaption>
        <span part="author" class="author" dir="auto">${summary.author.displayName}</span>
        <time part="meta" class="meta" datetime=${summary.createdAt}>${formatDateTime(summary.createdAt, this.locale, DATE)}</time>
      </figcaption>
      ${summary.excerpt ? html`<blockquote part="excerpt" class="excerpt" dir="auto">${summary.excerpt}</blockquote>` : nothing}
      <button part="open" class="open" type="button" @click=${this.handleOpen}>${t('quoteOpen')}</button>
    </figure>`;
  }
}
