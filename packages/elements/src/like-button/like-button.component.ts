import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { formatCount, type EcotoneClient, type OutboxEntry } from '@ecotone/core';
import type { ReactionSummary, SpaceCapabilities } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { REACTION_KINDS, UNKNOWN_KIND_ICON } from './reaction-kinds.js';
import styles from './like-button.styles.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';

/**
 * @tag eco-like-button
 *
 * @summary A reaction toggle (like, celebrate, insightful, support) for any
 * object, live-updated and optimistic; usable alone anywhere in a page.
 *
 * @csspart base - The wrapper of the button and the error message.
 * @csspart button - The native `<button>`.
 * @csspart icon - The reaction's icon.
 * @csspart label - The reaction's name.
 * @csspart count - The number of people who reacted.
 * @csspart error - The message shown when a change was undone, or that it waits to be sent (offline).
 * @csspart retry - Sends again a reaction the server refused after it had waited offline.
 * @csspart discard - Forgets such a reaction.
 *
 * @cssproperty --eco-like-button-color - Text colour.
 * @cssproperty --eco-like-button-background - Background.
 * @cssproperty --eco-like-button-border-color - Border colour.
 * @cssproperty --eco-like-button-pressed-color - Text and border colour when pressed.
 * @cssproperty --eco-like-button-pressed-background - Background when pressed.
 * @cssproperty --eco-like-button-radius - Corner radius.
 * @cssproperty --eco-like-button-error-color - Colour of the error message.
 *
 * @event {EcoReactionChangeEvent} eco-reaction-change - The server accepted the change: `{ objectId, kind, active }`.
 * @event {EcoErrorEvent} eco-error - The change was refused and undone: `{ action: 'react', error }`.
 */
export class EcoLikeButton extends EcoElement {
  static override styles = styles;

  /** Id of the object reacted to (a post or a comment). */
  @property({ reflect: true }) object = '';

  /** Reaction kind: `like`, `celebrate`, `insightful`, `support` or one configured on the server. */
  @property({ reflect: true }) kind = 'like';

  /** Whether the caller's reaction is on. Reflects the store; read it, do not set it. */
  @property({ type: Boolean, reflect: true }) pressed = false;

  /** Disables the button. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Shows only the icon and the count; the name stays in the accessible label. */
  @property({ type: Boolean, reflect: true, attribute: 'label-hidden' }) labelHidden = false;

  private readonly summary = new ObservableController<ReactionSummary | undefined, readonly [EcotoneClient | undefined, string]>(
    this,
    () => [this.resolvedClient, this.object] as const,
    ([client, object]) => (client && object ? client.reactions$(object) : undefined),
  );

  /**
   * The object's space, when the page knows it: the button then follows what
   * the space offers, live, and shows nothing while its owners have switched
   * reactions, or this kind, off there.
   */
  @property({ reflect: true }) space = '';

  private readonly offers = new ObservableController<SpaceCapabilities, readonly [EcotoneClient | undefined, string]>(
    this,
    () => [this.resolvedClient, this.space] as const,
    ([client, space]) => (client && space ? client.spaceCapabilities$(space) : undefined),
  );

  private readonly write = new AsyncStatusController<boolean>(this);

  /** Writes in the outbox: a reaction on this object and kind refused after it waited (offline, then a reload) shows here. */
  private readonly writes = new WritesController(this, () => this.resolvedClient);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('object') || changed.has('kind')) this.write.reset();
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    // Mirror the store (known only after the controllers' hostUpdate) before
    // super.update() reflects attributes, so it costs no second update.
    this.pressed = this.summary.value?.mine.includes(this.kind) ?? false;
    super.update(changed);
  }

  private async handleClick(): Promise<void> {
    const client = this.resolvedClient;
    const summary = this.summary.value;
    if (!client || !summary || this.disabled || this.write.pending) return;
    const { object: objectId, kind } = this;
    const active = !summary.mine.includes(kind);
    const result = await this.write.run(async () => {
      await (active ? client.react(objectId, kind) : client.unreact(objectId, kind));
      return active;
    });
    if (!result) return;
    if (result.ok) this.emit('eco-reaction-change', { objectId, kind, active });
    else this.emit('eco-error', { action: 'react', error: result.error });
  }

  override render() {
    const offers = this.offers.value;
    if (offers && !(offers.reactions && (offers.reactionKinds?.includes(this.kind) ?? true))) return nothing;
    const summary = this.summary.value;
    const known = REACTION_KINDS[this.kind];
    const name = known ? this.localize.t(known.label) : this.kind;
    const count = summary?.counts[this.kind] ?? 0;
    const pressed = summary?.mine.includes(this.kind) ?? false;
    // Until the counts are known, no number is shown (nor Intl's data for it loaded, at a page's first render).
    const formatted = summary ? formatCount(count, this.locale) : '';
    // Reactions that could not be read: say why, and offer no button to press blindly.
    const loadFailed = !summary && this.summary.error !== undefined;
    const busy = (!summary && !loadFailed) || this.write.pending;
    const label = summary ? this.localize.t('reactionLabel', { reaction: name, count, formatted }) : name;
    const mine = (e: OutboxEntry) => e.request.path.endsWith(`/${encodeURIComponent(this.kind)}`);
    const refused = this.writes.refused('react', this.object, mine);
    // Tried and waiting (offline, or the server unreachable): said once, politely.
    const queued = !refused && this.writes.of('react', this.object, mine).some((e) => e.status === 'queued' && e.attempts > 0);
    const error =
      this.write.status === 'error'
        ? this.localize.t('reactionUndone', { reason: this.errorText(this.write.error) })
        : loadFailed
          ? this.errorText(this.summary.error)
          : '';
    return html`<span part="base" class="base">
      <button
        part="button"
        type="button"
        aria-pressed=${pressed ? 'true' : 'false'}
        aria-busy=${busy ? 'true' : 'false'}
        aria-label=${label}
        ?disabled=${this.disabled || loadFailed}
        @click=${this.handleClick}
      >
        <span part="icon" aria-hidden="true">${known?.icon ?? UNKNOWN_KIND_ICON}</span>
        <span part="label" class=${this.labelHidden ? 'visually-hidden' : 'label'}>${name}</span>
        ${summary ? html`<span part="count" class="count">${formatted}</span>` : nothing}
      </button>
      <span part="error" class="error" role="status">${refused ? this.localize.t('reactionNotSent', { reason: this.errorText(refusalOf(refused)) }) : error || (queued ? this.localize.t('reactionQueued') : '')}</span>
      ${refused
        ? html`<button part="retry" type="button" class="link" @click=${() => this.resolvedClient?.retryWrite(refused.id)}>${this.localize.t('writeRetry')}</button>
            <button part="discard" type="button" class="link" @click=${() => this.resolvedClient?.discardWrite(refused.id)}>${this.localize.t('writeDiscard')}</button>`
        : nothing}
    </span>`;
  }
}
