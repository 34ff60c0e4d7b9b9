import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatCount, type EcotoneClient, type MembersState, type SpacesState } from '@ecotone/core';
import { ROLES, type Role, type Space, type SpaceQuery } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { isolate, withBdi } from '../base/bidi.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { spacesStrings } from '../locales/spaces-strings.js';
import type { MessageKey } from '../locales/locales.js';
import type { EcoErrorAction } from '../events/eco-error.js';
import type { EcoMembershipDetail } from '../events/eco-membership.js';
import styles from './spaces.styles.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';

/** How long typing pauses before the directory asks the server. */
const SEARCH_DELAY_MS = 250;

/** A refused action: where its message shows, and the error (its sentence may still be loading). */
type Failure = { slot: string; key: MessageKey; error: unknown };

/**
 * @tag eco-spaces
 *
 * @summary A directory of spaces, filtered by site and searchable: join open
 * spaces, ask to join private ones, leave; owners manage members and roles
 * and answer join requests. Secret spaces show only to their members.
 *
 * @csspart base - The `<section>`.
 * @csspart title - Its heading, "Spaces" (hide it with `::part(title)` when the page has its own: it still names the section).
 * @csspart toolbar - Search box, site filter and "My spaces".
 * @csspart search - The search `<input>`.
 * @csspart site - The site `<select>`.
 * @csspart status - Count, loading and empty messages (a polite live region).
 * @csspart list - The list of spaces.
 * @csspart space - One space (`aria-busy` while joining or leaving).
 * @csspart name - The space's name (a link when `space-href` is set).
 * @csspart meta - Visibility, site, member count and the caller's role.
 * @csspart actions - Join, Ask to join, Leave, Manage.
 * @csspart form - The join-request and leave-confirmation boxes.
 * @csspart members - The members panel of an owner.
 * @csspart former-member - "former member" after the name of a person whose access has ended.
 * @csspart requests - Pending join requests in that panel.
 * @csspart error - Messages about a refused action or a failed load.
 *
 * @cssproperty --eco-spaces-border-color - Separators and boxes.
 * @cssproperty --eco-spaces-muted-color - Secondary text.
 * @cssproperty --eco-spaces-link-color - Space names.
 * @cssproperty --eco-spaces-button-background - Primary buttons.
 * @cssproperty --eco-spaces-button-color - Primary button text.
 * @cssproperty --eco-spaces-error-color - Error text.
 * @cssproperty --eco-spaces-error-background - Error background.
 *
 * @event {EcoMembershipEvent} eco-membership - The caller joined, asked to join, left or withdrew a request, or as an owner changed a role, removed a member or answered a request (the server agreed).
 * @event {EcoErrorEvent} eco-error - An action was refused (`join`, `leave`, `manage`) or the directory failed to load (`load`); the element shows a message.
 */
export class EcoSpaces extends EcoElement {
  static override styles = styles;
  static strings = [spacesStrings];

  /** Show only spaces of this site (the site filter's initial value). */
  @property({ reflect: true }) site = '';
  /** Words to search for in names and descriptions (the search box's initial value). */
  @property() query = '';
  /** Show only the caller's spaces. */
  @property({ type: Boolean, reflect: true }) mine = false;
  /** Link of each space's name, `{id}` replaced by the space id (e.g. `/spaces/{id}`); names are plain text without it. */
  @property({ attribute: 'space-href' }) spaceHref = '';

  /** The search as sent (typing waits for a pause). */
  @state() private searched = '';
  /** The space whose join-request box, leave confirmation or members panel is open. */
  @state() private asking: string | undefined;
  @state() private message = '';
  @state() private confirmingLeave: string | undefined;
  @state() private managing: string | undefined;
  /** The member whose removal asks for confirmation (`spaceId/actorId`). */
  @state() private confirmingRemove: string | undefined;
  @state() private failure: Failure | undefined;

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tr = (key: string, opts?: Record<string, string | number>): string => this.localize.t(key as MessageKey, opts);

  /** Focus stays in the space whose button a join or leave removed. */
  private readonly focusing = new FocusController(this);
  private readonly directory = new ObservableController<SpacesState, readonly [EcotoneClient | undefined, string]>(
    this,
    () => [this.resolvedClient, JSON.stringify(this.currentQuery())] as const,
    ([client, key]) => (client ? client.spaceDirectory(JSON.parse(key) as SpaceQuery).state$ : undefined),
  );

  /** Every space the caller sees, for the site filter's options. */
  private readonly everything = new ObservableController<SpacesState, readonly [EcotoneClient | undefined]>(
    this,
    () => [this.resolvedClient] as const,
    ([client]) => (client ? client.spaceDirectory({}).state$ : undefined),
  );

  private readonly memberList = new ObservableController<MembersState, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.managing] as const,
    ([client, spaceId]) => (client && spaceId ? client.members(spaceId).state$ : undefined),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    this.searched = this.query;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('query')) this.searched = this.query;
    super.willUpdate(changed);
  }

  private currentQuery(): SpaceQuery {
    const q = this.searched.trim();
    return { ...(this.site ? { site: this.site } : {}), ...(q ? { q } : {}), ...(this.mine ? { mine: true } : {}) };
  }

  private onSearch(e: Event): void {
    const value = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.searched = value), SEARCH_DELAY_MS);
  }

  private fail(slot: string, key: MessageKey, action: EcoErrorAction, error: unknown): void {
    this.failure = { slot, key, error };
    this.emit('eco-error', { action, error: error as Error });
  }

  /** An action succeeded: its own earlier message goes (not another action's, which may have failed meanwhile). */
  private done(detail: EcoMembershipDetail): void {
    const slot = detail.actorId ? `${detail.spaceId}/${detail.actorId}` : detail.spaceId;
    if (this.failure?.slot === slot) this.failure = undefined;
    this.emit('eco-membership', detail);
  }

  /** The message of the refused action shown at `slot`, if any. */
  private failureText(slot: string): string | undefined {
    const failure = this.failure;
    return failure?.slot === slot ? this.localize.t(failure.key, { reason: this.errorText(failure.error) }) : undefined;
  }

  /** Writes in the outbox: a join refused after it had waited offline (a reload since) shows with its space. */
  private readonly writes = new WritesController(this, () => this.resolvedClient);

  /** A join the server refused after it had waited offline: Retry or Discard. */
  private renderRefusedJoin(space: Space): TemplateResult | typeof nothing {
    const refused = this.writes.refused('join', space.id);
    if (!refused) return nothing;
    const t = this.tr;
    const client = this.resolvedClient;
    return html`<div part="error" class="error" role="alert">
      <p>${t('spacesJoinNotSent', { reason: this.errorText(refusalOf(refused)) })}</p>
      <div class="actions">
        <button type="button" @click=${() => void client?.retryWrite(refused.id)}>${t('spacesRetry')}</button>
        <button type="button" @click=${() => void client?.discardWrite(refused.id)}>${t('spacesDiscard')}</button>
      </div>
    </div>`;
  }

  private async join(space: Space): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    const message = this.message;
    this.failure = undefined;
    try {
      const result = await client.joinSpace(space.id, space.visibility === 'open' ? undefined : message);
      this.asking = undefined;
      this.message = '';
      this.done({ action: result.status === 'joined' ? 'join' : 'request', spaceId: space.id });
      this.focusActions(space.id);
    } catch (error) {
      this.fail(space.id, 'spacesJoinFailed', 'join', error);
    }
  }

  private async leave(space: Space): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    const withdrawing = space.role === null;
    this.failure = undefined;
    try {
      await client.leaveSpace(space.id);
      this.confirmingLeave = undefined;
      if (this.managing === space.id) this.managing = undefined;
      this.done({ action: withdrawing ? 'withdraw' : 'leave', spaceId: space.id });
      this.focusActions(space.id);
    } catch (error) {
      this.fail(space.id, 'spacesLeaveFailed', 'leave', error);
    }
  }

  private async setRole(spaceId: string, actorId: string, role: Role, select: HTMLSelectElement, previous: Role): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    this.failure = undefined;
    try {
      await client.setRole(spaceId, actorId, role);
      this.done({ action: 'role', spaceId, actorId, role });
    } catch (error) {
      // The list did not change: put the select back to the role the member still has.
      select.value = previous;
      this.fail(`${spaceId}/${actorId}`, 'spacesRoleFailed', 'manage', error);
    }
  }

  private async removeMember(spaceId: string, actorId: string): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    this.failure = undefined;
    try {
      await client.removeMember(spaceId, actorId);
      this.confirmingRemove = undefined;
      this.done({ action: 'remove', spaceId, actorId });
    } catch (error) {
      this.fail(`${spaceId}/${actorId}`, 'spacesRemoveFailed', 'manage', error);
    }
  }

  private async decide(spaceId: string, actorId: string, approve: boolean): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    this.failure = undefined;
    try {
      await client.decideJoinRequest(spaceId, actorId, approve);
      this.done({ action: approve ? 'approve' : 'decline', spaceId, actorId });
    } catch (error) {
      this.fail(`${spaceId}/${actorId}`, 'spacesDecideFailed', 'manage', error);
    }
  }

  /** After a join or leave the clicked button is gone: focus the space's first action instead of losing focus. */
  private focusActions(spaceId: string): void {
    this.focusing.focusAfterRender(`[data-space="${CSS.escape(spaceId)}"] [part~="actions"] button`);
  }

  private openManage(spaceId: string): void {
    this.managing = this.managing === spaceId ? undefined : spaceId;
    this.confirmingRemove = undefined;
  }

  protected override render(): TemplateResult {
    const state = this.directory.value;
    const t = this.tr;
    return html`
      <section part="base" aria-labelledby="title" aria-busy=${state?.status === 'loading' || !state ? 'true' : 'false'}>
        <h2 id="title" part="title" class="title">${t('spacesTitle')}</h2>
        ${this.renderToolbar()}
        ${this.renderStatus(state)}
        ${state && state.items.length > 0
          ? html`<ul part="list" class="list">${state.items.map((space) => this.renderSpace(space, state.pending.has(space.id)))}</ul>`
          : nothing}
      </section>
    `;
  }

  private renderToolbar(): TemplateResult {
    const t = this.tr;
    const sites = [...new Set((this.everything.value?.items ?? []).map((s) => s.site).filter((s): s is string => !!s))].sort((a, b) =>
      a.localeCompare(b, this.locale),
    );
    if (this.site && !sites.includes(this.site)) sites.push(this.site);
    return html`
      <div part="toolbar" class="toolbar" role="search" aria-label=${t('spacesSearchRegion')}>
        <label class="field">
          <span>${t('spacesSearch')}</span>
          <input part="search" type="search" .value=${this.searched} @input=${this.onSearch} autocomplete="off" />
        </label>
        <label class="field">
          <span>${t('spacesSite')}</span>
          <select part="site" @change=${(e: Event) => (this.site = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this.site}>${t('spacesAllSites')}</option>
            ${sites.map((site) => html`<option value=${site} ?selected=${site === this.site}>${site}</option>`)}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" .checked=${this.mine} @change=${(e: Event) => (this.mine = (e.target as HTMLInputElement).checked)} />
          <span>${t('spacesMine')}</span>
        </label>
      </div>
    `;
  }

  private renderStatus(state: SpacesState | undefined): TemplateResult {
    const t = this.tr;
    if (!state || state.status === 'loading') return html`<p part="status" class="status" role="status">${t('spacesLoading')}</p>`;
    if (state.status === 'error') {
      return html`<div part="error" class="error" role="alert">
        <p>${t('spacesError', { reason: this.errorText(state.error) })}</p>
        <button type="button" @click=${() => void this.resolvedClient?.spaceDirectory(this.currentQuery()).refresh()}>${t('spacesRetry')}</button>
      </div>`;
    }
    const count = state.items.length;
    const text = count === 0
      ? (this.searched.trim() || this.site || this.mine ? t('spacesNoMatch') : t('spacesEmpty'))
      : t('spacesCount', { count, formatted: formatCount(count, this.locale) });
    return html`<p part="status" class="status" role="status">${text}</p>
      ${state.error ? html`<p part="error" class="error" role="alert">${t('spacesStale', { reason: this.errorText(state.error) })}</p>` : nothing}`;
  }

  private renderSpace(space: Space, busy: boolean): TemplateResult {
    const t = this.tr;
    const nameId = `name-${space.id}`;
    const href = this.spaceHref ? this.spaceHref.split('{id}').join(encodeURIComponent(space.id)) : '';
    const failure = this.failureText(space.id);
    const meta = [
      t(`spacesVisibility_${space.visibility}`),
      space.site && isolate(space.site),
      space.memberCount !== undefined ? t('spacesMemberCount', { count: space.memberCount, formatted: formatCount(space.memberCount, this.locale) }) : undefined,
      space.role ? t('spacesYourRole', { role: t(`spacesRole_${space.role}`) }) : space.joinRequest ? t('spacesRequestPending') : undefined,
    ].filter(Boolean);
    return html`
      <li part="space" class="space" data-space=${space.id} aria-labelledby=${nameId} aria-busy=${busy ? 'true' : 'false'}>
        <h3 class="name" id=${nameId}>${href ? html`<a part="name" href=${href} dir="auto">${space.name}</a>` : html`<span part="name" dir="auto">${space.name}</span>`}</h3>
        <p part="meta" class="meta">${meta.join(' · ')}</p>
        ${space.description ? html`<p class="description">${space.description}</p>` : nothing}
        ${this.renderActions(space, busy)}
        ${failure ? html`<p part="error" class="error" role="alert">${failure}</p>` : this.renderRefusedJoin(space)}
        ${this.asking === space.id ? this.renderAsk(space, busy) : nothing}
        ${this.confirmingLeave === space.id ? this.renderLeave(space, busy) : nothing}
        ${this.managing === space.id && space.role === 'owner' ? this.renderMembers(space) : nothing}
      </li>
    `;
  }

  private renderActions(space: Space, busy: boolean): TemplateResult {
    const t = this.tr;
    const label = (key: string) => t(key, { space: space.name });
    let main: TemplateResult;
    if (space.role) {
      main = html`<button type="button" ?disabled=${busy} aria-expanded=${this.confirmingLeave === space.id ? 'true' : 'false'}
        aria-label=${label('spacesLeaveLabel')} @click=${() => (this.confirmingLeave = space.id)}>${t('spacesLeave')}</button>`;
    } else if (space.joinRequest) {
      main = html`<button type="button" ?disabled=${busy} aria-label=${label('spacesWithdrawLabel')} @click=${() => void this.leave(space)}>${t('spacesWithdraw')}</button>`;
    } else if (space.visibility === 'open') {
      main = html`<button type="button" class="primary" ?disabled=${busy} aria-label=${label('spacesJoinLabel')} @click=${() => void this.join(space)}>${t('spacesJoin')}</button>`;
    } else {
      main = html`<button type="button" class="primary" ?disabled=${busy} aria-expanded=${this.asking === space.id ? 'true' : 'false'}
        aria-label=${label('spacesAskLabel')} @click=${() => { this.asking = space.id; this.message = ''; }}>${t('spacesAsk')}</button>`;
    }
    return html`<div part="actions" class="actions">
      ${main}
      ${space.role === 'owner'
        ? html`<button type="button" aria-expanded=${this.managing === space.id ? 'true' : 'false'} aria-controls=${`members-${space.id}`}
            aria-label=${label('spacesManageLabel')} @click=${() => this.openManage(space.id)}>${t('spacesManage')}</button>`
        : nothing}
      ${busy ? html`<span class="pending">${t('spacesWorking')}</span>` : nothing}
    </div>`;
  }

  private renderAsk(space: Space, busy: boolean): TemplateResult {
    const t = this.tr;
    const id = `ask-${space.id}`;
    return html`<form part="form" class="box" @submit=${(e: Event) => { e.preventDefault(); void this.join(space); }}>
      <label for=${id}>${withBdi((name) => t('spacesAskMessage', { space: name }), space.name)}</label>
      <textarea id=${id} rows="2" maxlength="500" .value=${this.message}
        @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${busy}>${t('spacesAskSend')}</button>
        <button type="button" @click=${() => (this.asking = undefined)}>${t('spacesCancel')}</button>
      </div>
    </form>`;
  }

  private renderLeave(space: Space, busy: boolean): TemplateResult {
    const t = this.tr;
    return html`<div part="form" class="box" role="group" aria-label=${t('spacesLeaveConfirm', { space: isolate(space.name) })}>
      <p>${t('spacesLeaveConfirm', { space: isolate(space.name) })}${space.visibility !== 'open' ? html` ${t('spacesLeaveWarning')}` : nothing}</p>
      <div class="actions">
        <button type="button" class="primary" ?disabled=${busy} @click=${() => void this.leave(space)}>${t('spacesLeaveYes')}</button>
        <button type="button" @click=${() => (this.confirmingLeave = undefined)}>${t('spacesCancel')}</button>
      </div>
    </div>`;
  }

  private renderMembers(space: Space): TemplateResult {
    const t = this.tr;
    const state = this.memberList.value;
    const spaceId = space.id;
    const rowError = (actorId: string) => {
      const text = this.failureText(`${spaceId}/${actorId}`);
      return text ? html`<p part="error" class="error" role="alert">${text}</p>` : nothing;
    };
    let body: TemplateResult;
    if (!state || state.status === 'loading') body = html`<p class="status" role="status">${t('membersLoading')}</p>`;
    else if (state.status === 'error') {
      body = html`<div part="error" class="error" role="alert">
        <p>${t('membersError', { reason: this.errorText(state.error) })}</p>
        <button type="button" @click=${() => void this.resolvedClient?.members(spaceId).refresh()}>${t('spacesRetry')}</button>
      </div>`;
    } else {
      body = html`
        ${state.requests.length > 0
          ? html`<h4 id=${`requests-${spaceId}`}>${t('spacesRequestsTitle', { count: state.requests.length })}</h4>
              <ul part="requests" class="people" aria-labelledby=${`requests-${spaceId}`}>
                ${state.requests.map((r) => {
                  const busy = state.pending.has(r.actor.id);
                  return html`<li aria-busy=${busy ? 'true' : 'false'}>
                    <span class="who"><span class="person" dir="auto">${r.actor.displayName}</span>${r.actor.site ? html` <span class="muted" dir="auto">${r.actor.site}</span>` : nothing}</span>
                    ${r.message ? html`<q class="message" dir="auto">${r.message}</q>` : nothing}
                    <span class="actions">
                      <button type="button" class="primary" ?disabled=${busy} aria-label=${t('spacesApproveLabel', { person: r.actor.displayName })}
                        @click=${() => void this.decide(spaceId, r.actor.id, true)}>${t('spacesApprove')}</button>
                      <button type="button" ?disabled=${busy} aria-label=${t('spacesDeclineLabel', { person: r.actor.displayName })}
                        @click=${() => void this.decide(spaceId, r.actor.id, false)}>${t('spacesDecline')}</button>
                    </span>
                    ${rowError(r.actor.id)}
                  </li>`;
                })}
              </ul>`
          : html`<p class="muted">${t('spacesRequestsNone')}</p>`}
        <h4 id=${`people-${spaceId}`}>${t('membersTitle')}</h4>
        <ul class="people" aria-labelledby=${`people-${spaceId}`}>
          ${state.items.map((m) => {
            const key = `${spaceId}/${m.actor.id}`;
            const busy = state.pending.has(m.actor.id);
            const selectId = `role-${spaceId}-${m.actor.id}`;
            return html`<li aria-busy=${busy ? 'true' : 'false'}>
              <span class="who"><span class="person" dir="auto">${m.actor.displayName}</span>${m.actor.site ? html` <span class="muted" dir="auto">${m.actor.site}</span>` : nothing}${m.actor.deactivated
                ? html` <span part="former-member" class="muted">${t('spacesFormerMember')}</span>`
                : nothing}</span>
              <span class="actions">
                <label class="visually-hidden" for=${selectId}>${t('spacesRoleOf', { person: m.actor.displayName })}</label>
                <select id=${selectId} ?disabled=${busy}
                  @change=${(e: Event) => {
                    const select = e.target as HTMLSelectElement;
                    void this.setRole(spaceId, m.actor.id, select.value as Role, select, m.role);
                  }}>
                  ${ROLES.map((role) => html`<option value=${role} ?selected=${role === m.role}>${t(`spacesRole_${role}`)}</option>`)}
                </select>
                ${this.confirmingRemove === key
                  ? html`<button type="button" class="danger" ?disabled=${busy} @click=${() => void this.removeMember(spaceId, m.actor.id)}>${withBdi((person) => t('spacesRemoveYes', { person }), m.actor.displayName)}</button>
                      <button type="button" @click=${() => (this.confirmingRemove = undefined)}>${t('spacesCancel')}</button>`
                  : html`<button type="button" ?disabled=${busy} aria-label=${t('spacesRemoveLabel', { person: m.actor.displayName })}
                      @click=${() => (this.confirmingRemove = key)}>${t('spacesRemove')}</button>`}
              </span>
              ${rowError(m.actor.id)}
            </li>`;
          })}
        </ul>
        ${state.hasMore
          ? html`<button type="button" ?disabled=${state.loadingMore} @click=${() => void this.resolvedClient?.members(spaceId).loadMore()}>
              ${state.loadingMore ? t('membersLoadingMore') : t('membersMore')}</button>`
          : nothing}
        ${state.error ? html`<p part="error" class="error" role="alert">${t('membersError', { reason: this.errorText(state.error) })}</p>` : nothing}
      `;
    }
    return html`<div part="members" class="box members" id=${`members-${spaceId}`} role="region" aria-label=${t('spacesManageLabel', { space: space.name })}>${body}</div>`;
  }
}
