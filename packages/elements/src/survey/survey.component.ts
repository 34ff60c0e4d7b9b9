import { html, nothing, type PropertyValues, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import type { EcotoneClient } from '@ecotone/core';
import type { Poll, Post, SurveyAnswer } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { pollStrings } from '../locales/poll-strings.js';
import { hiddenResultsKey, isClosed, renderChoices, renderResults, toggleChoice } from '../poll/poll-parts.js';
import styles from './survey.styles.js';

/**
 * Keeps the live version of each of a list of polls (`client.poll$`), while
 * the host is connected; resubscribes when the client or the ids change.
 */
class LivePollsController implements ReactiveController {
  readonly values = new Map<string, Poll>();
  private subscriptions: Subscription[] = [];
  private key: readonly [EcotoneClient | undefined, string] | undefined;
  private inUpdate = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getDeps: () => readonly [EcotoneClient | undefined, readonly string[]],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const [client, ids] = this.getDeps();
    const joined = ids.join('\n');
    if (this.key && this.key[0] === client && this.key[1] === joined && this.subscriptions.length) return;
    this.unsubscribe();
    this.key = [client, joined];
    if (!client) return;
    this.inUpdate = true;
    try {
      for (const id of ids) {
        this.subscriptions.push(
          client.poll$(id).subscribe({
            next: (poll) => {
              if (poll) this.values.set(id, poll);
              if (!this.inUpdate) this.host.requestUpdate();
            },
            // The post's own copy stays shown; a vote will say what is wrong.
            error: () => undefined,
          }),
        );
      }
    } finally {
      this.inUpdate = false;
    }
  }

  hostDisconnected(): void {
    this.unsubscribe();
  }

  private unsubscribe(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.subscriptions = [];
    this.key = undefined;
    this.values.clear();
  }
}

/**
 * @tag eco-survey
 *
 * @summary The polls of one post answered in order, one question at a time,
 * with progress, Back / Next, and a single Submit that saves every answer or
 * none; then the results (as each poll's visibility allows).
 *
 * @csspart base - The wrapper (`<section>`).
 * @csspart progress - Progress: "Question 2 of 3" and the `<progress>` bar.
 * @csspart question - The current question's `<fieldset>`.
 * @csspart legend - The question, as the fieldset's `<legend>`.
 * @csspart hint - "Choose up to N options" (multiple choice).
 * @csspart option - One answer: its `<label>` with the native input.
 * @csspart actions - Back, Next and Submit.
 * @csspart back - The Back button.
 * @csspart next - The Next button.
 * @csspart submit - The Submit button.
 * @csspart results - One poll's results.
 * @csspart result - One option's result line.
 * @csspart share - An option's "42 % (21 votes)".
 * @csspart mine - The "Your choice" mark.
 * @csspart bar - An option's bar (decorative).
 * @csspart status - Thank-you, answered, closed and hidden-results notes.
 * @csspart message - A refusal or a missing answer (role="alert").
 * @csspart change - The Change answers button.
 *
 * @cssproperty --eco-survey-background - Card background.
 * @cssproperty --eco-survey-border-color - Card and input border colour.
 * @cssproperty --eco-survey-radius - Corner radius.
 * @cssproperty --eco-survey-muted-color - Colour of secondary text.
 * @cssproperty --eco-survey-accent-color - Inputs, buttons, progress and bars.
 * @cssproperty --eco-survey-button-color - Text colour of Next and Submit.
 * @cssproperty --eco-survey-bar-background - Track of the progress and result bars.
 * @cssproperty --eco-survey-mine-background - Background of the caller's choices.
 * @cssproperty --eco-survey-error-color - Colour of refusals.
 * @cssproperty --eco-survey-error-background - Background of refusals.
 * @cssproperty --eco-survey-placeholder-height - Height kept while the survey loads (set it to the height of the loaded survey, so nothing moves when it arrives; default 14rem).
 *
 * @event {EcoSurveySubmitEvent} eco-survey-submit - The server saved every answer: `{ postId, answers }`.
 * @event {EcoErrorEvent} eco-error - Loading or submitting failed: `{ action: 'load' | 'submit-survey', error }`.
 */
export class EcoSurvey extends EcoElement {
  static override styles = styles;
  static strings = [pollStrings];

  /** The post whose polls make the survey: its id (attribute `post`), or a Post object (property). */
  @property() post?: string | Post;

  /** Index of the question shown. */
  @state() private index = 0;
  /** Answers by poll id, kept while navigating and after a refusal. */
  @state() private answers: ReadonlyMap<string, readonly string[]> = new Map();
  /** Answering (again): shows the questions even when every poll has a ballot. */
  @state() private answering = false;
  /** Next or Submit clicked without an answer to the current question. */
  @state() private missing = false;

  private readonly fetched = new ObservableController<Post | undefined, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, typeof this.post === 'string' ? this.post || undefined : undefined] as const,
    ([client, postId]) => (client && postId ? client.post$(postId) : undefined),
  );

  private readonly live = new LivePollsController(this, () => [this.resolvedClient, this.currentPost?.polls?.map((p) => p.id) ?? []]);
  private readonly submitting = new AsyncStatusController<Poll[]>(this);
  /** Focus follows the questions and the submission (the element that had it may be gone). */
  private readonly focusing = new FocusController(this);

  /** The post rendered: the `post` object, else the fetched one. */
  get currentPost(): Post | undefined {
    return typeof this.post === 'object' ? this.post : this.fetched.value;
  }

  /** The survey's polls in order, each in its live version. */
  get polls(): Poll[] {
    return (this.currentPost?.polls ?? []).map((p) => this.live.values.get(p.id) ?? p);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('post')) {
      const before = changed.get('post') as Post | string | undefined;
      const id = (p: Post | string | undefined) => (typeof p === 'string' ? p : p?.id);
      if (id(before) !== id(this.post)) {
        this.index = 0;
        this.answers = new Map();
        this.answering = false;
        this.missing = false;
        this.submitting.reset();
      }
    }
  }

  /** The answer of a poll: what the person chose here, else their saved ballot. */
  private answerOf(poll: Poll): readonly string[] {
    return this.answers.get(poll.id) ?? poll.myBallot?.choices ?? [];
  }

  private setAnswer(poll: Poll, id: string, checked: boolean): void {
    const next = new Map(this.answers);
    next.set(poll.id, toggleChoice(poll, this.answerOf(poll), id, checked));
    this.answers = next;
    this.missing = false;
    if (this.submitting.status === 'error') this.submitting.reset();
  }

  private go(index: number): void {
    this.index = index;
    this.missing = false;
    // The new question's choice (or first input): screen readers announce its legend with it.
    this.focusing.focusAfterRender(['fieldset input:checked', 'fieldset input:not(:disabled)']);
  }

  private handleNext(): void {
    const poll = this.polls[this.index];
    if (poll && this.answerOf(poll).length === 0) {
      this.missing = true;
      return;
    }
    this.go(this.index + 1);
  }

  private handleBack(): void {
    this.go(Math.max(0, this.index - 1));
  }

  private handleChangeAnswers(): void {
    this.answering = true;
    this.submitting.reset();
    this.go(0);
  }

  /** Submits every answer at once; resolves true when the server saved them all. */
  async submit(): Promise<boolean> {
    const client = this.resolvedClient;
    const post = this.currentPost;
    if (!client || !post || this.submitting.pending) return false;
    const polls = this.polls.filter((p) => !isClosed(p, Date.now()));
    const unanswered = polls.findIndex((p) => this.answerOf(p).length === 0);
    if (unanswered >= 0) {
      this.index = this.polls.indexOf(polls[unanswered]!);
      this.missing = true;
      return false;
    }
    const answers: SurveyAnswer[] = polls.map((p) => ({ pollId: p.id, choices: [...this.answerOf(p)] }));
    const result = await this.submitting.run(() => client.submitSurvey(post.id, answers));
    if (!result) return false;
    if (!result.ok) {
      this.emit('eco-error', { action: 'submit-survey', error: result.error });
      this.focusing.focusAfterRender('[part="submit"]');
      return false;
    }
    this.answering = false;
    this.focusing.focusAfterRender('[part="status"]');
    this.emit('eco-survey-submit', { postId: post.id, answers });
    return true;
  }

  private handleSubmit(event: Event): void {
    event.preventDefault();
    const last = this.index >= this.polls.length - 1;
    if (last) void this.submit();
    else this.handleNext();
  }

  private renderAllResults(polls: Poll[]) {
    const t = this.localize.t.bind(this.localize);
    return polls.map((poll) => {
      const hidden = hiddenResultsKey(poll);
      return html`<div class="survey-result">
        <h3 class="title" dir="auto">${poll.question}</h3>
        ${poll.results
          ? renderResults(poll, poll.results, t, this.locale)
          : hidden
            ? html`<p class="status">${t(hidden)}</p>`
            : nothing}
      </div>`;
    });
  }

  override render() {
    const t = this.localize.t.bind(this.localize);
    const locale = this.locale;
    const post = this.currentPost;
    const polls = this.polls;
    if (!post || polls.length === 0) {
      const failed = this.fetched.error !== undefined;
      return html`<section part="base" class="base" role=${this.sectionRole ?? nothing} aria-label=${t('surveyLabel')}>
        ${failed
          ? html`<p part="message" class="message" role="alert">${this.errorText(this.fetched.error)}</p>`
          : html`<p part="status" class="status" aria-busy="true">${t('surveyLoading')}</p>`}
      </section>`;
    }
    const now = Date.now();
    const allClosed = polls.every((p) => isClosed(p, now));
    const answered = polls.every((p) => p.myBallot !== null || isClosed(p, now));
    const pending = this.submitting.pending;
    const justSubmitted = this.submitting.status === 'complete';
    if (allClosed || (!this.answering && answered && !pending) || justSubmitted) {
      const note = justSubmitted ? t('surveyThanks') : allClosed ? t('surveyClosed') : t('surveyAnswered');
      return html`<section part="base" class="base" role=${this.sectionRole ?? nothing} aria-label=${t('surveyLabel')}>
        <p part="status" class="status done" role="status" tabindex="-1">${note}</p>
        ${this.renderAllResults(polls)}
        ${allClosed
          ? nothing
          : html`<div part="actions" class="actions">
              <button part="change" type="button" @click=${this.handleChangeAnswers}>${t('changeAnswers')}</button>
            </div>`}
      </section>`;
    }
    const index = Math.min(this.index, polls.length - 1);
    const poll = polls[index]!;
    const last = index === polls.length - 1;
    const failed = this.submitting.status === 'error';
    const message = failed
      ? t('surveyRefused', { reason: this.errorText(this.submitting.error) })
      : this.missing
        ? t('chooseFirst')
        : '';
    const progressText = t('questionOf', { current: index + 1, total: polls.length });
    return html`<section part="base" class="base" role=${this.sectionRole ?? nothing} aria-label=${t('surveyLabel')} aria-busy=${pending ? 'true' : 'false'}>
      <div part="progress" class="progress">
        <span id="progress-label">${progressText}</span>
        <progress aria-labelledby="progress-label" max=${polls.length} .value=${index + 1}></progress>
      </div>
      <form @submit=${this.handleSubmit} novalidate>
        ${renderChoices({
          poll,
          choices: this.answerOf(poll),
          idPrefix: `q${index}`,
          disabled: pending || isClosed(poll, now),
          t: this.localize.t.bind(this.localize),
          locale,
          onToggle: (id, checked) => this.setAnswer(poll, id, checked),
          describedBy: message ? 'message' : undefined,
        })}
        <p part="message" class="message" id="message" role="alert">${message}</p>
        <div part="actions" class="actions">
          ${index > 0
            ? html`<button part="back" type="button" ?disabled=${pending} @click=${this.handleBack}>${t('back')}</button>`
            : nothing}
          ${last
            ? html`<button part="submit" class="primary" type="submit" ?disabled=${pending}>
                ${pending ? t('submitting') : t('submitAnswers')}
              </button>`
            : html`<button part="next" class="primary" type="submit">${t('next')}</button>`}
        </div>
      </form>
    </section>`;
  }
}
