import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { canUpload, isEcotoneError, type EcotoneClient, type OutboxEntry } from '@ecotone/core';
import { ALL_CAPABILITIES, POST_BODY_MAX_CHARS, SUPPORTED_LOCALES, type Locale, type SpaceCapabilities, type PollDraft, type Post, type PublishRequest, type TalkShowDraft } from '@ecotone/protocol';
import type { EcoPollEditor } from '../poll-editor/poll-editor.component.js';
import type { EcoTalkShowEditor } from '../talk-show-editor/talk-show-editor.component.js';
import { EcoElement } from '../base/eco-element.js';
import { announces, callerOf, roleIn } from '../base/caller.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { errorCode } from '../base/error-message.js';
import type { MessageKey } from '../locales/locales.js';
import { feedStrings } from '../locales/feed-strings.js';
import { outboxStrings } from '../locales/outbox-strings.js';
import { attachStrings } from '../locales/attach-strings.js';
import styles from './composer.styles.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';
import { MentionsController } from '../mentions/mentions-controller.js';
import { FileAttachController } from './file-attach-controller.js';
import { classificationLabel } from '../base/classification.js';

const importPollEditor = () => import('../poll-editor/poll-editor.js');
const importTalkShowEditor = () => import('../talk-show-editor/talk-show-editor.js');
/** The composer's one box of files (file-attach-controller.ts keeps a list per box). */
const BOX = 'post';

/** Whole-number formats by locale: made once (each keystroke shows the count), used many times. */
const integerFormats = new Map<string, Intl.NumberFormat>();

/** A whole number in full (`10,000`, `10 000`, `10.000`); core's formatCount compacts large ones. */
function formatInteger(n: number, locale: string): string {
  let format = integerFormats.get(locale);
  if (!format) integerFormats.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })));
  return format.format(n);
}

/** Characters of a string as the server counts them (code points, not UTF-16 units). */
function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Fields of the announcement and scheduling options that can be refused, each shown under its control. */
type OptionField = 'kind' | 'pin' | 'pinUntil' | 'requireAcknowledgement' | 'publishAt';

/** Server field paths (`/body/…`) of those fields. */
const OPTION_FIELDS: Readonly<Record<string, OptionField>> = {
  '/body/kind': 'kind',
  '/body/pin': 'pin',
  '/body/pinUntil': 'pinUntil',
  '/body/requireAcknowledgement': 'requireAcknowledgement',
  '/body/publishAt': 'publishAt',
};

/** What a server field message means for the person, by the reference server's wording. */
function refusalKey(message: string): MessageKey {
  if (message === 'is in the past') return 'timeInPast';
  if (message === 'is before publishAt') return 'pinBeforeSchedule';
  return 'fieldRefused';
}

/** A `datetime-local` value as a time: it has no zone, and `Date` reads it as local, as the person meant it. */
function localTime(value: string): number | undefined {
  const time = value ? new Date(value).getTime() : NaN;
  return Number.isNaN(time) ? undefined : time;
}

/** A time as a `datetime-local` value (local, to the minute), for `min`. */
function localInputValue(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What the person chose beyond the text: kind, pin, acknowledgements, schedule. */
interface Choices {
  kind: 'note' | 'announcement';
  pin: boolean;
  /** End of the pin (`datetime-local` value); empty: until unpinned. */
  pinUntil: string;
  requireAcknowledgement: boolean;
  scheduled: boolean;
  /** Publication time (`datetime-local` value). */
  publishAt: string;
}

const NO_CHOICES: Choices = { kind: 'note', pin: false, pinUntil: '', requireAcknowledgement: false, scheduled: false, publishAt: '' };

/** The draft is saved this long after the last keystroke (ms), and at once when the composer leaves the page. */
export const DRAFT_SAVE_DELAY_MS = 400;

/** What is kept of a draft on the device, per person and space (the poll or talk-show being edited is not). */
interface SavedDraft {
  body: string;
  translations: Partial<Record<Locale, string>>;
  choices: Choices;
}

/** The client's draft scope of a space's composer. */
function draftScope(space: string): string {
  return `composer:${space}`;
}

/**
 * @tag eco-composer
 *
 * @summary Writes and publishes a post in a space, with a Markdown hint, a
 * character count and Ctrl+Enter / ⌘+Enter to publish. A refused post keeps its draft.
 * The draft (text, translations, options) is saved on the device as the person
 * types, per person and space, restored when the composer comes back, and
 * forgotten once published.
 * Owners and correspondents of the space may publish an announcement (pinned,
 * asking for read acknowledgements); any post may be scheduled. "Add poll"
 * attaches a poll or survey; "Schedule a talk-show" makes the post a talk-show
 * (title, hosts, start, duration, stream link), which is then not an announcement.
 * Typing `@` and a name opens a people picker (people who can read the space)
 * that inserts a mention, `[@Name](mention:id)`.
 * Files are attached with "Attach files", by dropping them on the composer or
 * by pasting them into the text; each uploads at once, and Publish waits until
 * they are all uploaded. A video may be given a poster (a frame of it, taken in
 * the browser, or an image) and captions (WebVTT files, one per language).
 * Where the client's transport keeps no files, none of this is shown.
 *
 * @csspart base - The wrapper.
 * @csspart label - The textarea's label.
 * @csspart textarea - The `<textarea>`.
 * @csspart hint - The Markdown and shortcut hint.
 * @csspart count - The character count.
 * @csspart publish - The Publish button.
 * @csspart message - The error message (role="alert").
 * @csspart queued - Says the post was saved and will be sent when the browser is back online (role="status").
 * @csspart refused - A post of this space the server refused after it had waited in the outbox, with Edit and Discard.
 * @csspart refused-edit - Puts a refused post back into the editor.
 * @csspart refused-discard - Discards a refused post.
 * @csspart classification - The space's classification label, a banner at the top, so writers see where they write (`<eco-classification>`; a server with labels). Also `classification-<label id>`.
 * @csspart notice - The explanation shown when the caller may not publish.
 * @csspart add-poll - The "Add poll" button (loads the poll editor on first use).
 * @csspart poll-editor - The inline `<eco-poll-editor>`: one question makes a poll, several a survey.
 * @csspart add-talk-show - The "Schedule a talk-show" button (loads the talk-show editor on first use).
 * @csspart talk-show-editor - The inline `<eco-talk-show-editor>`: while it is shown the post is a talk-show (kind `talk_show`), not an announcement.
 * @csspart add-translation - The "Add a translation" button (`aria-expanded`).
 * @csspart translation - A box for the post in one of the other languages (optional; published as a variant, the draft's language being the composer's).
 * @csspart kind - The post / announcement choice (owners and correspondents of the space only).
 * @csspart announcement-options - "Pin to the top" (with an optional end) and "Ask readers to confirm they have read it".
 * @csspart schedule - The "Schedule" checkbox and, when checked, the publication time.
 * @csspart time - A `datetime-local` input (publication time, end of the pin), in the person's time zone.
 * @csspart field-error - Why a field was refused (before sending, or by the server).
 * @csspart mention-list - The `@` people picker's listbox, under the text box while someone is being mentioned.
 * @csspart attach - The "Attach files" button (opens the file chooser; shown when the client can upload).
 * @csspart attachments - The list of files attached to the post being written (loaded on the first file).
 * @csspart attachment - One file in it: thumbnail (images), name, kind, size, progress while uploading, Cancel / Remove / Retry.
 * @csspart upload-error - Why a file could not be uploaded.
 * @csspart alt - The description of an image or a video, asked of the author.
 * @csspart poster - A video's poster (a fieldset): "Choose poster frame", the frame picker (a slider over the video's length with the frame's preview, "Use this frame", "Choose an image instead"), then the poster uploading or uploaded with Change and Remove.
 * @csspart poster-frame - The preview of the frame chosen in the picker.
 * @csspart captions - A video's captions (a fieldset): the caption files with their language, and the language select with "Add captions" while a language is free.
 * @csspart caption - One caption file: language, name, progress while uploading, Cancel / Remove / Retry.
 * @csspart drop - Shown while files are dragged over the composer.
 * @csspart mention-option - A person in it (name, then title and site); `aria-selected="true"` on the one the arrow keys chose.
 *
 * @cssproperty --eco-composer-background - Background.
 * @cssproperty --eco-composer-border-color - Border colour of the card and the textarea.
 * @cssproperty --eco-composer-radius - Corner radius.
 * @cssproperty --eco-composer-muted-color - Colour of the hint and count.
 * @cssproperty --eco-composer-button-background - Publish button background.
 * @cssproperty --eco-composer-button-color - Publish button text colour.
 * @cssproperty --eco-composer-error-color - Colour of errors.
 * @cssproperty --eco-composer-error-background - Background of the error message.
 *
 * @event {EcoPublishEvent} eco-publish - The post was published: `{ post }`.
 * @event {EcoErrorEvent} eco-error - Publishing was refused: `{ action: 'publish', error }`.
 */
export class EcoComposer extends EcoElement {
  static override styles = styles;
  static strings = [feedStrings, outboxStrings, attachStrings];

  /** Id of the space to publish in. */
  @property({ reflect: true }) space = '';

  /** The draft. Set it to prefill; it changes as the person types. */
  @property() value = '';

  /** Disables writing and publishing. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** The poll editor is shown (its module is loaded on the first "Add poll"). */
  @state() private pollOpen = false;
  /** The talk-show editor is shown (loaded on the first "Schedule a talk-show"): the post is a talk-show. */
  @state() private talkShowOpen = false;

  /** Whether the caller may publish in the space, from the client's space list (undefined until known). */
  @state() private canPublish: boolean | undefined;

  /** The translation boxes are shown, and what they hold by language. */
  @state() private translationsOpen = false;
  @state() private translations: Readonly<Partial<Record<Locale, string>>> = {};

  /** Whether the caller may publish announcements here (owner or correspondent, from `me().memberships`). */
  @state() private mayAnnounce = false;
  /** The announcement and scheduling choices. */
  @state() private choices: Choices = NO_CHOICES;
  /** Why option fields were refused, by field (message keys, so they follow the language). */
  @state() private fieldErrors: Readonly<Partial<Record<OptionField, MessageKey>>> = {};

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('eco-poll-editor') private pollEditor?: EcoPollEditor;
  @query('eco-talk-show-editor') private talkShowEditor?: EcoTalkShowEditor;

  /** The post being published: the server's, or null once it waits in the outbox (offline). */
  private readonly publishing = new AsyncStatusController<Post | null>(this);
  /** Set when the last post was stored to be sent later: why it waits. */
  @state() private queued: 'offline' | 'unreachable' | undefined;
  /** The caller's writes in the outbox: posts of this space it refused after they had waited are shown here. */
  private readonly outbox = new WritesController(this, () => this.resolvedClient);
  private readonly classification = classificationLabel(this, () => this.resolvedClient);
  private readonly focusing = new FocusController(this);
  /** The `@` people picker of the text and its translations: people who can read the space. */
  private readonly mentions = new MentionsController(this, {
    search: () => {
      const client = this.resolvedClient;
      const spaceId = this.space;
      return client && spaceId ? (q, signal) => client.searchPeople(q, { spaceId, signal }) : undefined;
    },
    client: () => this.resolvedClient,
    locale: () => this.locale,
    t: (key, values) => this.localize.t(key, values),
    errorText: (error) => this.errorText(error),
  });
  /** What the space offers, live: polls, attachments, translations and announcements it does not offer are not offered here. */
  private readonly capabilities = new ObservableController<SpaceCapabilities, readonly [EcotoneClient | undefined, string]>(
    this,
    () => [this.resolvedClient, this.space] as const,
    ([client, space]) => (client && space ? client.spaceCapabilities$(space) : undefined),
  );

  /** What the space offers, everything until it says otherwise (the server refuses the rest anyway). */
  private get offers(): SpaceCapabilities {
    return this.capabilities.value ?? ALL_CAPABILITIES;
  }

  /** `<eco-poll-editor>`, imported on the first "Add poll" (its failure is shown beside the button). */
  private readonly pollEditorModule = new LazyModuleController(this, importPollEditor);
  /** `<eco-talk-show-editor>`, imported on the first "Schedule a talk-show" (likewise). */
  private readonly talkShowEditorModule = new LazyModuleController(this, importTalkShowEditor);
  /** "Attach files", dropping and pasting, and the files of the post being written (composer-uploads.ts, loaded on the first). */
  private readonly attach = new FileAttachController(this, {
    attachable: () => this.attachable,
    uploadsHost: () => ({
      client: () => this.resolvedClient,
      space: () => this.space,
      locale: () => this.locale,
      t: (key, values) => this.localize.t(key, values),
      errorText: (error) => this.errorText(error),
      focusAttach: () => this.focusing.focusAfterRender('[part="attach"]'),
    }),
  });
  /** The files of the post being written, once the first one was added. */
  private get uploads() {
    return this.attach.lists.get(BOX);
  }
  private spacesFor: readonly [EcotoneClient | undefined, string] | undefined;
  /** Client and scope of the draft being saved, and the save waiting for typing to pause. */
  private draftFor: readonly [EcotoneClient, string] | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** The person typed (or the page set a value) since the draft's client or space changed: a restore arriving late must not overwrite it. */
  private typedSinceRestore = false;

  /** Moves focus to the textarea. */
  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && this.space && (this.spacesFor?.[0] !== client || this.spacesFor[1] !== this.space)) {
      const key = [client, this.space] as const;
      this.spacesFor = key;
      this.canPublish = undefined;
      this.mayAnnounce = false;
      void callerOf(client).then((me) => {
        if (this.spacesFor === key) this.mayAnnounce = announces(roleIn(me, key[1]));
      });
      this.restoreDraft(client, this.space);
      // Best effort: when the list cannot be read, the server's 403 still says no.
      client.spaces().then(
        (spaces) => {
          if (this.spacesFor === key) this.canPublish = spaces.find((s) => s.id === key[1])?.canPublish;
        },
        () => undefined,
      );
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the page (or being re-created): what was typed last is saved now, not lost with the timer.
    if (this.draftTimer !== undefined) this.saveDraftNow();
  }

  /** Restores the person's saved draft for the space, unless they typed meanwhile or the page set a value. */
  private restoreDraft(client: EcotoneClient, space: string): void {
    if (this.draftTimer !== undefined) this.saveDraftNow();
    const key = [client, draftScope(space)] as const;
    this.draftFor = key;
    this.typedSinceRestore = this.value !== '';
    void client.loadDraft<SavedDraft>(key[1]).then((draft) => {
      if (!draft || this.draftFor !== key || this.typedSinceRestore) return;
      this.value = draft.body;
      this.translations = draft.translations;
      this.translationsOpen = Object.values(draft.translations).some(Boolean);
      this.choices = { ...NO_CHOICES, ...draft.choices };
    });
  }

  /** Saves the draft once typing pauses (DRAFT_SAVE_DELAY_MS). */
  private scheduleDraftSave(): void {
    this.typedSinceRestore = true;
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.saveDraftNow(), DRAFT_SAVE_DELAY_MS);
  }

  private saveDraftNow(): void {
    clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    const target = this.draftFor;
    if (!target) return;
    const translations = Object.fromEntries(Object.entries(this.translations).filter(([, text]) => text?.trim()));
    const empty = this.value.trim() === '' && Object.keys(translations).length === 0;
    const draft: SavedDraft | undefined = empty ? undefined : { body: this.value, translations, choices: this.choices };
    void target[0].saveDraft(target[1], draft);
  }

  /** Publishes the draft; resolves with the post, or undefined when refused (the message is shown). */
  async publish(): Promise<Post | undefined> {
    const client = this.resolvedClient;
    const body = this.value;
    if (!client || !this.space || this.disabled || this.canPublish === false || this.publishing.pending) return undefined;
    const length = charCount(body.trim());
    if (length === 0 || charCount(body) > POST_BODY_MAX_CHARS || this.attach.waitReason(BOX)) return undefined;
    let polls: PollDraft[] | undefined;
    if (this.pollOpen && this.offers.polls) {
      polls = this.pollEditor?.validate();
      if (!polls) return undefined;
    }
    let talkShow: TalkShowDraft | undefined;
    if (this.talkShowOpen) {
      talkShow = this.talkShowEditor?.validate();
      if (!talkShow) return undefined;
    }
    const options = this.checkOptions();
    if (!options) return undefined;
    const space = this.space;
    const source = this.locale as Locale;
    const variants = this.translationsOpen && this.offers.translations
      ? SUPPORTED_LOCALES.filter((l) => l !== source && this.translations[l]?.trim()).map((l) => ({ locale: l, body: this.translations[l]! }))
      : [];
    const attachments = this.uploads?.attachments() ?? [];
    const request: PublishRequest = {
      body,
      ...(attachments.length ? { attachments } : {}),
      ...(polls ? { polls } : {}),
      ...(variants.length ? { locale: source, variants } : {}),
      ...options,
      ...(talkShow ? { kind: 'talk_show', talkShow } : {}),
    };
    this.queued = undefined;
    const result = await this.publishing.run(
      () =>
        new Promise<Post | null>((resolve, reject) => {
          let waiting = false;
          // Offline: the outbox has it, the draft can go; the post is announced once the server has it.
          const onQueued = () => {
            waiting = true;
            resolve(null);
          };
          client.publish(space, request, { onQueued }).then(
            (post) => (waiting ? this.emit('eco-publish', { post }) : resolve(post)),
            (err: unknown) => (waiting ? undefined : reject(err)),
          );
        }),
    );
    if (!result) return undefined;
    if (!result.ok) {
      if (errorCode(result.error) === 'forbidden') this.canPublish = false;
      this.showRefusedFields(result.error);
      this.talkShowEditor?.showRefusal(result.error);
      this.emit('eco-error', { action: 'publish', error: result.error });
      return undefined;
    }
    // Keep what was typed meanwhile if the draft changed during the request.
    if (this.value === body) this.value = '';
    this.pollOpen = false;
    this.talkShowOpen = false;
    this.translationsOpen = false;
    this.translations = {};
    this.choices = NO_CHOICES;
    this.uploads?.clear();
    // Published (or queued to be): the saved draft goes, unless the person typed a new one meanwhile.
    this.saveDraftNow();
    if (result.value === null) {
      this.queued = typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'unreachable';
      return undefined;
    }
    this.emit('eco-publish', { post: result.value });
    return result.value;
  }

  /**
   * The announcement and scheduling fields of the request, or undefined when
   * a time is missing or past (the message shows under it, focus goes to it,
   * and nothing is sent).
   */
  private checkOptions(): Partial<PublishRequest> | undefined {
    const errors: Partial<Record<OptionField, MessageKey>> = {};
    const now = Date.now();
    const options: Partial<PublishRequest> = {};
    const choices = this.choices;
    if (choices.scheduled) {
      const at = localTime(choices.publishAt);
      if (at === undefined) errors.publishAt = 'timeRequired';
      else if (at <= now) errors.publishAt = 'timeInPast';
      else options.publishAt = new Date(at).toISOString();
    }
    if (this.announces && choices.kind === 'announcement') {
      options.kind = 'announcement';
      if (choices.pin) {
        options.pin = true;
        const until = localTime(choices.pinUntil);
        if (choices.pinUntil && until === undefined) errors.pinUntil = 'timeRequired';
        else if (until !== undefined && until <= now) errors.pinUntil = 'timeInPast';
        else if (until !== undefined && options.publishAt && until <= Date.parse(options.publishAt)) errors.pinUntil = 'pinBeforeSchedule';
        else if (until !== undefined) options.pinUntil = new Date(until).toISOString();
      }
      if (choices.requireAcknowledgement) options.requireAcknowledgement = true;
    }
    this.fieldErrors = errors;
    if (Object.keys(errors).length === 0) return options;
    this.focusing.focusAfterRender('[aria-invalid="true"]');
    return undefined;
  }

  /** A validation refusal naming option fields: each shows under its control. */
  private showRefusedFields(error: unknown): void {
    if (!isEcotoneError(error)) return;
    const errors: Partial<Record<OptionField, MessageKey>> = {};
    for (const { path, message } of error.fieldErrors) {
      const field = OPTION_FIELDS[path];
      if (field) errors[field] = refusalKey(message);
    }
    this.fieldErrors = errors;
  }

  /** Changes one option, forgetting why it was refused. */
  private setOption<K extends keyof Choices>(key: K, value: Choices[K]): void {
    this.choices = { ...this.choices, [key]: value };
    this.scheduleDraftSave();
    const field: OptionField = key === 'scheduled' ? 'publishAt' : key;
    if (this.fieldErrors[field]) {
      const { [field]: _dropped, ...rest } = this.fieldErrors;
      this.fieldErrors = rest;
    }
  }

  private handleInput(event: InputEvent): void {
    this.value = (event.target as HTMLTextAreaElement).value;
    this.queued = undefined;
    this.scheduleDraftSave();
    if (this.publishing.status === 'error' || this.publishing.status === 'complete') this.publishing.reset();
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.publish();
    }
  }

  /** Whether files may be attached now: the transport keeps files and the person may write. */
  private get attachable(): boolean {
    const client = this.resolvedClient;
    return !!client && canUpload(client) && !this.disabled && this.canPublish !== false && !this.publishing.pending;
  }

  /** Files dragged over the composer: the whole card is where they go. */
  private readonly handleDrag = (event: DragEvent) => this.attach.handleDrag(BOX, event);

  /** Shows an inline editor ("Add poll", "Schedule a talk-show") once its module is there, and focuses it. */
  private async openEditor(open: 'pollOpen' | 'talkShowOpen'): Promise<void> {
    const poll = open === 'pollOpen';
    try {
      await (poll ? this.pollEditorModule : this.talkShowEditorModule).load();
    } catch {
      return; // told from the module's error
    }
    this[open] = true;
    this.focusing.focusAfterRender(poll ? 'eco-poll-editor' : 'eco-talk-show-editor');
  }

  /** Removes an inline editor; focus goes back to the button that opens it. */
  private closeEditor(open: 'pollOpen' | 'talkShowOpen'): void {
    this[open] = false;
    this.focusing.focusAfterRender(open === 'pollOpen' ? '[part="add-poll"]' : '[part="add-talk-show"]');
  }

  /** Whether the announcement choice is offered: to owners and correspondents, unless the post is a talk-show (a kind of its own). */
  private get announces(): boolean {
    return this.mayAnnounce && !this.talkShowOpen && this.offers.announcements;
  }

  private handleToggleTranslations(): void {
    this.translationsOpen = !this.translationsOpen;
    if (this.translationsOpen) this.focusing.focusAfterRender('[part="translation"]');
  }

  /** A box per other language, for the post in that language (optional, empty ones are skipped). */
  private renderTranslations(disabled: boolean) {
    if (!this.offers.translations) return nothing;
    const source = this.locale;
    // In the UI's language: "Texte en allemand", "Text auf Französisch" (Intl's data for it loads once they are open).
    const names = this.translationsOpen ? new Intl.DisplayNames([source], { type: 'language' }) : undefined;
    return html`<button
        part="add-translation"
        class="secondary"
        type="button"
        aria-expanded=${this.translationsOpen ? 'true' : 'false'}
        ?disabled=${disabled}
        @click=${this.handleToggleTranslations}
      >
        ${this.localize.t('addTranslation')}
      </button>
      ${this.translationsOpen
        ? SUPPORTED_LOCALES.filter((l) => l !== source).map(
            (l) => html`<label part="label" for="tr-${l}">${this.localize.t('translationLabel', { language: names?.of(l) ?? l })}</label>
              <textarea
                part="translation"
                id="tr-${l}"
                ${this.mentions.attach(`tr-${l}`)}
                lang=${l}
                .value=${this.translations[l] ?? ''}
                ?readonly=${this.publishing.pending}
                @input=${(e: Event) => {
                  this.translations = { ...this.translations, [l]: (e.target as HTMLTextAreaElement).value };
                  this.scheduleDraftSave();
                }}
                @keydown=${this.handleKeydown}
              ></textarea>
              ${this.mentions.render(`tr-${l}`)}`,
          )
        : nothing}`;
  }

  /** A field's refusal message, and the attributes its control needs to point at it. */
  private fieldError(field: OptionField) {
    const key = this.fieldErrors[field];
    return {
      invalid: key ? 'true' : 'false',
      describedBy: key ? `${field}-error` : '',
      message: key ? html`<p part="field-error" class="field-error" id="${field}-error">${this.localize.t(key)}</p>` : nothing,
    };
  }

  /** A `datetime-local` input for a time in the future, with its label, the time zone and its error. */
  private renderTime(field: 'pinUntil' | 'publishAt', label: MessageKey, value: string, disabled: boolean) {
    const error = this.fieldError(field);
    return html`<label for=${field}>${this.localize.t(label)}</label>
      <input
        part="time"
        id=${field}
        type="datetime-local"
        .value=${value}
        min=${localInputValue(Date.now())}
        aria-invalid=${error.invalid}
        aria-describedby=${[error.describedBy, 'time-zone'].filter(Boolean).join(' ')}
        ?disabled=${disabled}
        @input=${(e: Event) => this.setOption(field, (e.target as HTMLInputElement).value)}
      />
      ${error.message}`;
  }

  /** Post or announcement (owners and correspondents), the announcement's options, and scheduling. */
  private renderChoices(disabled: boolean) {
    const t = this.localize.t.bind(this.localize);
    const choices = this.choices;
    const announcement = this.announces && choices.kind === 'announcement';
    const check = (key: 'pin' | 'requireAcknowledgement' | 'scheduled') => (e: Event) =>
      this.setOption(key, (e.target as HTMLInputElement).checked);
    const kindError = this.fieldError('kind');
    const pinError = this.fieldError('pin');
    const ackError = this.fieldError('requireAcknowledgement');
    const timed = choices.scheduled || (announcement && choices.pin);
    // Intl's time-zone data loads only once a time is asked for.
    const zone = timed ? Intl.DateTimeFormat().resolvedOptions().timeZone : '';
    return html`${this.announces
        ? html`<fieldset part="kind" class="options" aria-describedby=${kindError.describedBy || nothing}>
            <legend>${t('kindLabel')}</legend>
            ${(['note', 'announcement'] as const).map(
              (kind) => html`<label class="choice"
                ><input
                  type="radio"
                  name="kind"
                  value=${kind}
                  .checked=${choices.kind === kind}
                  ?disabled=${disabled}
                  @change=${() => this.setOption('kind', kind)}
                />
                ${t(kind === 'note' ? 'kindPost' : 'postKindAnnouncement')}</label
              >`,
            )}
            ${kindError.message}
          </fieldset>`
        : nothing}
      ${announcement
        ? html`<div part="announcement-options" class="options">
            <label class="choice"
              ><input
                type="checkbox"
                id="pin"
                .checked=${choices.pin}
                aria-invalid=${pinError.invalid}
                aria-describedby=${pinError.describedBy || nothing}
                ?disabled=${disabled}
                @change=${check('pin')}
              />
              ${t('pin')}</label
            >
            ${pinError.message} ${choices.pin ? this.renderTime('pinUntil', 'pinUntil', choices.pinUntil, disabled) : nothing}
            <label class="choice"
              ><input
                type="checkbox"
                id="requireAcknowledgement"
                .checked=${choices.requireAcknowledgement}
                aria-invalid=${ackError.invalid}
                aria-describedby=${ackError.describedBy || nothing}
                ?disabled=${disabled}
                @change=${check('requireAcknowledgement')}
              />
              ${t('requireAck')}</label
            >
            ${ackError.message}
          </div>`
        : nothing}
      <div part="schedule" class="options">
        <label class="choice"
          ><input type="checkbox" id="scheduled" .checked=${choices.scheduled} ?disabled=${disabled} @change=${check('scheduled')} />
          ${t('schedule')}</label
        >
        ${choices.scheduled ? this.renderTime('publishAt', 'publishAt', choices.publishAt, disabled) : nothing}
      </div>
      ${timed
        ? html`<p part="hint" class="hint" id="time-zone">${t('timeZone', { zone })}</p>`
        : nothing}`;
  }

  private handleSubmit(event: Event): void {
    event.preventDefault();
    void this.publish();
  }

  override render() {
    const t = this.localize.t.bind(this.localize);
    const locale = this.locale;
    const used = charCount(this.value);
    const over = used - POST_BODY_MAX_CHARS;
    const forbidden = this.canPublish === false;
    const pending = this.publishing.pending;
    const failed = this.publishing.status === 'error';
    const refusedAsReader = failed && errorCode(this.publishing.error) === 'forbidden';
    const message = failed
      ? refusedAsReader
        ? t('cannotPublish')
        : t('publishFailed', { reason: this.errorText(this.publishing.error) })
      : '';
    const blocked = this.disabled || (forbidden && !failed);
    const waitReason = this.attach.waitReason(BOX);
    const cannotSend = blocked || pending || over > 0 || this.value.trim() === '' || !this.resolvedClient || !!waitReason;
    const client = this.resolvedClient;
    const attachable = !!client && canUpload(client);
    return html`<form
      part="base"
      class="base ${this.attach.dropping ? 'dropping' : ''}"
      @submit=${this.handleSubmit}
      @dragover=${this.handleDrag}
      @dragleave=${this.handleDrag}
      @drop=${this.handleDrag}
      novalidate
    >
      ${this.classification(this.space)}
      ${this.attach.dropping ? html`<p part="drop" class="drop">${t('dropFiles')}</p>` : nothing}
      <label part="label" for="body">${t('composerLabel')}</label>
      ${forbidden && !failed ? html`<p part="notice" class="notice" id="notice">${t('cannotPublish')}</p>` : nothing}
      <textarea
        part="textarea"
        id="body"
        ${this.mentions.attach('body')}
        .value=${this.value}
        placeholder=${t('composerPlaceholder')}
        aria-describedby="hint count${forbidden && !failed ? ' notice' : ''}"
        aria-invalid=${over > 0 ? 'true' : 'false'}
        ?disabled=${blocked}
        ?readonly=${pending}
        @input=${this.handleInput}
        @keydown=${this.handleKeydown}
        @paste=${(e: ClipboardEvent) => this.attach.handlePaste(BOX, e)}
      ></textarea>
      ${this.mentions.render('body')}
      <p part="hint" class="hint" id="hint">${t('composerHint')}</p>
      ${!this.offers.polls
        ? nothing
        : this.pollOpen
        ? html`<eco-poll-editor part="poll-editor" .client=${this.resolvedClient} @remove=${() => this.closeEditor('pollOpen')}></eco-poll-editor>`
        : html`<button part="add-poll" class="secondary" type="button" ?disabled=${blocked || pending} @click=${() => this.openEditor('pollOpen')}>
            ${t('addPoll')}
          </button>`}
      ${this.talkShowOpen
        ? html`<eco-talk-show-editor
            part="talk-show-editor"
            .client=${this.resolvedClient}
            space=${this.space}
            @remove=${() => this.closeEditor('talkShowOpen')}
          ></eco-talk-show-editor>`
        : html`<button part="add-talk-show" class="secondary" type="button" ?disabled=${blocked || pending} @click=${() => this.openEditor('talkShowOpen')}>
            ${t('addTalkShow')}
          </button>`}
      ${attachable && this.offers.attachments
        ? this.attach.renderButton(BOX, t('attachFiles'), blocked || pending, 'files', 'secondary')
        : nothing}
      ${this.uploads?.render(blocked || pending) ?? nothing}
      ${this.attach.module.error
        ? html`<p part="message" class="message" role="alert">${this.errorText(this.attach.module.error)}</p>`
        : nothing}
      ${this.renderTranslations(blocked || pending)} ${this.renderChoices(blocked || pending)}
      ${[this.pollEditorModule, this.talkShowEditorModule].map(({ error }) =>
        error ? html`<p part="message" class="message" role="alert">${t('editorLoadFailed', { reason: this.errorText(error) })}</p>` : nothing,
      )}
      <div class="actions">
        <p part="count" class="count ${over > 0 ? 'over' : ''}" id="count">
          ${over > 0
            ? t('tooLong', { count: over, formatted: formatInteger(over, locale) })
            : t('charCount', { used: formatInteger(used, locale), max: formatInteger(POST_BODY_MAX_CHARS, locale) })}
        </p>
        <button
          part="publish"
          type="submit"
          aria-busy=${pending ? 'true' : 'false'}
          aria-describedby=${waitReason ? 'publish-waits' : nothing}
          ?disabled=${cannotSend}
        >
          ${pending ? t('publishing') : t('publish')}
        </button>
      </div>
      ${waitReason ? html`<p part="hint" class="hint" id="publish-waits">${t(waitReason)}</p>` : nothing}
      <p part="message" class="message" role="alert">${message}</p>
      <p part="queued" class="queued" role="status">
        ${this.queued ? t(this.queued === 'offline' ? 'publishQueued' : 'publishQueuedUnreachable') : nothing}
      </p>
      ${this.renderRefused()}
    </form>`;
  }

  /** Posts of this space the server refused after they waited in the outbox: the person edits or discards each. */
  private renderRefused() {
    const refused = this.outbox.of('publish', this.space, (e) => e.status === 'failed');
    if (refused.length === 0) return nothing;
    const t = this.localize.t.bind(this.localize);
    return refused.map((entry) => {
      const error = refusalOf(entry);
      const text = (entry.request.body as Partial<PublishRequest> | undefined)?.body ?? '';
      return html`<div part="refused" class="refused" role="alert">
        <p>${t('publishRefused', { reason: this.errorText(error) })}</p>
        <blockquote class="refused-text">${text}</blockquote>
        <div class="refused-actions">
          <button part="refused-edit" class="secondary" type="button" aria-label=${t('publishEditLabel')} @click=${() => this.editRefused(entry)}>
            ${t('publishEdit')}
          </button>
          <button
            part="refused-discard"
            class="secondary"
            type="button"
            aria-label=${t('publishDiscardLabel')}
            @click=${() => void this.resolvedClient?.discardWrite(entry.id)}
          >
            ${t('publishDiscard')}
          </button>
        </div>
      </div>`;
    });
  }

  /** Puts a refused post back into the editor (its text and translations), and takes it out of the outbox. */
  private editRefused(entry: OutboxEntry): void {
    const request = (entry.request.body ?? {}) as Partial<PublishRequest>;
    const text = request.body ?? '';
    this.value = this.value.trim() ? `${this.value}\n\n${text}` : text;
    if (request.variants?.length) {
      this.translationsOpen = true;
      this.translations = Object.fromEntries(request.variants.map((v) => [v.locale, v.body]));
    }
    this.publishing.reset();
    void this.resolvedClient?.discardWrite(entry.id);
    this.focus();
  }
}
