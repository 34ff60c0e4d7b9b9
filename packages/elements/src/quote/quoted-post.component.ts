import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { formatDateTime, quotedPostOf } from '@ecotone/core';
import type { Actor, QuotedPost } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
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
 * post's id, and the card then asks the server what this reader may see of
 * it (`quotedPostOf`, the quoting post read again).
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
  /** The quoting post's id: asked again when `quoted` holds only an id (a post that arrived live). */
  @property({ attribute: 'post-id' }) postId?: string;

  /** For a bare reference: what the server said this reader sees, for which post (or why it could not say). */
  private asked: { postId: string; quoted?: QuotedPost; error?: unknown } | undefined;

  private async ask(postId: string): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    const asked: NonNullable<typeof this.asked> = { postId };
    this.asked = asked;
    try {
      // The post may have stopped quoting anything meanwhile (deleted): not available.
      asked.quoted = (await quotedPostOf(client, postId)) ?? { id: this.quoted?.id ?? postId, unavailable: true };
    } catch (error) {
      asked.error = error;
    }
    if (this.asked === asked) this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const quoted = this.quoted;
    const bare = quoted && !('unavailable' in quoted) && !('author' in quoted);
    if (bare && this.postId && this.asked?.postId !== this.postId) void this.ask(this.postId);
  }

  private summary(): Summary | 'unavailable' | 'loading' | 'error' {
    let quoted = this.quoted;
    if (quoted && !('unavailable' in quoted) && !('author' in quoted)) {
      if (this.asked?.error !== undefined) return 'error';
      quoted = this.asked?.quoted;
      if (!quoted) return this.postId ? 'loading' : 'unavailable';
    }
    if (!quoted || 'unavailable' in quoted || !('author' in quoted)) return 'unavailable';
    return quoted;
  }

  private readonly handleOpen = (): void => {
    if (this.quoted) this.emit('eco-open-post', { postId: this.quoted.id });
  };

  private readonly handleRetry = (): void => {
    if (this.postId) void this.ask(this.postId);
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
        ${t('quoteError', { reason: this.errorText(this.asked?.error) })}
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
