/**
 * Talk-shows in action: the checks of a talk-show at publication (hosts,
 * stream link under the egress policy), and the question queue (asking,
 * up-voting, moderating), each write with its live `question.changed` in one
 * transaction. The rules are `@ecotone/protocol/rules`' (talk-shows.ts):
 * whoever reads the post asks and votes; its hosts and the space's owners
 * and correspondents moderate; a hidden question is seen only by them and
 * its author (404 for anyone else).
 */
import { randomBytes } from 'node:crypto';
import {
  QUESTION_LIMIT_DEFAULT,
  normalizeBody,
  normalizeLabel,
  type Actor,
  type PostKind,
  type ProblemFieldError,
  type PublishRequest,
  type Question,
  type QuestionDraft,
  type QuestionPage,
  type QuestionQuery,
  type QuestionState,
} from '@ecotone/protocol';
import { canAskQuestion, canSeeQuestion, moderatesTalkShow, questionStateProblem, questionVoteProblem, streamLinkOf, streamLinkProblem, talkShowDuration, talkShowErrors, type RuleProblem } from '@ecotone/protocol/rules';
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { decodeQuestionCursor, encodeQuestionCursor } from '../http/cursor.js';
import { HttpProblem, notFound } from '../http/errors.js';
import { idempotentTransaction, type Created } from '../http/idempotency.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { requireReadablePost, type PostAccess } from '../policy/authz.js';
import {
  addVote,
  changeQuestionState,
  findQuestion,
  hostIdsOf,
  insertQuestion,
  listQuestions,
  membersAmong,
  questionCountOf,
  removeVote,
  votedAmong,
  type QuestionWithAuthorRow,
} from './talk-show-repository.js';
import { questionView } from './talk-show-view.js';

/** Random bytes in a question id (base64url: 16 characters). */
const QUESTION_ID_BYTES = 12;

/** A talk-show as it will be stored, once every check passed. */
export interface TalkShowPlan {
  title: string;
  startsAt: string;
  durationMinutes: number;
  streamUrl: string | null;
  hostIds: string[];
}

function problemOf(rule: RuleProblem): HttpProblem {
  return new HttpProblem(rule.code, rule.title, rule.errors);
}

/**
 * The talk-show part of a publish request: its field errors (`validation_failed`,
 * gathered with the post's others), and the plan to store when there are none.
 * Throws `stream_link_refused` for a link the egress policy does not permit;
 * nothing is resolved or fetched.
 */
export async function planTalkShow(
  ctx: Pick<ServerContext, 'db' | 'egress'>,
  spaceId: string,
  request: PublishRequest,
  kind: PostKind,
): Promise<{ errors: ProblemFieldError[]; plan: TalkShowPlan | null }> {
  const draft = request.talkShow;
  const members = draft && kind === 'talk_show' ? await membersAmong(ctx.db, spaceId, draft.hosts) : new Set<string>();
  const errors = talkShowErrors(request, kind, (id) => members.has(id));
  if (errors.length > 0 || !draft || kind !== 'talk_show') return { errors, plan: null };
  let streamUrl: string | null = null;
  if (draft.streamUrl !== undefined) {
    const refused = streamLinkProblem(draft.streamUrl, (host) => ctx.egress.permitsLinkHost(host));
    if (refused) throw problemOf(refused);
    streamUrl = streamLinkOf(draft.streamUrl)!.url;
  }
  return {
    errors,
    plan: {
      title: normalizeLabel(draft.title),
      startsAt: new Date(draft.startsAt).toISOString(),
      durationMinutes: talkShowDuration(draft),
      streamUrl,
      hostIds: [...draft.hosts],
    },
  };
}

/** A readable talk-show post, its hosts and whether the caller moderates it. */
interface TalkShowAccess extends PostAccess {
  hostIds: string[];
  moderator: boolean;
}

/** The talk-show post if the caller may read it (drafts: only those who see them); otherwise not_found. */
async function requireReadableTalkShow(db: Kysely<Database>, actor: Actor, postId: string, now: Date): Promise<TalkShowAccess> {
  const access = await requireReadablePost(db, actor, postId, now);
  if (access.row.post.kind !== 'talk_show') throw notFound('Talk-show');
  const hostIds = await hostIdsOf(db, postId);
  return { ...access, hostIds, moderator: moderatesTalkShow({ hostIds }, actor.id, access.role) };
}

/** A question the caller may see (a hidden one: its moderators and its author), with its talk-show; otherwise not_found. */
async function requireVisibleQuestion(
  db: Kysely<Database>,
  actor: Actor,
  questionId: string,
  now: Date,
): Promise<TalkShowAccess & { question: QuestionWithAuthorRow }> {
  const question = await findQuestion(db, questionId);
  if (!question) throw notFound('Question');
  let access: TalkShowAccess;
  try {
    access = await requireReadableTalkShow(db, actor, question.question.post_id, now);
  } catch (error) {
    if (error instanceof HttpProblem && error.code === 'not_found') throw notFound('Question');
    throw error;
  }
  const facts = { authorId: question.question.author_id, state: question.question.state as QuestionState };
  if (!canSeeQuestion(facts, actor.id, access.moderator)) throw notFound('Question');
  return { ...access, question };
}

/** Records `question.changed` with the question as nobody in particular sees it (delivery fills in `voted` and who may see it). */
async function recordQuestionChanged(trx: EventTransaction, now: Date, questionId: string): Promise<StoredLiveEvent> {
  const row = await findQuestion(trx, questionId);
  if (!row) throw notFound('Question');
  const { space_id: spaceId, post_id: postId } = row.question;
  return recordEvent(trx, now, spaceId, {
    type: 'question.changed',
    spaceId,
    postId,
    questionId,
    question: questionView(row, false),
    questionCount: await questionCountOf(trx, postId),
  });
}

/** The question as the caller sees it now. */
async function questionFor(db: Kysely<Database>, actorId: string, questionId: string): Promise<Question> {
  const row = await findQuestion(db, questionId);
  if (!row) throw notFound('Question');
  return questionView(row, (await votedAmong(db, actorId, [questionId])).has(questionId));
}

/** One page of a readable talk-show's questions, in the order asked for (`top` by default). */
export async function listTalkShowQuestions(ctx: ServerContext, actor: Actor, postId: string, query: QuestionQuery): Promise<QuestionPage> {
  const { db } = ctx;
  const access = await requireReadableTalkShow(db, actor, postId, ctx.now());
  const order = query.order ?? 'top';
  const limit = query.limit ?? QUESTION_LIMIT_DEFAULT;
  const after = query.cursor ? decodeQuestionCursor(order, query.cursor) : null;
  // One extra row tells whether a next page exists without a count query.
  const rows = await listQuestions(db, { postId, order, after, limit: limit + 1, seesHidden: access.moderator, authorId: actor.id });
  const page = rows.slice(0, limit);
  const voted = await votedAmong(db, actor.id, page.map((r) => r.question.id));
  const last = page.at(-1);
  return {
    items: page.map((row) => questionView(row, voted.has(row.question.id))),
    nextCursor:
      rows.length > limit && last
        ? encodeQuestionCursor(order, { votes: last.question.votes, createdAt: last.question.created_at, id: last.question.id })
        : null,
  };
}

/** Asks a question in a talk-show's queue: whoever reads the post may. */
export async function askQuestion(
  ctx: ServerContext,
  actor: Actor,
  postId: string,
  draft: QuestionDraft,
  key: string | undefined,
): Promise<Created<Question>> {
  const { db } = ctx;
  const access = await requireReadableTalkShow(db, actor, postId, ctx.now());
  if (!canAskQuestion(access.space.visibility, access.role)) throw notFound('Post');
  const body = normalizeBody(draft.body);
  if (body.trim() === '') throw new HttpProblem('validation_failed', 'The request is not valid', [{ path: '/body/body', message: 'must not be blank' }]);
  const now = ctx.now();
  const id = randomBytes(QUESTION_ID_BYTES).toString('base64url');
  const outcome = await idempotentTransaction(
    db,
    { actorId: actor.id, key, scope: 'question', request: [postId, draft], resourceId: id, at: now.toISOString() },
    async (trx) => {
      await insertQuestion(trx, { id, postId, spaceId: access.row.post.space_id, authorId: actor.id, body, createdAt: now.toISOString() });
      return recordQuestionChanged(trx, now, id);
    },
  );
  if ('replayOf' in outcome) return { resource: await questionFor(db, actor.id, outcome.replayOf), replayed: true };
  await afterCommit(ctx, [outcome.created]);
  return { resource: await questionFor(db, actor.id, id), replayed: false };
}

/**
 * Up-votes (`on`) or takes back the caller's vote, idempotently: a repeat
 * changes nothing and announces nothing. Only open questions take votes.
 */
export async function voteOnQuestion(ctx: ServerContext, actor: Actor, questionId: string, on: boolean): Promise<Question> {
  const { db } = ctx;
  const now = ctx.now();
  const { question } = await requireVisibleQuestion(db, actor, questionId, now);
  const refused = questionVoteProblem(question.question.state as QuestionState);
  if (refused) throw problemOf(refused);
  const event = await eventTransaction(db, async (trx) => {
    const changed = on ? await addVote(trx, questionId, actor.id, now.toISOString()) : await removeVote(trx, questionId, actor.id);
    return changed ? recordQuestionChanged(trx, now, questionId) : null;
  });
  if (event) await afterCommit(ctx, [event]);
  return questionFor(db, actor.id, questionId);
}

/** A moderator marks a question answered, hides it, or opens it again (a repeat changes nothing). */
export async function setQuestionState(ctx: ServerContext, actor: Actor, questionId: string, state: QuestionState): Promise<Question> {
  const { db } = ctx;
  const now = ctx.now();
  const { question, moderator } = await requireVisibleQuestion(db, actor, questionId, now);
  const refused = questionStateProblem(moderator);
  if (refused) throw problemOf(refused);
  const from = question.question.state as QuestionState;
  if (from !== state) {
    const event = await eventTransaction(db, async (trx) => {
      // Conditional on the state read: of two moderators at once, one changes it.
      const changed = await changeQuestionState(trx, { id: questionId, postId: question.question.post_id }, from, state, now.toISOString());
      return changed ? recordQuestionChanged(trx, now, questionId) : null;
    });
    if (event) await afterCommit(ctx, [event]);
  }
  return questionFor(db, actor.id, questionId);
}
