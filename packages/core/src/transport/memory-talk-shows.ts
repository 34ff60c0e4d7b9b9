/**
 * Talk-shows of {@link MemoryTransport}: the session a `talk_show` post
 * carries (checked at publication with the rules the server uses), and its
 * question queue, decided by `@ecotone/protocol/rules` as on the server:
 * whoever reads the post asks and up-votes (once per person); its hosts and
 * the space's owners and correspondents moderate; a hidden question is seen
 * only by them and its author. Stream links are kept only for hosts the
 * world permits (none by default, as a server with `--egress off`).
 *
 * Questions are not part of world snapshots: `LocalTransport`, which saves
 * its world, refuses talk-shows (`talk_shows_unsupported`).
 */
import {
  QUESTION_BODY_MAX_CHARS,
  QUESTION_LIMIT_DEFAULT,
  QUESTION_LIMIT_MAX,
  normalizeBody,
  normalizeLabel,
  type Actor,
  type Post,
  type ProblemFieldError,
  type PublishRequest,
  type Question,
  type QuestionChangedEvent,
  type QuestionOrder,
  type QuestionPage,
  type QuestionState,
  type TalkShow,
  QUESTION_ORDERS,
  QUESTION_STATES,
} from '@ecotone/protocol';
import {
  canSeeQuestion,
  moderatesTalkShow,
  questionStateProblem,
  questionVoteProblem,
  streamLinkOf,
  streamLinkProblem,
  talkShowDuration,
  talkShowErrors,
} from '@ecotone/protocol/rules';
import type { TransportRequest } from '../types.js';
import { answer, check, fail, keyed, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

/** A question as kept: without what depends on the viewer, with everyone's votes. */
interface StoredQuestion {
  id: string;
  postId: string;
  spaceId: string;
  author: Actor;
  body: string;
  createdAt: string;
  state: QuestionState;
  answeredAt?: string;
  voters: Set<string>;
}

export class MemoryTalkShows {
  private readonly questions = new Map<string, StoredQuestion>();
  private nextNumber = 1;
  /** Hosts (lowercase names or literal addresses) whose stream links are kept; none by default, as with `--egress off`. */
  streamHosts: ReadonlySet<string> = new Set();

  constructor(private readonly store: MemoryStore) {}

  readonly routes: MemoryRouteTable = {
    questions: {
      GET: answer((req, postId) => this.page(postId, req.query ?? {})),
      POST: keyed((req, postId) => this.ask(postId, req.body as { body?: unknown })),
    },
    questionVote: {
      PUT: answer((_req, questionId) => this.vote(questionId, true)),
      DELETE: answer((_req, questionId) => this.vote(questionId, false)),
    },
    questionState: {
      POST: answer((req, questionId) => this.setState(questionId, (req.body as { state?: unknown } | undefined)?.state)),
    },
  };

  /**
   * The field errors of a publish request's talk-show (hosts must be members
   * of the space), then the session to store; throws `stream_link_refused`
   * for a link the world does not permit. Call once every other check passed.
   */
  errorsOf(request: PublishRequest, kind: Post['kind'], spaceId: string): ProblemFieldError[] {
    return talkShowErrors(request, kind, (id) => this.store.roleIn(spaceId, id) !== null);
  }

  /** The session a valid talk-show request stores (nobody's `moderator`), or undefined for other posts. */
  sessionOf(request: PublishRequest, kind: Post['kind']): TalkShow | undefined {
    const draft = request.talkShow;
    if (kind !== 'talk_show' || !draft) return undefined;
    let streamUrl: string | undefined;
    if (draft.streamUrl !== undefined) {
      check(streamLinkProblem(draft.streamUrl, (host) => this.streamHosts.has(host.toLowerCase())));
      streamUrl = streamLinkOf(draft.streamUrl)!.url;
    }
    return {
      title: normalizeLabel(draft.title),
      hosts: draft.hosts.map((id) => structuredClone(this.store.people.get(id) ?? { id, displayName: id, locale: 'en' as const })),
      startsAt: new Date(draft.startsAt).toISOString(),
      durationMinutes: talkShowDuration(draft),
      ...(streamUrl ? { streamUrl } : {}),
      questionCount: 0,
      moderator: false,
    };
  }

  /** A stored talk-show as the caller sees it: the queue's size now and whether they moderate it. */
  viewOf(post: Post): TalkShow | undefined {
    if (!post.talkShow) return undefined;
    const questionCount = [...this.questions.values()].filter((q) => q.postId === post.id && q.state !== 'hidden').length;
    return { ...structuredClone(post.talkShow), questionCount, moderator: this.moderates(post) };
  }

  /** Forgets a deleted post's questions and votes. */
  postDeleted(postId: string): void {
    for (const [id, question] of this.questions) if (question.postId === postId) this.questions.delete(id);
  }

  private moderates(post: Post): boolean {
    return moderatesTalkShow({ hostIds: post.talkShow?.hosts.map((h) => h.id) ?? [] }, this.store.caller.id, this.store.roleIn(post.spaceId));
  }

  /** The talk-show post if the caller may read it; otherwise 404. */
  private readableShow(postId: string): Post {
    const post = this.store.readablePost(postId);
    if (post.kind !== 'talk_show' || !post.talkShow) throw fail('not_found', `No talk-show ${postId}`);
    return post;
  }

  private sees(question: StoredQuestion, post: Post): boolean {
    return canSeeQuestion({ authorId: question.author.id, state: question.state }, this.store.caller.id, this.moderates(post));
  }

  /** The question and its post if the caller may see it (a hidden one: moderators and its author); otherwise 404. */
  private visibleQuestion(questionId: string): { question: StoredQuestion; post: Post } {
    const question = this.questions.get(questionId);
    const post = question && this.store.visiblePost(question.postId);
    if (!question || !post || !this.sees(question, post)) throw fail('not_found', `No question ${questionId}`);
    return { question, post };
  }

  private view(question: StoredQuestion): Question {
    const { voters, ...rest } = question;
    return { ...structuredClone(rest), votes: voters.size, voted: voters.has(this.store.caller.id) };
  }

  private page(postId: string, query: NonNullable<TransportRequest['query']>): QuestionPage {
    const post = this.readableShow(postId);
    const order = (query.order ?? 'top') as QuestionOrder;
    if (!(QUESTION_ORDERS as readonly string[]).includes(order)) throw fail('validation_failed', 'Bad order', [{ path: '/query/order', message: 'must be top or new' }]);
    const limit = Number(query.limit ?? QUESTION_LIMIT_DEFAULT);
    if (!Number.isInteger(limit) || limit < 1 || limit > QUESTION_LIMIT_MAX) throw fail('validation_failed', 'Bad limit', [{ path: '/query/limit', message: `1 to ${QUESTION_LIMIT_MAX}` }]);
    const newest = (a: StoredQuestion, b: StoredQuestion) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : -1);
    const all = [...this.questions.values()]
      .filter((q) => q.postId === post.id && this.sees(q, post))
      .sort(order === 'top' ? (a, b) => b.voters.size - a.voters.size || newest(a, b) : newest);
    let start = 0;
    if (query.cursor !== undefined && query.cursor !== '') {
      const index = all.findIndex((q) => q.id === String(query.cursor));
      if (index < 0) throw fail('invalid_cursor', 'Unknown cursor');
      start = index + 1;
    }
    const items = all.slice(start, start + limit);
    return { items: items.map((q) => this.view(q)), nextCursor: start + limit < all.length ? (items.at(-1)?.id ?? null) : null };
  }

  private ask(postId: string, draft: { body?: unknown } | undefined): Question {
    const post = this.readableShow(postId);
    const raw = draft?.body;
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > QUESTION_BODY_MAX_CHARS || normalizeBody(raw).trim() === '') {
      throw fail('validation_failed', 'A question needs a body', [{ path: '/body/body', message: `1 to ${QUESTION_BODY_MAX_CHARS} characters, not blank` }]);
    }
    const latest = Math.max(0, ...[...this.questions.values()].map((q) => Date.parse(q.createdAt)));
    const question: StoredQuestion = {
      id: `mem-question-${this.nextNumber++}`,
      postId: post.id,
      spaceId: post.spaceId,
      author: structuredClone(this.store.caller),
      body: normalizeBody(raw),
      createdAt: this.store.nextTime(latest),
      state: 'open',
      voters: new Set(),
    };
    this.questions.set(question.id, question);
    this.announce(question, post);
    return this.view(question);
  }

  private vote(questionId: string, on: boolean): Question {
    const { question, post } = this.visibleQuestion(questionId);
    check(questionVoteProblem(question.state));
    const me = this.store.caller.id;
    // One vote per person: a repeat changes nothing and announces nothing.
    if (question.voters.has(me) !== on) {
      if (on) question.voters.add(me);
      else question.voters.delete(me);
      this.announce(question, post);
    }
    return this.view(question);
  }

  private setState(questionId: string, state: unknown): Question {
    if (!(QUESTION_STATES as readonly unknown[]).includes(state)) {
      throw fail('validation_failed', 'Bad state', [{ path: '/body/state', message: 'must be open, answered or hidden' }]);
    }
    const { question, post } = this.visibleQuestion(questionId);
    check(questionStateProblem(this.moderates(post)));
    const next = state as QuestionState;
    if (question.state !== next) {
      question.state = next;
      if (next === 'answered') question.answeredAt = this.store.now().toISOString();
      else delete question.answeredAt;
      this.announce(question, post);
    }
    return this.view(question);
  }

  /** `question.changed`, shaped for each receiver: without the question for those who may not see it. */
  private announce(question: StoredQuestion, post: Post): void {
    const shaped = (): QuestionChangedEvent => {
      const questionCount = [...this.questions.values()].filter((q) => q.postId === post.id && q.state !== 'hidden').length;
      const base = { type: 'question.changed' as const, spaceId: post.spaceId, postId: post.id, questionId: question.id, questionCount };
      return this.sees(question, post) ? { ...base, question: this.view(question) } : base;
    };
    this.store.emit(shaped(), { shape: shaped });
  }
}
