import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { firstValueFrom } from 'rxjs';
import { formatCount, type EcotoneClient } from '@ecotone/core';
import { CAPABILITY_NAMES, type Capability, type SpaceCapabilities } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { roleIn } from '../base/caller.js';
import { REACTION_KINDS } from '../like-button/reaction-kinds.js';
import { spaceSettingsStrings } from '../locales/space-settings-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './space-settings.styles.js';

type Load =
  | { status: 'loading' }
  | { status: 'ready'; owner: boolean; serverKinds: readonly string[]; retentionDays: number | undefined }
  | { status: 'error'; error: unknown };
type Save = { status: 'idle' | 'pending' | 'saved' } | { status: 'error'; error: unknown };

/**
 * @tag eco-space-settings
 *
 * @summary What a space offers, switched on or off by its owners: reactions
 * (and which kinds), comments, polls, link previews, attachments,
 * translations and announcements, so a company opens a space step by step.
 *
 * A switch per feature, each described, and the reaction kinds offered when
 * reactions are on; Save sends the change (`PUT /spaces/:id/capabilities`).
 * Switching a feature off refuses new content of its kind; what exists stays
 * readable. Anyone but an owner reads what the space offers, without the
 * switches. A space the operator gave a retention says how many days its
 * content is kept (read-only: `ecotone spaces retention` sets it). Not
 * needed at first paint: load it where owners manage a space.
 *
 * @csspart base - The form.
 * @csspart title - Its heading.
 * @csspart capability - One feature: its switch, label and description.
 * @csspart retention - How many days the space keeps its content, when it does not keep it for good.
 * @csspart kinds - The reaction kinds offered (a fieldset).
 * @csspart kind - One reaction kind's checkbox.
 * @csspart save - The Save button.
 * @csspart status - Loading, saving and saved messages (a polite live region).
 * @csspart error - A failed load or save, with Retry for a load.
 *
 * @cssproperty --eco-space-settings-border-color - Fieldset borders.
 * @cssproperty --eco-space-settings-muted-color - Descriptions.
 * @cssproperty --eco-space-settings-button-background - The Save button.
 * @cssproperty --eco-space-settings-button-color - The Save button's text.
 * @cssproperty --eco-space-settings-error-color - Error text.
 * @cssproperty --eco-space-settings-error-background - Error background.
 *
 * @event {EcoErrorEvent} eco-error - Loading (`load`) or saving (`save-settings`) failed; the element shows a message.
 */
export class EcoSpaceSettings extends EcoElement {
  static override styles = styles;
  static strings = [spaceSettingsStrings];

  /** Id of the space whose features are shown. */
  @property({ reflect: true }) space = '';

  @state() private capabilities: SpaceCapabilities | undefined;
  @state() private load: Load = { status: 'loading' };
  @state() private save: Save = { status: 'idle' };
  private loadedFor: readonly [EcotoneClient, string] | undefined;

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && this.space && (this.loadedFor?.[0] !== client || this.loadedFor[1] !== this.space)) {
      this.loadedFor = [client, this.space];
      void this.fetch(client, this.space);
    }
  }

  private async fetch(client: EcotoneClient, space: string): Promise<void> {
    const key = this.loadedFor;
    this.load = { status: 'loading' };
    try {
      const [me, capabilities, found] = await Promise.all([
        client.me(),
        firstValueFrom(client.spaceCapabilities$(space)),
        // Only for the retention line: a space it cannot read shows what it offers, as before.
        client.space(space).catch(() => undefined),
      ]);
      if (this.loadedFor !== key) return;
      this.capabilities = capabilities;
      this.load = { status: 'ready', owner: roleIn(me, space) === 'owner', serverKinds: me.reactionKinds, retentionDays: found?.retentionDays };
    } catch (error) {
      if (this.loadedFor !== key) return;
      this.load = { status: 'error', error };
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
  }

  private toggle(name: Capability, on: boolean): void {
    if (!this.capabilities) return;
    this.capabilities = { ...this.capabilities, [name]: on };
    this.save = { status: 'idle' };
  }

  private toggleKind(kind: string, on: boolean, serverKinds: readonly string[]): void {
    if (!this.capabilities) return;
    const offered = new Set(this.capabilities.reactionKinds ?? serverKinds);
    if (on) offered.add(kind);
    else offered.delete(kind);
    const kinds = serverKinds.filter((k) => offered.has(k));
    const { reactionKinds: _all, ...rest } = this.capabilities;
    // Every kind: nothing to list (the space follows the server's kinds). None: reactions off.
    this.capabilities = kinds.length === serverKinds.length ? rest : kinds.length === 0 ? { ...rest, reactions: false } : { ...rest, reactionKinds: kinds };
    this.save = { status: 'idle' };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.resolvedClient;
    const capabilities = this.capabilities;
    if (!client || !capabilities || this.save.status === 'pending') return;
    this.save = { status: 'pending' };
    try {
      const space = await client.setSpaceCapabilities(this.space, { ...capabilities, reactionKinds: capabilities.reactionKinds ?? null });
      if (space.capabilities) this.capabilities = space.capabilities;
      this.save = { status: 'saved' };
    } catch (error) {
      this.save = { status: 'error', error };
      this.emit('eco-error', { action: 'save-settings', error: error as Error });
    }
  }

  protected override render(): TemplateResult {
    const t = this.tr;
    const load = this.load;
    return html`<form part="base" class="base" aria-labelledby="title" aria-busy=${load.status === 'loading' ? 'true' : 'false'}
      @submit=${(e: Event) => void this.submit(e)}>
      <h2 id="title" part="title" class="title">${t('spaceSettingsTitle')}</h2>
      ${load.status === 'loading' ? html`<p part="status" class="status" role="status">${t('spaceSettingsLoading')}</p>` : nothing}
      ${load.status === 'error'
        ? html`<div part="error" class="error" role="alert">
            <p>${t('spaceSettingsError', { reason: this.errorText(load.error) })}</p>
            <button type="button" @click=${() => this.resolvedClient && this.space && void this.fetch(this.resolvedClient, this.space)}>
              ${t('spaceSettingsRetry')}
            </button>
          </div>`
        : nothing}
      ${load.status === 'ready' && load.retentionDays !== undefined
        ? html`<p part="retention" class="help">${t('spaceSettingsRetention', { count: load.retentionDays, formatted: formatCount(load.retentionDays, this.locale) })}</p>`
        : nothing}
      ${load.status === 'ready' && this.capabilities ? this.renderForm(this.capabilities, load.owner, load.serverKinds) : nothing}
    </form>`;
  }

  private renderForm(capabilities: SpaceCapabilities, owner: boolean, serverKinds: readonly string[]): TemplateResult {
    const t = this.tr;
    const pending = this.save.status === 'pending';
    const readOnly = !owner || pending;
    const offered = new Set(capabilities.reactionKinds ?? serverKinds);
    return html`
      <p class="help">${t(owner ? 'spaceSettingsLead' : 'spaceSettingsOwnersOnly')}</p>
      ${CAPABILITY_NAMES.map((name) => {
        const id = `cap-${name}`;
        return html`<div part="capability" class="option">
            <input id=${id} type="checkbox" role="switch" .checked=${capabilities[name]} ?disabled=${readOnly} aria-describedby=${`${id}-help`}
              @change=${(e: Event) => this.toggle(name, (e.target as HTMLInputElement).checked)} />
            <label for=${id}>${t(`spaceCapability_${name}` as MessageKey)}</label>
            <span id=${`${id}-help`} class="help">${t(`spaceCapabilityHelp_${name}` as MessageKey)}</span>
          </div>
          ${name === 'reactions' && capabilities.reactions && serverKinds.length > 1
            ? html`<fieldset part="kinds" class="kinds">
                <legend>${t('spaceSettingsKinds')}</legend>
                ${serverKinds.map(
                  (kind) => html`<label part="kind" class="kind">
                    <input type="checkbox" .checked=${offered.has(kind)} ?disabled=${readOnly}
                      @change=${(e: Event) => this.toggleKind(kind, (e.target as HTMLInputElement).checked, serverKinds)} />
                    ${this.kindName(kind)}
                  </label>`,
                )}
              </fieldset>`
            : nothing}`;
      })}
      ${owner
        ? html`<div class="actions">
            <button part="save" type="submit" class="primary" ?disabled=${pending}>${pending ? t('spaceSettingsSaving') : t('spaceSettingsSave')}</button>
            <span part="status" class="status" role="status">${this.save.status === 'saved' ? t('spaceSettingsSaved') : pending ? t('spaceSettingsSaving') : ''}</span>
          </div>`
        : nothing}
      ${this.save.status === 'error'
        ? html`<p part="error" class="error" role="alert">${t('spaceSettingsSaveFailed', { reason: this.errorText(this.save.error) })}</p>`
        : nothing}
    `;
  }

  /** A reaction kind's name as the like button says it, or the kind itself for one the strings do not know. */
  private kindName(kind: string): string {
    const known = REACTION_KINDS[kind];
    return known ? this.localize.t(known.label) : kind;
  }
}
