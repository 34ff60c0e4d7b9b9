import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { EcotoneClient } from '@ecotone/core';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationPreferences, type Space } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { withBdi } from '../base/bidi.js';
import { notificationSettingsStrings } from '../locales/notification-settings-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './notification-settings.styles.js';

/** The kinds by what they are about, as the settings show them. */
const GROUPS: ReadonlyArray<{ key: MessageKey; kinds: readonly NotificationKind[] }> = [
  { key: 'notifSettingsGroupPeople', kinds: ['mention', 'comment', 'reply'] },
  { key: 'notifSettingsGroupAnnouncements', kinds: ['ack_request', 'ack_reminder', 'poll_closed', 'note_review'] },
  { key: 'notifSettingsGroupSpaces', kinds: ['space_added', 'join_answered', 'join_requested'] },
];

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };
type Save = { status: 'idle' | 'pending' | 'saved' } | { status: 'error'; error: unknown };

/**
 * @tag eco-notification-settings
 *
 * @summary What the caller wants to be notified of: a checkbox per kind of
 * notification, grouped and described, and a mute switch per space they
 * belong to (a muted space notifies only mentions). Saved on the server, for
 * every device of the person.
 *
 * @csspart base - The form.
 * @csspart title - Its heading.
 * @csspart group - Each group of kinds (a fieldset).
 * @csspart kind - One kind: its checkbox, label and description.
 * @csspart spaces - The muted spaces (a fieldset).
 * @csspart space - One space's mute switch.
 * @csspart save - The Save button.
 * @csspart status - Loading, saving and saved messages (a polite live region).
 * @csspart error - A failed load or save.
 *
 * @cssproperty --eco-notification-settings-border-color - Fieldset borders.
 * @cssproperty --eco-notification-settings-muted-color - Descriptions.
 * @cssproperty --eco-notification-settings-button-background - The Save button.
 * @cssproperty --eco-notification-settings-button-color - The Save button's text.
 * @cssproperty --eco-notification-settings-error-color - Error text.
 * @cssproperty --eco-notification-settings-error-background - Error background.
 *
 * @event {EcoErrorEvent} eco-error - Loading (`load`) or saving (`save-settings`) failed; the element shows a message.
 */
export class EcoNotificationSettings extends EcoElement {
  static override styles = styles;
  static strings = [notificationSettingsStrings];

  @state() private kinds = new Set<NotificationKind>();
  @state() private muted = new Set<string>();
  @state() private spaces: readonly Space[] = [];
  @state() private load: Load = { status: 'loading' };
  @state() private save: Save = { status: 'idle' };
  private loadedFor: EcotoneClient | undefined;

  private readonly tr = (key: MessageKey, opts?: Record<string, string | number>): string => this.localize.t(key, opts);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && client !== this.loadedFor) {
      this.loadedFor = client;
      void this.fetch(client);
    }
  }

  private async fetch(client: EcotoneClient): Promise<void> {
    this.load = { status: 'loading' };
    try {
      const [prefs, spaces] = await Promise.all([client.notifications().preferences(), client.spaces()]);
      if (client !== this.resolvedClient) return;
      this.show(prefs);
      this.spaces = spaces.filter((s) => s.role !== null).sort((a, b) => a.name.localeCompare(b.name, this.locale));
      this.load = { status: 'ready' };
    } catch (error) {
      this.load = { status: 'error', error };
      this.emit('eco-error', { action: 'load', error: error as Error });
    }
  }

  private show(prefs: NotificationPreferences): void {
    this.kinds = new Set(prefs.kinds);
    this.muted = new Set(prefs.mutedSpaces);
  }

  private toggleKind(kind: NotificationKind, on: boolean): void {
    const kinds = new Set(this.kinds);
    if (on) kinds.add(kind);
    else kinds.delete(kind);
    this.kinds = kinds;
    this.save = { status: 'idle' };
  }

  private toggleMute(spaceId: string, on: boolean): void {
    const muted = new Set(this.muted);
    if (on) muted.add(spaceId);
    else muted.delete(spaceId);
    this.muted = muted;
    this.save = { status: 'idle' };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.resolvedClient;
    if (!client || this.save.status === 'pending') return;
    this.save = { status: 'pending' };
    try {
      const stored = await client
        .notifications()
        .setPreferences({ kinds: NOTIFICATION_KINDS.filter((k) => this.kinds.has(k)), mutedSpaces: [...this.muted].sort() });
      this.show(stored);
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
      <h2 id="title" part="title" class="title">${t('notifSettingsTitle')}</h2>
      ${load.status === 'loading' ? html`<p part="status" class="status" role="status">${t('notifSettingsLoading')}</p>` : nothing}
      ${load.status === 'error'
        ? html`<div part="error" class="error" role="alert">
            <p>${t('notifSettingsError', { reason: this.errorText(load.error) })}</p>
            <button type="button" @click=${() => this.resolvedClient && void this.fetch(this.resolvedClient)}>${t('notifSettingsRetry')}</button>
          </div>`
        : nothing}
      ${load.status === 'ready' ? this.renderForm() : nothing}
    </form>`;
  }

  private renderForm(): TemplateResult {
    const t = this.tr;
    const pending = this.save.status === 'pending';
    return html`
      <p class="lead">${t('notifSettingsKinds')}</p>
      ${GROUPS.map(
        (group) => html`<fieldset part="group" class="group">
          <legend>${t(group.key)}</legend>
          ${group.kinds.map((kind) => {
            const id = `kind-${kind}`;
            return html`<div part="kind" class="option">
              <input id=${id} type="checkbox" .checked=${this.kinds.has(kind)} aria-describedby=${`${id}-help`}
                @change=${(e: Event) => this.toggleKind(kind, (e.target as HTMLInputElement).checked)} />
              <label for=${id}>${t(`notifKind_${kind}` as MessageKey)}</label>
              <span id=${`${id}-help`} class="help">${t(`notifKindHelp_${kind}` as MessageKey)}</span>
            </div>`;
          })}
        </fieldset>`,
      )}
      <fieldset part="spaces" class="group" aria-describedby="spaces-help">
        <legend>${t('notifSettingsSpaces')}</legend>
        <p id="spaces-help" class="help">${t('notifSettingsSpacesHelp')}</p>
        ${this.spaces.length === 0 ? html`<p class="help">${t('notifSettingsNoSpaces')}</p>` : nothing}
        ${this.spaces.map((space) => {
          const id = `mute-${space.id}`;
          return html`<div part="space" class="option">
            <input id=${id} type="checkbox" role="switch" .checked=${this.muted.has(space.id)}
              @change=${(e: Event) => this.toggleMute(space.id, (e.target as HTMLInputElement).checked)} />
            <label for=${id}>${withBdi((name) => t('notifMute', { space: name }), space.name)}</label>
          </div>`;
        })}
      </fieldset>
      <div class="actions">
        <button part="save" type="submit" class="primary" ?disabled=${pending}>${pending ? t('notifSaving') : t('notifSave')}</button>
        <span part="status" class="status" role="status">${this.save.status === 'saved' ? t('notifSaved') : pending ? t('notifSaving') : ''}</span>
      </div>
      ${this.save.status === 'error'
        ? html`<p part="error" class="error" role="alert">${t('notifSaveFailed', { reason: this.errorText(this.save.error) })}</p>`
        : nothing}
    `;
  }
}
