import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatCount, isEcotoneError } from '@ecotone/core';
import {
  STREAM_URL_MAX_CHARS,
  TALK_SHOW_DURATION_DEFAULT_MINUTES,
  TALK_SHOW_DURATION_MAX_MINUTES,
  TALK_SHOW_DURATION_MIN_MINUTES,
  TALK_SHOW_HOSTS_MAX,
  TALK_SHOW_TITLE_MAX_CHARS,
  type Actor,
  type TalkShowDraft,
} from '@ecotone/protocol';
import { streamLinkOf, talkShowErrors } from '@ecotone/protocol/rules';
import { EcoElement } from '../base/eco-element.js';
import { callerOf } from '../base/caller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { talkShowEditorStrings } from '../locales/talk-show-editor-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './talk-show-editor.styles.js';

/** The people search runs once typing pauses this long (ms); a newer query aborts the older one's request. */
export const HOST_SEARCH_DELAY_MS = 150;

/** The fields of the editor, each with its own message. */
type TextField = 'title' | 'start' | 'duration' | 'stream';
type Field = TextField | 'hosts';
type FieldError = { key: MessageKey; values?: Record<string, string | number> };

/** Server paths under `/body/talkShow/` and the field each belongs to. */
const SERVER_FIELDS: Readonly<Record<string, Field>> = {
  title: 'title',
  hosts: 'hosts',
  startsAt: 'start',
  durationMinutes: 'duration',
  streamUrl: 'stream',
};

/**
 * @tag eco-talk-show-editor
 *
 * @summary The composer's talk-show editor: title, hosts (people of the space,
 * the author first), start (in the reader's own time zone), duration and an
 * optional stream link. Loaded by `<eco-composer>` when the person clicks
 * "Schedule a talk-show"; the composer publishes the post as a talk-show with
 * `validate()`'s draft and hands the server's refusals to `showRefusal()`.
 *
 * @csspart base - The wrapper (a `<fieldset>`).
 * @csspart hosts - The list of hosts chosen.
 * @csspart host - One host: name and its Remove button.
 * @csspart host-search - The "Add a host" combobox (people of the space, by name).
 * @csspart host-list - The people found (a listbox).
 * @csspart host-option - One person found; `aria-selected="true"` on the one the arrow keys chose.
 * @csspart hint - A field's explanation (hosts, time zone, stream link).
 * @csspart remove - The "Remove talk-show" button.
 * @csspart error - Why a field was refused (before sending, or by the server).
 *
 * @cssproperty --eco-talk-show-editor-border-color - Border colour of the fieldset and inputs.
 * @cssproperty --eco-talk-show-editor-radius - Corner radius.
 * @cssproperty --eco-talk-show-editor-muted-color - Colour of labels and hints.
 * @cssproperty --eco-talk-show-editor-error-color - Colour of validation messages.
 *
 * @event remove - The person removed the talk-show (plain `Event`, does not cross the composer's shadow root).
 */
export class EcoTalkShowEditor extends EcoElement {
  static override styles = styles;
  static strings = [talkShowEditorStrings];

  /** Id of the space the talk-show is published in: hosts are searched among the people who can read it. */
  @property() space = '';

  /** What is typed; `start` is an `<input type="datetime-local">` value, in the person's time zone. */
  @state() private form: Readonly<Record<TextField, string>> = { title: '', start: '', duration: String(TALK_SHOW_DURATION_DEFAULT_MINUTES), stream: '' };
  /** The hosts, in the order shown; the author until the person changes them. */
  @state() private hosts: readonly Actor[] = [];
  /** Why fields were refused, by field. */
  @state() private errors: Readonly<Partial<Record<Field, FieldError>>> = {};

  /** The host search: what is typed, the people found, the one chosen with the arrows, and how the search went. */
  @state() private query = '';
  @state() private found: readonly Actor[] = [];
  @state() private active = -1;
  @state() private searchStatus: 'idle' | 'searching' | 'found' | 'failed' = 'idle';
  private searchError: unknown;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchRequest: AbortController | undefined;
  private hostsChanged = false;
  private askedCaller = false;

  private readonly focusing = new FocusController(this);

  /** Moves focus to the title. */
  override focus(options?: FocusOptions): void {
    this.focusing.focusAfterRender('#title', options);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && !this.askedCaller) {
      this.askedCaller = true;
      void callerOf(client).then((me) => {
        if (me && !this.hostsChanged) this.hosts = [me.actor];
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.closeSearch();
  }

  /**
   * The draft to send in `PublishRequest.talkShow`, or undefined when a field
   * has an obvious mistake (its message shows and the first faulty field gets
   * focus). The rules are the server's: a title that is not blank, one host
   * or more, a duration within the protocol's bounds, an http(s) link. A start
   * in the past is accepted (a show that is on now), one already over is not.
   */
  validate(): TalkShowDraft | undefined {
    const errors: Partial<Record<Field, FieldError>> = {};
    const form = this.form;
    // The server's own rule for the title (hosts' membership is the server's to check).
    const shared = talkShowErrors({ talkShow: { title: form.title, hosts: [], startsAt: '' } }, 'talk_show', () => true);
    if (shared.some((e) => e.path === '/body/talkShow/title')) errors.title = { key: 'tsErrTitle' };
    if (this.hosts.length === 0) errors.hosts = { key: 'tsErrHosts' };
    const minutes = Number(form.duration);
    const durationOk = Number.isInteger(minutes) && minutes >= TALK_SHOW_DURATION_MIN_MINUTES && minutes <= TALK_SHOW_DURATION_MAX_MINUTES;
    if (!durationOk) errors.duration = { key: 'tsErrDuration', values: { min: TALK_SHOW_DURATION_MIN_MINUTES, max: TALK_SHOW_DURATION_MAX_MINUTES } };
    // datetime-local has no zone: Date reads it as local time, as the person meant it.
    const start = form.start ? new Date(form.start).getTime() : NaN;
    if (Number.isNaN(start)) errors.start = { key: 'tsErrStart' };
    else if (durationOk && start + minutes * 60_000 <= Date.now()) errors.start = { key: 'tsErrOver' };
    const stream = form.stream.trim();
    if (stream && !streamLinkOf(stream)) errors.stream = { key: 'tsErrStream' };
    if (!this.show(errors)) return undefined;
    return {
      title: form.title.trim(),
      hosts: this.hosts.map((h) => h.id),
      startsAt: new Date(start).toISOString(),
      durationMinutes: minutes,
      ...(stream ? { streamUrl: stream } : {}),
    };
  }

  /**
   * Shows a refusal of the publication on the fields it names: the server's
   * field errors under `/body/talkShow/…`, and `stream_link_refused` on the
   * stream link. Everything typed stays.
   */
  showRefusal(error: unknown): void {
    if (!isEcotoneError(error)) return;
    const errors: Partial<Record<Field, FieldError>> = {};
    if (error.code === 'stream_link_refused') errors.stream = { key: 'tsErrStreamRefused' };
    for (const { path, message } of error.fieldErrors) {
      const [, body, talkShow, name, index] = path.split('/');
      const field = body === 'body' && talkShow === 'talkShow' ? SERVER_FIELDS[name ?? ''] : undefined;
      if (!field || errors[field]) continue;
      const host = field === 'hosts' ? this.hosts[Number(index)] : undefined;
      errors[field] = host
        ? { key: 'tsErrHostNotMember', values: { name: host.displayName } }
        : field === 'title' && /blank/.test(message)
          ? { key: 'tsErrTitle' }
          : { key: 'tsErrField' };
    }
    this.show(errors);
  }

  /** Shows these messages (none: clears them); focuses the first faulty field. Whether there were none. */
  private show(errors: Partial<Record<Field, FieldError>>): boolean {
    this.errors = errors;
    const none = Object.keys(errors).length === 0;
    if (!none) this.focusing.focusAfterRender('[aria-invalid="true"]');
    return none;
  }

  /** Forgets why a field was refused (it changed). */
  private forget(field: Field): void {
    if (this.errors[field]) {
      const { [field]: _dropped, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  private addHost(person: Actor): void {
    this.hostsChanged = true;
    this.hosts = [...this.hosts.filter((h) => h.id !== person.id), person];
    this.forget('hosts');
    this.query = '';
    this.closeSearch();
    this.focusing.focusAfterRender('#host-search');
  }

  private removeHost(index: number): void {
    this.hostsChanged = true;
    this.hosts = this.hosts.filter((_, i) => i !== index);
    // Focus stays in the list (the next host's button), else goes to the search.
    this.focusing.focusAfterRender([`#host-${Math.min(index, this.hosts.length - 1)}`, '#host-search']);
  }

  private closeSearch(): void {
    clearTimeout(this.searchTimer);
    this.searchRequest?.abort();
    this.searchRequest = undefined;
    this.found = [];
    this.active = -1;
    this.searchStatus = 'idle';
  }

  private handleSearchInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    const query = this.query.trim();
    this.closeSearch();
    const client = this.resolvedClient;
    if (!query || !client) return;
    const request = new AbortController();
    this.searchRequest = request;
    this.searchStatus = 'searching';
    this.searchTimer = setTimeout(() => {
      client.searchPeople(query, { spaceId: this.space || undefined, signal: request.signal }).then(
        (people) => {
          if (this.searchRequest !== request) return;
          this.found = people.filter((p) => !p.deactivated && !this.hosts.some((h) => h.id === p.id));
          this.searchStatus = 'found';
        },
        (error: unknown) => {
          if (this.searchRequest !== request) return;
          this.searchError = error;
          this.searchStatus = 'failed';
        },
      );
    }, HOST_SEARCH_DELAY_MS);
  }

  private handleSearchKeydown(event: KeyboardEvent): void {
    const count = this.found.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      this.active = event.key === 'ArrowDown' ? (this.active + 1) % count : this.active <= 0 ? count - 1 : this.active - 1;
    } else if (event.key === 'Enter') {
      const person = this.found[this.active] ?? (count === 1 ? this.found[0] : undefined);
      if (person) this.addHost(person);
    } else if (event.key === 'Escape' && this.searchStatus !== 'idle') {
      this.closeSearch();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  /** A field's message, and the attributes its control needs to point at it. */
  private fieldError(field: Field) {
    const error = this.errors[field];
    return {
      invalid: error ? 'true' : 'false',
      id: error ? `${field}-error` : '',
      message: error ? html`<p part="error" class="error" id="${field}-error">${this.localize.t(error.key, error.values)}</p>` : nothing,
    };
  }

  /** A labelled input of one field, with its hint and message. */
  private renderInput(field: TextField, label: MessageKey, attrs: { type: string; hint?: string; max?: number }) {
    const error = this.fieldError(field);
    const hintId = attrs.hint ? `${field}-hint` : '';
    const describedBy = [hintId, error.id].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${field}>${this.localize.t(label)}</label>
      <input
        id=${field}
        type=${attrs.type}
        .value=${this.form[field]}
        maxlength=${attrs.type === 'text' || attrs.type === 'url' ? (attrs.max ?? nothing) : nothing}
        min=${attrs.type === 'number' ? TALK_SHOW_DURATION_MIN_MINUTES : nothing}
        max=${attrs.type === 'number' ? TALK_SHOW_DURATION_MAX_MINUTES : nothing}
        inputmode=${attrs.type === 'number' ? 'numeric' : nothing}
        ?required=${field !== 'stream'}
        aria-invalid=${error.invalid}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => {
          this.form = { ...this.form, [field]: (e.target as HTMLInputElement).value };
          this.forget(field);
        }}
      />
      ${attrs.hint ? html`<p part="hint" class="hint" id=${hintId}>${attrs.hint}</p>` : nothing} ${error.message}
    </div>`;
  }

  private renderHosts() {
    const t = this.localize.t.bind(this.localize);
    const error = this.fieldError('hosts');
    const expanded = this.found.length > 0;
    const status = this.searchStatus;
    const count = this.found.length;
    const message =
      status === 'searching'
        ? t('tsHostsSearching')
        : status === 'failed'
          ? t('tsHostsFailed', { reason: this.errorText(this.searchError) })
          : status === 'found'
            ? count
              ? t('tsHostsFound', { count, formatted: formatCount(count, this.locale) })
              : t('tsHostsNone', { query: this.query.trim() })
            : '';
    const full = this.hosts.length >= TALK_SHOW_HOSTS_MAX;
    return html`<div class="field" role="group" aria-labelledby="hosts-label" aria-describedby=${error.id || nothing}>
      <span id="hosts-label" class="label">${t('tsHosts')}</span>
      <ul part="hosts" class="hosts" aria-labelledby="hosts-label">
        ${this.hosts.map(
          (host, i) => html`<li part="host" class="host">
            <span dir="auto">${host.displayName}</span>
            <button id="host-${i}" type="button" class="icon" aria-label=${t('tsHostRemove', { name: host.displayName })} @click=${() => this.removeHost(i)}>
              ×
            </button>
          </li>`,
        )}
      </ul>
      <label for="host-search">${t('tsHostSearch')}</label>
      <div class="search">
        <input
          part="host-search"
          id="host-search"
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-controls="host-list"
          aria-activedescendant=${expanded && this.active >= 0 ? `host-option-${this.active}` : nothing}
          aria-invalid=${error.invalid}
          aria-describedby=${['hosts-hint', error.id].filter(Boolean).join(' ')}
          .value=${this.query}
          ?disabled=${full}
          @input=${this.handleSearchInput}
          @keydown=${this.handleSearchKeydown}
          @blur=${() => this.closeSearch()}
        />
        <ul part="host-list" class="host-list" role="listbox" id="host-list" aria-label=${t('tsHosts')} ?hidden=${!expanded}>
          ${this.found.map(
            (person, i) => html`<li
              part="host-option"
              role="option"
              id="host-option-${i}"
              aria-selected=${i === this.active ? 'true' : 'false'}
              @mousedown=${(e: Event) => e.preventDefault()}
              @click=${() => this.addHost(person)}
            >
              <span dir="auto">${person.displayName}</span>
              ${person.title || person.site ? html`<span class="detail" dir="auto">${[person.title, person.site].filter(Boolean).join(' · ')}</span>` : nothing}
            </li>`,
          )}
        </ul>
      </div>
      <p class="hint status" role="status">${message}</p>
      <p part="hint" class="hint" id="hosts-hint">${t('tsHostsHint', { max: TALK_SHOW_HOSTS_MAX })}</p>
      ${error.message}
    </div>`;
  }

  override render() {
    const t = this.localize.t.bind(this.localize);
    // Intl's time-zone name, as the person's own clock says it.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return html`<fieldset part="base" class="base">
      <legend>${t('tsEditorLabel')}</legend>
      ${this.renderInput('title', 'tsTitle', { type: 'text', max: TALK_SHOW_TITLE_MAX_CHARS })} ${this.renderHosts()}
      ${this.renderInput('start', 'tsStart', { type: 'datetime-local', hint: t('tsZone', { zone }) })}
      ${this.renderInput('duration', 'tsDuration', { type: 'number' })}
      ${this.renderInput('stream', 'tsStream', { type: 'url', hint: t('tsStreamHint'), max: STREAM_URL_MAX_CHARS })}
      <button part="remove" type="button" @click=${() => this.dispatchEvent(new Event('remove'))}>${t('tsRemove')}</button>
    </fieldset>`;
  }
}
