/**
 * Talk-shows' question queues, loaded on first use (a page without a
 * talk-show never downloads it): listing, asking, up-voting and moderating
 * questions, and the live `question.changed` events of one talk-show. The
 * queue itself is kept by whoever shows it (`<eco-talk-show-questions>`);
 * the post's `talkShow.questionCount` in the store follows the events.
 */
import { Observable, filter } from 'rxjs';
import {
  questionStatePath,
  questionVotePath,
  questionsPath,
  type LiveEvent,
  type Question,
  type QuestionChangedEvent,
  type QuestionPage,
  type QuestionState,
} from '@ecotone/protocol';
import { newIdempotencyKey } from '../outbox/idempotency-key.js';
import type { ClientCore } from '../client-core.js';
import type { EntityStore } from '../store/entity-store.js';
import type { QuestionListOptions, TransportRequest } from '../types.js';

/** What the talk-shows domain needs from the client. */
interface TalkShowsContext {
  readonly store: EntityStore;
  request<T>(req: TransportRequest): Promise<T>;
  readonly live$: Observable<LiveEvent>;
}

/** The talk-shows domain of a client (see client-core.ts). */
export function attach(core: ClientCore): TalkShowsDomain {
  return new TalkShowsDomain({ store: core.store, request: (req) => core.request(req), live$: core.live$ });
}

export class TalkShowsDomain {
  constructor(private readonly ctx: TalkShowsContext) {}

  list(postId: string, options: QuestionListOptions = {}): Promise<QuestionPage> {
    const query: Record<string, string | number> = {};
    if (options.order) query.order = options.order;
    if (options.limit !== undefined) query.limit = options.limit;
    if (options.cursor) query.cursor = options.cursor;
    return this.ctx.request<QuestionPage>({ method: 'GET', path: questionsPath(postId), query });
  }

  ask(postId: string, body: string): Promise<Question> {
    // One key per question: a retry after a lost answer asks once.
    return this.ctx.request<Question>({ method: 'POST', path: questionsPath(postId), body: { body }, idempotencyKey: newIdempotencyKey() });
  }

  vote(questionId: string, voted: boolean): Promise<Question> {
    return this.ctx.request<Question>({ method: voted ? 'PUT' : 'DELETE', path: questionVotePath(questionId) });
  }

  setState(questionId: string, state: QuestionState): Promise<Question> {
    return this.ctx.request<Question>({ method: 'POST', path: questionStatePath(questionId), body: { state } });
  }

  changes$(postId: string): Observable<QuestionChangedEvent> {
    return this.ctx.live$.pipe(filter((e): e is QuestionChangedEvent => e.type === 'question.changed' && e.postId === postId));
  }

  /** A live `question.changed`: the post's count of questions that are not hidden, when the post is in the store. */
  applyEvent(event: QuestionChangedEvent): void {
    this.ctx.store.update((state) => {
      const post = state.posts[event.postId];
      if (!post?.talkShow || post.talkShow.questionCount === event.questionCount) return state;
      return { ...state, posts: { ...state.posts, [event.postId]: { ...post, talkShow: { ...post.talkShow, questionCount: event.questionCount } } } };
    });
  }
}
