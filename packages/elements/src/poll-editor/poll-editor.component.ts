import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import {
  POLL_OPTIONS_MAX,
  POLL_OPTIONS_MIN,
  POLL_OPTION_MAX_CHARS,
  POLL_QUESTION_MAX_CHARS,
  POLLS_PER_POST_MAX,
  type PollDraft,
} from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { FocusController } from '../controllers/focus-controller.js';
import { pollEditorStrings } from '../locales/poll-editor-strings.js';
import type { MessageKey } from '../locales/locales.js';
import styles from './poll-editor.styles.js';

type Mode = PollDraft['mode'];
type Visibility = NonNullable<PollDraft['resultsVisibility']>;

/** One question as typed, before it becomes a PollDraft. */
interface QuestionForm {
  question: string;
  mode: Mode;
  options: string[];
  /** Empty: no limit. */
  maxChoices: string;
  scaleMax: 5 | 10;
  minLabel: string;
  maxLabel: string;
  anonymous: boolean;
  resultsVisibility: Visibility;
  /** `<input type="datetime-local">` value, in the person's time zone; empty: no closing time. */
  closesAt: string;
}

type FieldError = { key: MessageKey; opts?: Record<string, string | number> };
type QuestionErrors = Partial<Record<'question' | 'options' | 'maxChoices' | 'closesAt', FieldError>>;

const MODES: ReadonlyArray<[Mode, MessageKey]> = [
  ['single', 'modeSingle'],
  ['multiple', 'modeMultiple'],
  ['scale', 'modeScale'],
];
const VISIBILITIES: ReadonlyArray<[Visibility, MessageKey]> = [
  ['always', 'visibilityAlways'],
  ['after-vote', 'visibilityAfterVote'],
  ['after-close', 'visibilityAfterClose'],
  ['author-only', 'visibilityAuthorOnly'],
];

const emptyQuestion = (): QuestionForm => ({
  question: '',
  mode: 'single',
  options: ['', ''],
  maxChoices: '',
  scaleMax: 5,
  minLabel: '',
  maxLabel: '',
  anonymous: false,
  resultsVisibility: 'always',
  closesAt: '',
});

function nonEmptyOptions(q: QuestionForm): string[] {
  return q.options.map((o) => o.trim()).filter(Boolean);
}

function errorsOf(q: QuestionForm, now: number): QuestionErrors {
  const errors: QuestionErrors = {};
  if (!q.question.trim()) errors.question = { key: 'errorQuestionEmpty' };
  if (q.mode !== 'scale') {
    const options = nonEmptyOptions(q);
    if (options.length < POLL_OPTIONS_MIN) {
      errors.options = { key: 'errorTooFewOptions', opts: { count: POLL_OPTIONS_MIN, formatted: String(POLL_OPTIONS_MIN) } };
    }
    if (q.mode === 'multiple' && q.maxChoices.trim()) {
      const n = Number(q.maxChoices);
      const max = Math.max(1, options.length);
      if (!Number.isInteger(n) || n < 1 || n > max) errors.maxChoices = { key: 'errorMaxChoices', opts: { max } };
    }
  }
  if (q.closesAt && !(Date.parse(q.closesAt) > now)) errors.closesAt = { key: 'errorClosesInPast' };
  return errors;
}

function toDraft(q: QuestionForm): PollDraft {
  const draft: PollDraft = { question: q.question.trim(), mode: q.mode, resultsVisibility: q.resultsVisibility };
  if (q.mode === 'scale') {
    draft.scale = {
      min: q.scaleMax === 10 ? 0 : 1,
      max: q.scaleMax,
      ...(q.minLabel.trim() ? { minLabel: q.minLabel.trim() } : {}),
      ...(q.maxLabel.trim() ? { maxLabel: q.maxLabel.trim() } : {}),
    };
  } else {
    draft.options = nonEmptyOptions(q);
  }
  if (q.mode === 'multiple' && q.maxChoices.trim()) draft.maxChoices = Number(q.maxChoices);
  if (q.anonymous) draft.anonymous = true;
  // datetime-local has no zone: Date.parse reads it as local time, as the person meant it.
  if (q.closesAt) draft.closesAt = new Date(Date.parse(q.closesAt)).toISOString();
  return draft;
}

/**
 * @tag eco-poll-editor
 *
 * @summary The composer's inline poll editor: one question makes a poll,
 * "Add another question" makes a survey. Loaded by `<eco-composer>` when the
 * person clicks "Add poll"; the composer reads `validate()`.
 *
 * @csspart base - The wrapper (`role="group"`).
 * @csspart question - One question's `<fieldset>`.
 * @csspart option - One option's row (input and Remove button).
 * @csspart add-option - The "Add option" button.
 * @csspart add-question - The "Add another question" button.
 * @csspart remove - The "Remove poll" button.
 * @csspart error - A validation message.
 *
 * @cssproperty --eco-poll-editor-border-color - Border colour of the questions and inputs.
 * @cssproperty --eco-poll-editor-radius - Corner radius.
 * @cssproperty --eco-poll-editor-muted-color - Colour of secondary labels.
 * @cssproperty --eco-poll-editor-error-color - Colour of validation messages.
 *
 * @event remove - The person removed the poll (plain `Event`, does not cross the composer's shadow root).
 */
export class EcoPollEditor extends EcoElement {
  static override styles = styles;
  static strings = [pollEditorStrings];

  @state() private questions: QuestionForm[] = [emptyQuestion()];
  /** Validation messages show once the person tried to publish. */
  @state() private showErrors = false;
  /** Focus follows the questions and options added and removed. */
  private readonly focusing = new FocusController(this);

  /** Moves focus to the first question's text. */
  override focus(options?: FocusOptions): void {
    this.focusing.focusAfterRender('#q0-text', options);
  }

  /**
   * The drafts to send in `PublishRequest.polls`, or undefined when a
   * question has an obvious mistake (then its message shows and the first
   * faulty field gets focus).
   */
  validate(): PollDraft[] | undefined {
    const now = Date.now();
    const bad = this.questions.map((q) => errorsOf(q, now));
    const firstBad = bad.findIndex((e) => Object.keys(e).length > 0);
    if (firstBad < 0) {
      this.showErrors = false;
      return this.questions.map(toDraft);
    }
    this.showErrors = true;
    this.focusing.focusAfterRender('[aria-invalid="true"]');
    return undefined;
  }

  private update1(index: number, patch: Partial<QuestionForm>): void {
    this.questions = this.questions.map((q, i) => (i === index ? { ...q, ...patch } : q));
  }

  private handleAddQuestion(): void {
    this.questions = [...this.questions, emptyQuestion()];
    const index = this.questions.length - 1;
    this.focusing.focusAfterRender(`#q${index}-text`);
  }

  private handleRemoveQuestion(index: number): void {
    this.questions = this.questions.filter((_, i) => i !== index);
    this.focusing.focusAfterRender('[part="add-question"]');
  }

  private handleAddOption(index: number): void {
    const q = this.questions[index]!;
    this.update1(index, { options: [...q.options, ''] });
    const optionIndex = q.options.length;
    this.focusing.focusAfterRender(`#q${index}-o${optionIndex}`);
  }

  private handleRemoveOption(index: number, optionIndex: number): void {
    const q = this.questions[index]!;
    this.update1(index, { options: q.options.filter((_, i) => i !== optionIndex) });
    this.focusing.focusAfterRender(`#q${index}-o${Math.min(optionIndex, q.options.length - 2)}`);
  }

  private handleRemovePoll(): void {
    this.dispatchEvent(new Event('remove'));
  }

  private error(id: string, error: FieldError | undefined): TemplateResult | typeof nothing {
    if (!this.showErrors || !error) return nothing;
    return html`<p part="error" class="error" id=${id}>${this.localize.t(error.key, error.opts)}</p>`;
  }

  private renderQuestion(q: QuestionForm, index: number, errors: QuestionErrors, many: boolean): TemplateResult {
    const t = this.localize.t.bind(this.localize);
    const id = `q${index}`;
    const invalid = (e: FieldError | undefined) => (this.showErrors && e ? 'true' : 'false');
    const describedBy = (field: string, e: FieldError | undefined) => (this.showErrors && e ? `${id}-${field}-error` : nothing);
    const value = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<fieldset part="question" class="question">
      <legend>${many ? t('editorQuestionN', { n: index + 1 }) : t('pollEditorLabel')}</legend>
      <div class="field">
        <label for="${id}-text">${t('editorQuestion')}</label>
        <input
          id="${id}-text"
          type="text"
          maxlength=${POLL_QUESTION_MAX_CHARS}
          .value=${q.question}
          aria-invalid=${invalid(errors.question)}
          aria-describedby=${describedBy('question', errors.question)}
          @input=${(e: Event) => this.update1(index, { question: value(e) })}
        />
        ${this.error(`${id}-question-error`, errors.question)}
      </div>
      <div class="field">
        <label for="${id}-mode">${t('editorMode')}</label>
        <select id="${id}-mode" @change=${(e: Event) => this.update1(index, { mode: value(e) as Mode })}>
          ${MODES.map(([mode, key]) => html`<option value=${mode} ?selected=${q.mode === mode}>${t(key)}</option>`)}
        </select>
      </div>
      ${q.mode === 'scale'
        ? html`<div class="field">
              <label for="${id}-range">${t('editorScaleRange')}</label>
              <select id="${id}-range" @change=${(e: Event) => this.update1(index, { scaleMax: value(e) === '10' ? 10 : 5 })}>
                <option value="5" ?selected=${q.scaleMax === 5}>${t('scale1to5')}</option>
                <option value="10" ?selected=${q.scaleMax === 10}>${t('scale0to10')}</option>
              </select>
            </div>
            <div class="field">
              <label for="${id}-min">${t('editorMinLabel')}</label>
              <input id="${id}-min" type="text" maxlength="60" .value=${q.minLabel} @input=${(e: Event) => this.update1(index, { minLabel: value(e) })} />
            </div>
            <div class="field">
              <label for="${id}-max">${t('editorMaxLabel')}</label>
              <input id="${id}-max" type="text" maxlength="60" .value=${q.maxLabel} @input=${(e: Event) => this.update1(index, { maxLabel: value(e) })} />
            </div>`
        : html`<div class="options" role="group" aria-labelledby="${id}-options-label" aria-describedby=${describedBy('options', errors.options)}>
              <span id="${id}-options-label" class="group-label">${t('editorOptions')}</span>
              ${q.options.map(
                (option, oi) => html`<div part="option" class="option">
                  <label for="${id}-o${oi}">${t('editorOptionN', { n: oi + 1 })}</label>
                  <input
                    id="${id}-o${oi}"
                    type="text"
                    maxlength=${POLL_OPTION_MAX_CHARS}
                    .value=${option}
                    aria-invalid=${oi === 0 || !option.trim() ? invalid(errors.options) : 'false'}
                    @input=${(e: Event) => this.update1(index, { options: q.options.map((o, i) => (i === oi ? value(e) : o)) })}
                  />
                  <button
                    type="button"
                    class="icon"
                    aria-label=${t('removeOption', { n: oi + 1 })}
                    ?disabled=${q.options.length <= POLL_OPTIONS_MIN}
                    @click=${() => this.handleRemoveOption(index, oi)}
                  >
                    ×
                  </button>
                </div>`,
              )}
              ${this.error(`${id}-options-error`, errors.options)}
              <button
                part="add-option"
                type="button"
                ?disabled=${q.options.length >= POLL_OPTIONS_MAX}
                @click=${() => this.handleAddOption(index)}
              >
                ${t('addOption')}
              </button>
            </div>
            ${q.mode === 'multiple'
              ? html`<div class="field">
                  <label for="${id}-max-choices">${t('editorMaxChoices')}</label>
                  <input
                    id="${id}-max-choices"
                    type="number"
                    min="1"
                    max=${Math.max(1, q.options.length)}
                    inputmode="numeric"
                    .value=${q.maxChoices}
                    aria-invalid=${invalid(errors.maxChoices)}
                    aria-describedby=${describedBy('maxChoices', errors.maxChoices)}
                    @input=${(e: Event) => this.update1(index, { maxChoices: value(e) })}
                  />
                  ${this.error(`${id}-maxChoices-error`, errors.maxChoices)}
                </div>`
              : nothing}`}
      <div class="field inline">
        <input
          id="${id}-anonymous"
          type="checkbox"
          .checked=${q.anonymous}
          @change=${(e: Event) => this.update1(index, { anonymous: (e.target as HTMLInputElement).checked })}
        />
        <label for="${id}-anonymous">${t('editorAnonymous')}</label>
      </div>
      <div class="field">
        <label for="${id}-visibility">${t('editorVisibility')}</label>
        <select id="${id}-visibility" @change=${(e: Event) => this.update1(index, { resultsVisibility: value(e) as Visibility })}>
          ${VISIBILITIES.map(([v, key]) => html`<option value=${v} ?selected=${q.resultsVisibility === v}>${t(key)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="${id}-closes">${t('editorClosesAt')}</label>
        <input
          id="${id}-closes"
          type="datetime-local"
          .value=${q.closesAt}
          aria-invalid=${invalid(errors.closesAt)}
          aria-describedby=${describedBy('closesAt', errors.closesAt)}
          @input=${(e: Event) => this.update1(index, { closesAt: value(e) })}
        />
        ${this.error(`${id}-closesAt-error`, errors.closesAt)}
      </div>
      ${many
        ? html`<button type="button" class="remove-question" @click=${() => this.handleRemoveQuestion(index)}>
            ${t('removeQuestion', { n: index + 1 })}
          </button>`
        : nothing}
    </fieldset>`;
  }

  override render() {
    const t = this.localize.t.bind(this.localize);
    const now = Date.now();
    const many = this.questions.length > 1;
    return html`<div part="base" class="base" role="group" aria-label=${t(many ? 'surveyEditorLabel' : 'pollEditorLabel')}>
      ${this.questions.map((q, i) => this.renderQuestion(q, i, errorsOf(q, now), many))}
      <div class="actions">
        <button
          part="add-question"
          type="button"
          ?disabled=${this.questions.length >= POLLS_PER_POST_MAX}
          @click=${this.handleAddQuestion}
        >
          ${t('addQuestion')}
        </button>
        <button part="remove" type="button" @click=${this.handleRemovePoll}>${t('removePoll')}</button>
      </div>
    </div>`;
  }
}
