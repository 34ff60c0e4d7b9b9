import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatRelativeTime, type EcotoneClient } from '@ecotone/core';
import type { Poll } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { pollStrings } from '../locales/poll-strings.js';
import { hiddenResultsKey, isClosed, renderChoices, renderResults, toggleChoice } from './poll-parts.js';
import styles from './poll.styles.js';
import { classificationLabel, inPost } from '../base/classification.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';

/** How often "Closes in …" is recomputed, in milliseconds. */
const CLOSING_TIME_REFRESH_MS = 60_000;

type Write = 'vote' | 'withdraw' | 'close-poll';

/**
 * @tag eco-poll
 *
 * @summary A poll (single choice, multiple choice or scale): native radio or
 * checkbox group, Vote / Change vote / Withdraw, results as bars, live tally,
 * closing time, anonymity and hidden-results notes.
 *
 * @csspart base - The wrapper (`<section>`).
 * @csspart classification - The space's classification label, a badge above the question, when the poll is shown on its own (`<eco-classification>`; a server with labels, a space the caller belongs to; in a post, the post shows it). Also `classification-<label id>`.
 * @csspart question - The `<fieldset>` of answers.
 * @csspart legend - The question, as the fieldset's `<legend>`.
 * @csspart hint - "Choose up to N options" (multiple choice).
 * @csspart option - One answer: its `<label>` with the native input.
 * @csspart vote - The Vote button.
 * @csspart actions - The row of buttons (Vote, Change vote, Withdraw, Close poll).
 * @csspart results - The results.
 * @csspart result - One option's result line.
 * @csspart share - An option's "42 % (21 votes)".
 * @csspart mine - The "Your choice" mark.
 * @csspart bar - An option's bar (decorative; the text carries the numbers).
 * @csspart status - "You voted", pending and hidden-results notes.
 * @csspart meta - Closing time and anonymity note.
 * @csspart message - A refusal (role="alert"), also of a vote refused after it had waited offline (a reload since).
 * @csspart retry-vote - Sends such a vote again.
 * @csspart discard-vote - Forgets it.
 * @csspart retry - The Retry button when the poll could not be loaded.
 *
 * @cssproperty --eco-poll-background - Card background.
 * @cssproperty --eco-poll-border-color - Card and input border colour.
 * @cssproperty --eco-poll-radius - Corner radius.
 * @cssproperty --eco-poll-muted-color - Colour of secondary text.
 * @cssproperty --eco-poll-accent-color - Inputs, buttons and the bars.
 * @cssproperty --eco-poll-button-color - Text colour of the Vote button.
 * @cssproperty --eco-poll-bar-background - Track of the result bars.
 * @cssproperty --eco-poll-mine-background - Background of the caller's choice.
 * @cssproperty --eco-poll-error-color - Colour of refusals.
 * @cssproperty --eco-poll-error-background - Background of refusals.
 * @cssproperty --eco-poll-placeholder-height - Height kept while the poll loads (set it to the height of the loaded poll, so nothing moves when it arrives; default 14rem).
 *
 * @event {EcoVoteEvent} eco-vote - The server accepted a ballot: `{ pollId, choices }` (`choices` empty after Withdraw).
 * @event {EcoErrorEvent} eco-error - Loading, voting, withdrawing or closing failed: `{ action, error }`.
 */
export class EcoPoll extends EcoElement {
  static override styles = styles;
  static strings = [pollStrings];

  /**
   * The poll: its id (attribute `poll`), or a Poll object (property). With an
   * object, the element still follows `client.poll$(poll.id)` for live updates.
   */
  @property() poll?: string | Poll;

  /** The person's current choice (option ids), kept while a vote is refused. */
  @state() private selection: readonly string[] = [];
  /** Changing an existing ballot (the form is shown again). */
  @state() private editing = false;
  /** A Vote click with nothing chosen. */
  @state() private emptyVote = false;
  /** Bumped by Retry to resubscribe. */
  @state() private attempt = 0;

  private readonly live = new ObservableController<Poll | undefined, readonly [EcotoneClient | undefined, string | undefined, number]>(
    this,
    () => [this.resolvedClient, this.pollId, this.attempt] as const,
    ([client, id]) => (client && id ? client.poll$(id) : undefined),
  );

  private readonly write = new AsyncStatusController<Poll>(this);
  private lastWrite: Write = 'vote';
  /** The ballot the selection was last copied from, to follow it until the person edits. */
  private syncedBallot: string | undefined;
  private readonly clock = new ClockController(this, CLOSING_TIME_REFRESH_MS);
  /** Focus follows the write: the element that had it may be replaced or disabled. */
  private readonly focusing = new FocusController(this);

  /** Id of the poll shown. */
  get pollId(): string | undefined {
    return typeof this.poll === 'string' ? this.poll || undefined : this.poll?.id;
  }

  /** The poll rendered: the live one, else the `poll` object. */
  get currentPoll(): Poll | undefined {
    return this.live.value ?? (typeof this.poll === 'object' ? this.poll : undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('poll') && (changed.get('poll') as Poll | string | undefined) !== undefined) {
      const before = changed.get('poll') as Poll | string;
      if ((typeof before === 'string' ? before : before.id) !== this.pollId) {
        this.write.reset();
        this.editing = false;
        this.syncedBallot = undefined;
      }
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    // The live poll is known only after the controllers' hostUpdate: follow
    // the caller's ballot into the selection unless the person is editing.
    const poll = this.currentPoll;
    const ballot = poll?.myBallot ? poll.myBallot.choices.join('\n') : '';
    if (poll && !this.editing && !this.write.pending && this.write.status !== 'error' && ballot !== this.syncedBallot) {
      this.syncedBallot = ballot;
      this.selection = poll.myBallot?.choices ?? [];
    }
    super.update(changed);
  }

  private hasFocus(): boolean {
    return this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement !== null;
  }

  private async run(kind: Write, action: (client: EcotoneClient, pollId: string) => Promise<Poll>): Promise<boolean> {
    const client = this.resolvedClient;
    const pollId = this.currentPoll?.id;
    if (!client || !pollId || this.write.pending) return false;
    this.lastWrite = kind;
    const focused = this.hasFocus();
    if (focused) this.focusing.focusAfterRender('[part="base"]');
    const result = await this.write.run(() => action(client, pollId));
    if (!result) return false;
    if (!result.ok) {
      this.emit('eco-error', { action: kind, error: result.error });
      if (focused) {
        this.focusing.focusAfterRender(kind === 'vote' ? '[part="vote"]' : '[part="base"]');
      }
      return false;
    }
    if (focused) {
      this.focusing.focusAfterRender(['[part="change"]', '[part="vote"]', '[part="base"]']);
    }
    return true;
  }

  /** Casts (or changes) the ballot with the current selection; resolves true when the server accepted it. */
  async vote(): Promise<boolean> {
    const choices = [...this.selection];
    if (choices.length === 0) {
      this.emptyVote = true;
      return false;
    }
    const pollId = this.currentPoll?.id;
    const ok = await this.run('vote', (client, id) => client.vote(id, choices));
    if (ok && pollId) {
      this.editing = false;
      this.syncedBallot = undefined;
      this.emit('eco-vote', { pollId, choices });
    }
    return ok;
  }

  private handleToggle(poll: Poll, id: string, checked: boolean): void {
    this.selection = toggleChoice(poll, this.selection, id, checked);
    this.emptyVote = false;
    if (this.write.status === 'error') this.write.reset();
  }

  private handleSubmit(event: Event): void {
    event.preventDefault();
    void this.vote();
  }

  private handleChangeVote(): void {
    this.editing = true;
    this.write.reset();
    this.focusing.focusAfterRender(['input:checked', 'input:not(:disabled)']);
  }

  private handleCancelChange(): void {
    this.editing = false;
    this.emptyVote = false;
    this.write.reset();
    this.syncedBallot = undefined;
    this.focusing.focusAfterRender('[part="change"]');
  }

  private async handleWithdraw(): Promise<void> {
    const pollId = this.currentPoll?.id;
    const ok = await this.run('withdraw', (client, id) => client.withdraw(id));
    if (ok && pollId) {
      this.editing = false;
      this.syncedBallot = undefined;
      this.emit('eco-vote', { pollId, choices: [] });
    }
  }

  private async handleClose(): Promise<void> {
    await this.run('close-poll', (client, id) => client.closePoll(id));
  }

  private handleRetry(): void {
    this.attempt++;
  }

  /** Writes in the outbox: a vote on this poll the server refused after a reload shows here. */
  private readonly writes = new WritesController(this, () => this.resolvedClient);
  private readonly classification = classificationLabel(this, () => this.resolvedClient);

  override render() {
    const t = this.localize.t.bind(this.localize);
    const locale = this.locale;
    const poll = this.currentPoll;
    const refusedVote = this.writes.refused('vote', this.pollId);
    if (!poll) {
      const failed = this.live.error !== undefined;
      const loading = !failed && !!this.resolvedClient && !!this.pollId;
      return html`<section part="base" class="base" tabindex="-1" aria-busy=${loading ? 'true' : 'false'}>
        ${failed
          ? html`<p part="message" class="message" role="alert">${t('pollError', { reason: this.errorText(this.live.error) })}</p>
              <button part="retry" type="button" @click=${this.handleRetry}>${t('pollRetry')}</button>`
          : html`<p part="status" class="status">${t('pollLoading')}</p>`}
      </section>`;
    }
    const closed = isClosed(poll, this.clock.now);
    const pending = this.write.pending;
    const failed = this.write.status === 'error';
    const voteRefused = failed && this.lastWrite === 'vote';
    // Optimistic: while the vote is in flight the poll reads as voted.
    const ballot = poll.myBallot;
    const showForm = !closed && !pending && (!ballot || this.editing || voteRefused);
    const message = failed
      ? t(this.lastWrite === 'vote' ? 'voteRefused' : this.lastWrite === 'withdraw' ? 'withdrawRefused' : 'closeRefused', {
          reason: this.errorText(this.write.error),
        })
      : this.emptyVote
        ? t('chooseFirst')
        : refusedVote
          ? t('voteNotSent', { reason: this.errorText(refusalOf(refusedVote)) })
          : '';
    const hidden = hiddenResultsKey(poll);
    const closedOn = poll.closedAt ?? (closed ? poll.closesAt : null);
    const timeLabel = closedOn
      ? t('closedOn', { date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(closedOn)) })
      : poll.closesAt
        ? t('closesIn', { relative: formatRelativeTime(poll.closesAt, locale, this.clock.now) })
        : '';
    return html`<section part="base" class="base" tabindex="-1" role=${this.sectionRole ?? nothing} aria-busy=${pending ? 'true' : 'false'} aria-labelledby="question">
      ${inPost(this) ? nothing : this.classification(poll.spaceId, true)}
      ${showForm
        ? html`<form @submit=${this.handleSubmit} novalidate>
            ${renderChoices({
              poll,
              choices: this.selection,
              idPrefix: 'q',
              disabled: pending,
              t: this.localize.t.bind(this.localize),
              locale,
              onToggle: (id, checked) => this.handleToggle(poll, id, checked),
              describedBy: message ? 'message' : undefined,
            })}
            <span id="question" hidden>${poll.question}</span>
            <div part="actions" class="actions">
              <button part="vote" class="primary" type="submit">${t('vote')}</button>
              ${ballot && this.editing
                ? html`<button part="cancel" type="button" @click=${this.handleCancelChange}>${t('cancelChange')}</button>`
                : nothing}
            </div>
          </form>`
        : html`<h3 part="legend" class="title" id="question" dir="auto">${poll.question}</h3>`}
      <p part="message" class="message" id="message" role="alert">${message}</p>
      ${refusedVote && !failed
        ? html`<div part="actions" class="actions">
            <button part="retry-vote" type="button" @click=${() => void this.resolvedClient?.retryWrite(refusedVote.id)}>${t('voteRetry')}</button>
            <button part="discard-vote" type="button" @click=${() => void this.resolvedClient?.discardWrite(refusedVote.id)}>${t('voteDiscard')}</button>
          </div>`
        : nothing}
      ${!showForm && (ballot || pending) && !closed
        ? html`<p part="status" class="status voted" role="status">${pending && this.lastWrite === 'vote' ? t('voting') : t('youVoted')}</p>`
        : nothing}
      ${poll.results && (!showForm || poll.resultsVisibility === 'always')
        ? renderResults(poll, poll.results, this.localize.t.bind(this.localize), locale)
        : hidden
          ? html`<p part="status" class="status hidden-results">${t(hidden)}</p>`
          : nothing}
      ${!showForm && !closed && (ballot || pending)
        ? html`<div part="actions" class="actions">
            <button part="change" type="button" ?disabled=${pending} @click=${this.handleChangeVote}>${t('changeVote')}</button>
            <button part="withdraw" type="button" ?disabled=${pending} @click=${this.handleWithdraw}>${t('withdraw')}</button>
          </div>`
        : nothing}
      ${poll.canClose && !closed
        ? html`<div class="actions owner">
            <button part="close" type="button" ?disabled=${pending} @click=${this.handleClose}>${t('closePoll')}</button>
          </div>`
        : nothing}
      ${timeLabel || poll.anonymous
        ? html`<p part="meta" class="meta">
            ${timeLabel ? html`<span class="time">${timeLabel}</span>` : nothing}
            ${poll.anonymous ? html`<span class="anonymous">${t('anonymousNote')}</span>` : nothing}
          </p>`
        : nothing}
    </section>`;
  }
}
