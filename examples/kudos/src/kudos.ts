/**
 * "Kudos", a vendor's widget built on Ecotone's public API only
 * (`@ecotone/elements/base`, `lit`): praise a colleague publicly.
 *
 * - `<acme-kudos space="…">`: a form (colleague, value, a word of thanks)
 *   that publishes a post carrying an `acme.kudos` extension; the post's body
 *   is the sentence everyone else reads (search, other clients).
 * - `<acme-kudos-card>`: how `<eco-post>` (and so `<eco-feed>`) renders
 *   those posts once `registerPostExtension` names it: each reader sees the
 *   value in their own language.
 */
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  AsyncStatusController,
  EcoElement,
  ObservableController,
  buttonStyles,
  defineElement,
  registerPostExtension,
  token,
} from '@ecotone/elements/base';
import type { MemberList } from '@ecotone/core';
import type { Post } from '@ecotone/protocol';
import { KUDOS_VALUES, kudosStrings, type KudosValue } from './strings.js';

/** The extension type of a kudos post: the vendor's namespace, then the name. */
export const KUDOS_TYPE = 'acme.kudos';
const MESSAGE_MAX_CHARS = 280;

const valueKey = (value: KudosValue) => `acmeKudosValue${value[0]!.toUpperCase()}${value.slice(1)}`;

/**
 * @summary Praise a colleague of a space publicly: pick them, a value, a word of thanks.
 * @event eco-publish - A kudos was published; `detail.post` is the post.
 * @csspart base - The form.
 */
export class AcmeKudos extends EcoElement {
  static strings = [kudosStrings];
  static override styles = [
    buttonStyles,
    css`
      :host { display: block; font: inherit; }
      form { display: grid; gap: 0.5rem; padding: 1rem; border: 1px solid ${token('--eco-color-border')}; border-radius: ${token('--eco-radius')}; background: ${token('--eco-color-surface')}; }
      h2 { margin: 0; font-size: 1.05rem; }
      label { display: grid; gap: 0.25rem; font-weight: 600; }
      select, textarea { font: inherit; padding: 0.4rem; border: 1px solid ${token('--eco-color-border')}; border-radius: ${token('--eco-radius')}; }
      .status { margin: 0; color: ${token('--eco-color-text-muted')}; }
      .error { margin: 0; color: ${token('--eco-color-danger')}; }
    `,
  ];

  /** The space the kudos is published in; its members are the colleagues offered. */
  @property() space = '';

  @state() private to = '';
  @state() private value: KudosValue = 'teamwork';
  @state() private message = '';
  @state() private sentTo = '';
  /** The caller, left out of the colleagues offered. */
  @state() private meId: string | undefined;

  private list: MemberList | undefined;
  /** The space's members, followed while shown; again for another client or space. */
  private readonly members = new ObservableController(
    this,
    () => [this.resolvedClient, this.space] as const,
    ([client, space]) => {
      void client?.me().then((me) => (this.meId = me.actor.id), () => undefined);
      this.list = space ? client?.members(space) : undefined;
      return this.list?.state$;
    },
  );
  private readonly sending = new AsyncStatusController<Post>(this);

  private readonly handleSubmit = async (event?: Event) => {
    event?.preventDefault();
    const client = this.resolvedClient;
    const person = this.members.value?.items.find((m) => m.actor.id === this.to)?.actor;
    if (!client || !person || this.sending.status === 'pending') return;
    const text = this.message.trim();
    const value = this.localize.text(valueKey(this.value));
    const body = `${this.localize.text('acmeKudosBody', { name: person.displayName, value })}${text ? `\n\n${text}` : ''}`;
    const sent = await this.sending.run(() =>
      client.publish(this.space, {
        body,
        locale: this.locale as Post['locale'],
        extension: { type: KUDOS_TYPE, data: { to: person.id, toName: person.displayName, value: this.value, message: text || null } },
      }),
    );
    if (!sent?.ok) return;
    this.sentTo = person.displayName;
    this.message = '';
    this.emit('eco-publish', { post: sent.value });
  };

  override render() {
    const t = (key: string, opts?: Record<string, string>) => this.localize.text(key, opts);
    const members = this.members.value;
    const colleagues = (members?.items ?? []).filter((m) => m.actor.id !== this.meId);
    const pending = this.sending.status === 'pending';
    return html`<form part="base" @submit=${this.handleSubmit} aria-busy=${pending ? 'true' : 'false'}>
      <h2>${t('acmeKudosTitle')}</h2>
      ${!members || members.status === 'loading'
        ? html`<p class="status" role="status">${t('acmeKudosLoading')}</p>`
        : members.status === 'error'
          ? html`<p class="error" role="alert">
              ${t('acmeKudosMembersFailed', { reason: this.errorText(members.error) })}
              <button type="button" @click=${() => void this.list?.refresh()}>${t('acmeKudosRetry')}</button>
            </p>`
          : colleagues.length === 0
            ? html`<p class="status">${t('acmeKudosNoColleagues')}</p>`
            : html`<label
                  >${t('acmeKudosColleague')}
                  <select required .value=${this.to} @change=${(e: Event) => (this.to = (e.target as HTMLSelectElement).value)}>
                    <option value="">${t('acmeKudosChoose')}</option>
                    ${colleagues.map((m) => html`<option value=${m.actor.id} ?selected=${m.actor.id === this.to}>${m.actor.displayName}</option>`)}
                  </select></label
                >
                <label
                  >${t('acmeKudosValue')}
                  <select @change=${(e: Event) => (this.value = (e.target as HTMLSelectElement).value as KudosValue)}>
                    ${KUDOS_VALUES.map((v) => html`<option value=${v} ?selected=${v === this.value}>${t(valueKey(v))}</option>`)}
                  </select></label
                >
                <label
                  >${t('acmeKudosMessage')}
                  <textarea
                    rows="2"
                    maxlength=${MESSAGE_MAX_CHARS}
                    .value=${this.message}
                    @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}
                  ></textarea
                ></label>
                <button class="primary" type="submit" ?disabled=${pending || !this.to}>${pending ? t('acmeKudosSending') : t('acmeKudosSend')}</button>`}
      <p class="status" role="status">${this.sentTo && this.sending.status === 'complete' ? t('acmeKudosSent', { name: this.sentTo }) : nothing}</p>
      ${this.sending.status === 'error'
        ? html`<p class="error" role="alert">
            ${t('acmeKudosFailed', { reason: this.errorText(this.sending.error) })}
            <button type="button" @click=${() => void this.handleSubmit()}>${t('acmeKudosRetry')}</button>
          </p>`
        : nothing}
    </form>`;
  }
}

/**
 * @summary A kudos post, as `<eco-post>` renders it once registered for `acme.kudos`.
 * @csspart base - The card.
 */
export class AcmeKudosCard extends EcoElement {
  static strings = [kudosStrings];
  static override styles = css`
    :host { display: block; }
    .card { display: grid; gap: 0.25rem; padding: 0.75rem 1rem; border-radius: ${token('--eco-radius')}; border: 1px solid ${token('--eco-color-border')};
      background: ${token('--eco-color-surface-raised')}; }
    .title { margin: 0; font-weight: 700; }
    p { margin: 0; }
  `;

  /** The post, set by `<eco-post>`. */
  @property({ attribute: false }) post?: Post;

  override render() {
    const data = this.post?.extension?.data ?? {};
    const value = KUDOS_VALUES.find((v) => v === data['value']);
    const name = typeof data['toName'] === 'string' ? data['toName'] : '';
    const message = typeof data['message'] === 'string' ? data['message'] : '';
    const t = (key: string, opts?: Record<string, string>) => this.localize.text(key, opts);
    return html`<div part="base" class="card" role="group" aria-label=${t('acmeKudosCardTitle')}>
      <p class="title"><span aria-hidden="true">🎉</span> ${t('acmeKudosCardTitle')}</p>
      <p>${t('acmeKudosCardTo', { name, value: value ? t(valueKey(value)) : '' })}</p>
      ${message ? html`<p dir="auto" lang=${this.post?.locale ?? nothing}>${message}</p>` : nothing}
    </div>`;
  }
}

defineElement('acme-kudos', AcmeKudos);
defineElement('acme-kudos-card', AcmeKudosCard);
registerPostExtension(KUDOS_TYPE, 'acme-kudos-card');

declare global {
  interface HTMLElementTagNameMap {
    'acme-kudos': AcmeKudos;
    'acme-kudos-card': AcmeKudosCard;
  }
}
