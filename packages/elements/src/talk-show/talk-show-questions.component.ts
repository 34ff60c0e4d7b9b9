import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { clientTalkShows, formatCount, type EcotoneClient } from '@ecotone/core';
import { QUESTION_BODY_MAX_CHARS, type Post, type Question, type QuestionChangedEvent, type QuestionOrder, type QuestionState } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { knownCallerOf } from '../base/caller.js';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import { talkShowStrings } from '../locales/talk-show-strings.js';
import styles from './talk-show-questions.styles.js';

/** Questions asked for per page. */
const QUESTIONS_PAGE_LIMIT = 50;

/** A question's order among its section's, for the chosen order: most votes then newest, or newest. */
function compare(order: QuestionOrder): (a: Question, b: Question) => number {
  const newest = (a: Question, b: Question) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);
  return order === 'top' ? (a, b) => b.votes - a.votes || newest(a, b) : newest;
}

/** Answered questions, most recently answered first. */
const byAnswered = (a: Question, b: Question) => ((a.answeredAt ?? '') < (b.answeredAt ?? '') ? 1 : (a.answeredAt ?? '') > (b.answeredAt ?? '') ? -1 : 0);

/**
 * @tag eco-talk-show-questions
 *
 * @summary A talk-show's question queue, live: people ask and up-vote
 * questions (one vote each), its moderators mark them answered, hide them or
 * show them again, and everyone sees the queue change as it happens.
 *
 * Open questions are sorted by votes or newest first (a toggle); answered
 * questions have their own section below. A hidden question shows only to
 * the moderators (the hosts, the space's owners and correspondents) and,
 * marked as hidden, to its author. Votes are optimistic: the count moves at
 * once and goes back if the server refuses. `<eco-post>` shows this element
 * under a talk-show post, loading it only then.
 *
 * @csspart base - The `<section>`.
 * @csspart form - The ask box: its label, text area, character count and send button.
 * @csspart input - The text area of the ask box.
 * @csspart count - The character count of the ask box.
 * @csspart send - The Ask button (`aria-busy` while sending).
 * @csspart order - The sort toggle ("Most votes" / "Newest", `aria-pressed`).
 * @csspart list - A list of questions (open, then answered).
 * @csspart question - One question.
 * @csspart vote - A question's up-vote button (`aria-pressed` once the caller voted), with its count.
 * @csspart hidden - "Hidden by a moderator" on a hidden question (its author and the moderators see it).
 * @csspart action - A moderator's button: Mark answered, Mark unanswered, Hide, Show again.
 * @csspart status - Loading and empty states.
 * @csspart error - A failed load, question, vote or change, with its Retry button when there is one.
 * @csspart more - "Load more questions".
 *
 * @cssproperty --eco-talk-show-questions-border-color - Borders of the questions and the ask box.
 * @cssproperty --eco-talk-show-questions-muted-color - Secondary text.
 * @cssproperty --eco-talk-show-questions-accent - The voted button and the Ask button.
 * @cssproperty --eco-talk-show-questions-accent-text - Text on the accent colour.
 * @cssproperty --eco-talk-show-questions-error-color - Colour of error messages.
 * @cssproperty --eco-talk-show-questions-error-background - Background of error messages.
 *
 * @event {EcoErrorEvent} eco-error - Loading the queue (`load-questions`), asking (`ask-question`), voting (`vote-question`) or a moderator's change (`moderate-question`) failed; the element shows a message.
 */
export class EcoTalkShowQuestions extends EcoElement {
  static override styles = styles;
  static strings = [talkShowStrings];

  /** The talk-show post whose questions to show (its `talkShow.moderator` decides the moderators' buttons). */
  @property({ attribute: false }) post?: Post;

  /** Questions in the queue as the caller may see them, by id. */
  @state() private questions: ReadonlyMap<string, Question> = new Map();
  /** How open questions are sorted. */
  @state() private order: QuestionOrder = 'top';
  /** Loading the first page, shown, or failed. */
  @state() private loadStatus: 'loading' | 'ready' | 'error' = 'loading';
  @state() private loadError: unknown;
  @state() private nextCursor: string | null = null;
  /** What the person is writing in the ask box (kept when sending fails). */
  @state() private draft = '';
  /** Votes in flight, by question id: the question as it was before (for rollback). */
  @state() private pendingVotes: ReadonlyMap<string, Question> = new Map();
  /** The last failed vote or change, with its retry. */
  @state() private actionError: { message: string; retry?: () => void } | undefined;
  /** What the live region says (new questions, changes). */
  @state() private announcement = '';

  private readonly asking = new AsyncStatusController<Question>(this);
  private readonly moreLoad = new AsyncStatusController<void>(this);
  /** The client and post the queue and its live events are of. */
  private loadedFor = '';
  private loadedClient: EcotoneClient | undefined;
  private live: Subscription | undefined;
  private loadRun = 0;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    const postId = this.post?.id;
    if ((client !== this.loadedClient || postId !== this.loadedFor) && this.isConnected) {
      this.loadedClient = client;
      this.loadedFor = postId ?? '';
      this.live?.unsubscribe();
      this.live = undefined;
      this.questions = new Map();
      if (client && postId) {
        // Live first, so that nothing asked while the first page loads is missed.
        this.live = clientTalkShows(client).changes$(postId).subscribe((event) => this.applyEvent(event));
        void this.load();
      }
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page: the queue and its events start again.
    this.loadedFor = '';
    this.loadedClient = undefined;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.live?.unsubscribe();
    this.live = undefined;
  }

  /** Loads the first page in the chosen order (again, after an error or a new order). */
  private async load(): Promise<void> {
    const client = this.resolvedClient;
    const postId = this.post?.id;
    if (!client || !postId) return;
    const run = ++this.loadRun;
    this.loadStatus = 'loading';
    try {
      const page = await clientTalkShows(client).list(postId, { order: this.order, limit: QUESTIONS_PAGE_LIMIT });
      if (run !== this.loadRun) return;
      // Events that arrived meanwhile are newer than the page: they stay.
      const merged = new Map(page.items.map((q) => [q.id, q]));
      for (const [id, q] of this.questions) merged.set(id, q);
      this.questions = merged;
      this.nextCursor = page.nextCursor;
      this.loadStatus = 'ready';
    } catch (error) {
      if (run !== this.loadRun) return;
      this.loadError = error;
      this.loadStatus = 'error';
      this.emit('eco-error', { action: 'load-questions', error: error as Error });
    }
  }

  private async loadMore(): Promise<void> {
    const client = this.resolvedClient;
    const postId = this.post?.id;
    const cursor = this.nextCursor;
    if (!client || !postId || !cursor) return;
    const result = await this.moreLoad.run(async () => {
      const page = await clientTalkShows(client).list(postId, { order: this.order, limit: QUESTIONS_PAGE_LIMIT, cursor });
      const merged = new Map(this.questions);
      for (const q of page.items) if (!merged.has(q.id)) merged.set(q.id, q);
      this.questions = merged;
      this.nextCursor = page.nextCursor;
    });
    if (result && !result.ok) this.emit('eco-error', { action: 'load-questions', error: result.error });
  }

  /** A live `question.changed`: the question as the caller sees it, or its removal. */
  private applyEvent(event: QuestionChangedEvent): void {
    const next = new Map(this.questions);
    const before = next.get(event.questionId);
    const question = event.question;
    if (!question) {
      if (!before) return;
      next.delete(event.questionId);
      this.announcement = this.localize.t('questionAnnounceHidden');
    } else {
      const pending = this.pendingVotes.get(question.id);
      const shown = before && pending ? withOwnVote(question, before.voted) : question;
      next.set(question.id, shown);
      if (!before && question.author.id !== (this.selfId ?? (this.resolvedClient && knownCallerOf(this.resolvedClient)?.actor.id))) {
        this.announcement = this.localize.t('questionAnnounceNew', { author: question.author.displayName, body: question.body });
      } else if (before && before.state !== 'answered' && question.state === 'answered') {
        this.announcement = this.localize.t('questionAnnounceAnswered', { body: question.body });
      }
    }
    this.questions = next;
  }

  /** The caller's id once a question of theirs came back (to tell their own new questions from others'). */
  private selfId: string | undefined;

  private handleInput(e: Event): void {
    this.draft = (e.target as HTMLTextAreaElement).value;
  }

  private handleKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.ask();
    }
  }

  private async ask(): Promise<void> {
    const client = this.resolvedClient;
    const postId = this.post?.id;
    const body = this.draft.trim();
    if (!client || !postId || !body || this.asking.pending) return;
    const result = await this.asking.run(() => clientTalkShows(client).ask(postId, body));
    if (!result) return;
    if (result.ok) {
      this.selfId = result.value.author.id;
      this.questions = new Map(this.questions).set(result.value.id, this.questions.get(result.value.id) ?? result.value);
      this.draft = '';
      this.announcement = this.localize.t('questionAnnounceSent');
    } else {
      this.emit('eco-error', { action: 'ask-question', error: result.error });
    }
  }

  /** Up-votes or takes the vote back at once; the server's answer settles it, a refusal puts it back. */
  private async toggleVote(question: Question): Promise<void> {
    const client = this.resolvedClient;
    if (!client || this.pendingVotes.has(question.id)) return;
    const voted = !question.voted;
    this.actionError = undefined;
    this.pendingVotes = new Map(this.pendingVotes).set(question.id, question);
    this.questions = new Map(this.questions).set(question.id, withOwnVote(question, voted));
    try {
      const answer = voted ? await clientTalkShows(client).vote(question.id) : await clientTalkShows(client).unvote(question.id);
      this.questions = new Map(this.questions).set(answer.id, answer);
    } catch (error) {
      const current = this.questions.get(question.id);
      // Back to what the server last said, without the caller's vote change.
      if (current) this.questions = new Map(this.questions).set(question.id, withOwnVote(current, question.voted));
      this.actionError = { message: this.localize.t('questionVoteFailed', { reason: this.errorText(error) }), retry: () => void this.toggleVote(this.questions.get(question.id) ?? question) };
      this.emit('eco-error', { action: 'vote-question', error: error as Error });
    } finally {
      const pending = new Map(this.pendingVotes);
      pending.delete(question.id);
      this.pendingVotes = pending;
    }
  }

  private async setState(question: Question, state: QuestionState): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    this.actionError = undefined;
    try {
      const answer = await clientTalkShows(client).setState(question.id, state);
      this.questions = new Map(this.questions).set(answer.id, answer);
    } catch (error) {
      this.actionError = { message: this.localize.t('questionStateFailed', { reason: this.errorText(error) }), retry: () => void this.setState(question, state) };
      this.emit('eco-error', { action: 'moderate-question', error: error as Error });
    }
  }

  private setOrder(order: QuestionOrder): void {
    if (order === this.order) return;
    this.order = order;
    // The server pages in this order: the first page again (the list keeps what it has meanwhile).
    void this.load();
  }

  private renderQuestion(question: Question, moderator: boolean) {
    const t = this.localize.t.bind(this.localize);
    const votes = t('questionVotes', { count: question.votes, formatted: formatCount(question.votes, this.locale) });
    const open = question.state === 'open';
    const actions: [string, QuestionState][] = !moderator
      ? []
      : question.state === 'open'
        ? [['questionMarkAnswered', 'answered'], ['questionHide', 'hidden']]
        : question.state === 'answered'
          ? [['questionReopen', 'open'], ['questionHide', 'hidden']]
          : [['questionShow', 'open']];
    return html`<li part="question" class=${question.state} aria-label=${t('questionBy', { author: question.author.displayName })}>
      <p class="body" dir="auto">${question.body}</p>
      <p class="meta"><bdi>${question.author.displayName}</bdi>${question.state === 'hidden'
          ? html` · <span part="hidden" class="hidden-note">${t(moderator ? 'questionHidden' : 'questionHiddenOwn')}</span>`
          : nothing}</p>
      <div class="actions">
        ${open
          ? html`<button
              part="vote"
              class="vote"
              type="button"
              aria-pressed=${question.voted ? 'true' : 'false'}
              aria-busy=${this.pendingVotes.has(question.id) ? 'true' : 'false'}
              aria-label=${`${t('questionVote')}, ${votes}`}
              @click=${() => void this.toggleVote(question)}
            >
              <span aria-hidden="true">▲</span> <span>${formatCount(question.votes, this.locale)}</span>
            </button>`
          : html`<span class="votes">${votes}</span>`}
        ${actions.map(
          ([label, state]) => html`<button part="action" type="button" @click=${() => void this.setState(question, state)}>${t(label as 'questionHide')}</button>`,
        )}
      </div>
    </li>`;
  }

  override render() {
    const t = this.localize.t.bind(this.localize);
    const moderator = this.post?.talkShow?.moderator ?? false;
    const all = [...this.questions.values()];
    const open = all.filter((q) => q.state !== 'answered').sort(compare(this.order));
    const answered = all.filter((q) => q.state === 'answered').sort(byAnswered);
    const count = this.draft.length;
    const sending = this.asking.pending;
    return html`<section part="base" role=${this.sectionRole ?? nothing} aria-label=${t('questionsLabel')} aria-busy=${this.loadStatus === 'loading' ? 'true' : 'false'}>
      <form part="form" class="ask" @submit=${(e: Event) => (e.preventDefault(), void this.ask())}>
        <label for="ask">${t('questionAsk')}</label>
        <textarea
          id="ask"
          part="input"
          rows="2"
          maxlength=${QUESTION_BODY_MAX_CHARS}
          aria-describedby="ask-count ask-hint"
          .value=${this.draft}
          ?readonly=${sending}
          @input=${this.handleInput}
          @keydown=${this.handleKeydown}
        ></textarea>
        <div class="ask-row">
          <span id="ask-count" part="count" class="muted">${t('questionChars', { count: formatCount(count, this.locale), max: formatCount(QUESTION_BODY_MAX_CHARS, this.locale) })}</span>
          <span id="ask-hint" class="muted">${t('questionAskHint')}</span>
          <button part="send" class="primary" type="submit" aria-busy=${sending ? 'true' : 'false'} ?disabled=${!this.draft.trim()}>
            ${sending ? t('questionAskSending') : t('questionAskSend')}
          </button>
        </div>
        ${this.asking.status === 'error'
          ? html`<p part="error" class="error" role="alert">
              <span>${t('questionAskFailed', { reason: this.errorText(this.asking.error) })}</span>
              <button type="button" @click=${() => void this.ask()}>${t('questionsRetry')}</button>
            </p>`
          : nothing}
      </form>
      <div part="order" class="order" role="group" aria-label=${t('questionsOrder')}>
        ${(['top', 'new'] as const).map(
          (order) => html`<button type="button" aria-pressed=${this.order === order ? 'true' : 'false'} @click=${() => this.setOrder(order)}>
            ${t(order === 'top' ? 'questionsOrderTop' : 'questionsOrderNew')}
          </button>`,
        )}
      </div>
      ${this.actionError
        ? html`<p part="error" class="error" role="alert">
            <span>${this.actionError.message}</span>
            ${this.actionError.retry ? html`<button type="button" @click=${this.actionError.retry}>${t('questionsRetry')}</button>` : nothing}
          </p>`
        : nothing}
      ${this.loadStatus === 'error'
        ? html`<p part="error" class="error" role="alert">
            <span>${t('questionsError', { reason: this.errorText(this.loadError) })}</span>
            <button type="button" @click=${() => void this.load()}>${t('questionsRetry')}</button>
          </p>`
        : this.loadStatus === 'loading' && all.length === 0
          ? html`<p part="status" class="muted">${t('questionsLoading')}</p>`
          : open.length === 0 && answered.length === 0
            ? html`<p part="status" class="muted">${t('questionsEmpty')}</p>`
            : nothing}
      ${open.length > 0
        ? html`<h3 id="open-title">${t('questionsOpen')}</h3>
            <ol part="list" aria-labelledby="open-title">
              ${open.map((q) => this.renderQuestion(q, moderator))}
            </ol>`
        : nothing}
      ${this.nextCursor
        ? html`<button part="more" type="button" aria-busy=${this.moreLoad.pending ? 'true' : 'false'} @click=${() => void this.loadMore()}>${t('questionsMore')}</button>`
        : nothing}
      ${answered.length > 0
        ? html`<h3 id="answered-title">${t('questionsAnswered')}</h3>
            <ol part="list" class="answered" aria-labelledby="answered-title">
              ${answered.map((q) => this.renderQuestion(q, moderator))}
            </ol>`
        : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }
}

/** The question with the caller's vote set to `voted` (the count follows). */
function withOwnVote(question: Question, voted: boolean): Question {
  if (question.voted === voted) return question;
  return { ...question, voted, votes: Math.max(0, question.votes + (voted ? 1 : -1)) };
}
