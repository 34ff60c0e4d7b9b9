import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { formatDateTime, formatRelativeTime, type EcotoneClient } from '@ecotone/core';
import type { PersonCard, Post } from '@ecotone/protocol';
import { avatar } from '../base/avatar.js';
import { EcoElement } from '../base/eco-element.js';
import { errorCode } from '../base/error-message.js';
import { excerptOf } from '../base/plain-text.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { personStrings } from '../locales/person-strings.js';
import styles from './person.styles.js';

/** How often the local time and the posts' relative times are refreshed, in milliseconds. */
export const PERSON_CLOCK_MS = 60_000;
/** Characters of a recent post's excerpt. */
const EXCERPT_CHARS = 140;
const LOCAL_TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', weekday: 'short' };
const FULL_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/** `time` in a time zone, or undefined when the zone is unknown to this browser. */
function localTime(time: number, timeZone: string, locale: string): string | undefined {
  try {
    return formatDateTime(time, locale, { ...LOCAL_TIME, timeZone });
  } catch {
    return undefined;
  }
}

/**
 * @tag eco-person
 *
 * @summary A person card: name, avatar, title, site, their local time, the
 * spaces you share and their recent posts you may read.
 *
 * Reads `client.person(actorId)` (`GET /people/{id}`), which the server
 * filters for the viewer: spaces in common are spaces both belong to that
 * the viewer may read, and recent posts are those the viewer may read
 * (never another's scheduled draft). The local time comes from the person's
 * time zone and is refreshed every minute; without one it says "Local time
 * unknown". Loading, not found, deactivated ("former member") and failed
 * states (with Retry) are announced to screen readers. Usable alone (a staff
 * directory embeds one per person) and in the dialog that names and avatars
 * of the other elements open (`eco-open-person`).
 *
 * @csspart base - The card (`<section>`, named by the person's name).
 * @csspart avatar - The avatar (initials, or the image when the person has one).
 * @csspart name - The person's name (a heading).
 * @csspart former-member - The note that the person's access has ended.
 * @csspart title - Their job title.
 * @csspart site - Their site.
 * @csspart local-time - Their local time, or "Local time unknown".
 * @csspart spaces - The list of spaces in common.
 * @csspart space - One space in common.
 * @csspart posts - The list of recent posts.
 * @csspart post - One recent post (a button emitting `eco-open-post`).
 * @csspart status - Loading, not found or no person.
 * @csspart error - A failed load, with Retry.
 *
 * @cssproperty --eco-person-background - Card background.
 * @cssproperty --eco-person-border-color - Card and separator border colour.
 * @cssproperty --eco-person-radius - Card corner radius.
 * @cssproperty --eco-person-muted-color - Title, site, times and empty lists.
 * @cssproperty --eco-person-avatar-background - Avatar background.
 * @cssproperty --eco-person-avatar-color - Avatar initials colour.
 * @cssproperty --eco-person-link-color - Recent posts' text.
 * @cssproperty --eco-person-error-color - Error text.
 *
 * @event {EcoOpenPostEvent} eco-open-post - A recent post was activated: `{ postId }`.
 * @event {EcoErrorEvent} eco-error - The card could not be loaded (`action: 'load'`); not for an unknown person.
 */
export class EcoPerson extends EcoElement {
  static override styles = styles;
  static strings = [personStrings];

  /** Id of the person to show. */
  @property({ attribute: 'actor-id' }) actorId?: string;

  private readonly card = new AsyncStatusController<PersonCard>(this);
  private readonly clock = new ClockController(this, PERSON_CLOCK_MS);
  /** What the last load was for: client and id. */
  private loadedFor: readonly [EcotoneClient | undefined, string | undefined] | undefined;

  /** The card shown, once loaded. */
  get person(): PersonCard | undefined {
    return this.card.status === 'complete' ? this.card.value : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (this.loadedFor?.[0] !== client || this.loadedFor?.[1] !== this.actorId) {
      this.loadedFor = [client, this.actorId];
      if (client && this.actorId) void this.load();
      else this.card.reset();
    }
  }

  private async load(): Promise<void> {
    const client = this.resolvedClient;
    const actorId = this.actorId;
    if (!client || !actorId) return;
    const result = await this.card.run(() => client.person(actorId));
    if (result && !result.ok && errorCode(result.error) !== 'not_found') this.emit('eco-error', { action: 'load', error: result.error });
  }

  private readonly handleRetry = (): void => {
    void this.load();
  };

  override render(): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const { status, error } = this.card;
    if (status === 'complete' && this.card.value) return this.renderCard(this.card.value);
    if (status === 'error' && error) {
      if (errorCode(error) === 'not_found') {
        return html`<section part="base" aria-label=${t('personLabel')}><p part="status" class="status" role="status">${t('personNotFound')}</p></section>`;
      }
      return html`<section part="base" aria-label=${t('personLabel')}>
        <div part="error" class="error" role="alert">
          <span>${t('personLoadFailed', { reason: this.errorText(error) })}</span>
          <button type="button" @click=${this.handleRetry}>${t('personRetry')}</button>
        </div>
      </section>`;
    }
    const loading = status === 'pending';
    return html`<section part="base" aria-label=${t('personLabel')} aria-busy=${loading ? 'true' : 'false'}>
      <p part="status" class="status" role="status">${t(loading ? 'personLoading' : 'personUnavailable')}</p>
    </section>`;
  }

  private renderCard(card: PersonCard): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const { actor } = card;
    const time = card.timeZone ? localTime(this.clock.now, card.timeZone, this.locale) : undefined;
    return html`<section part="base" aria-labelledby="name">
      <header>
        <span part="avatar" class="avatar" aria-hidden="true">${avatar(actor)}</span>
        <div class="who">
          <h2 part="name" id="name" class="name" dir="auto">${actor.displayName}</h2>
          ${actor.title ? html`<p part="title" class="muted" dir="auto">${actor.title}</p>` : nothing}
          ${actor.site ? html`<p part="site" class="muted" dir="auto">${actor.site}</p>` : nothing}
        </div>
      </header>
      ${actor.deactivated ? html`<p part="former-member" class="former">${t('personFormerMember')}</p>` : nothing}
      <p part="local-time" class="muted">${time ? t('personLocalTime', { time }) : t('personLocalTimeUnknown')}</p>
      <h3>${t('personSpacesInCommon')}</h3>
      ${card.spacesInCommon.length === 0
        ? html`<p class="muted">${t('personNoSpacesInCommon')}</p>`
        : html`<ul part="spaces" class="spaces">
            ${card.spacesInCommon.map((space) => html`<li part="space" dir="auto">${space.name}</li>`)}
          </ul>`}
      <h3>${t('personRecentPosts')}</h3>
      ${card.recentPosts.length === 0
        ? html`<p class="muted">${t('personNoRecentPosts')}</p>`
        : html`<ul part="posts" class="posts">
            ${card.recentPosts.map((post) => this.renderPost(post))}
          </ul>`}
    </section>`;
  }

  private renderPost(post: Post): TemplateResult {
    const created = new Date(post.createdAt);
    const relative = formatRelativeTime(created, this.locale, new Date(this.clock.now));
    const text = excerptOf(post.body, EXCERPT_CHARS) || this.localize.t('personEmptyPost');
    return html`<li>
      <button
        part="post"
        class="post"
        type="button"
        @click=${() => this.emit('eco-open-post', { postId: post.id })}
      >
        <span class="excerpt" lang=${post.locale} dir="auto">${text}</span>
        <time class="muted" datetime=${post.createdAt} title=${formatDateTime(created, this.locale, FULL_DATE)}>${relative}</time>
      </button>
    </li>`;
  }
}
