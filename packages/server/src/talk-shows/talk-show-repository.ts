/**
 * The only SQL of talk-shows: their sessions and hosts, the question queue
 * and its votes. `(db, …)` functions that also accept a transaction.
 */
import type { Kysely } from 'kysely';
import type { Actor, QuestionOrder, QuestionState } from '@ecotone/protocol';
import type { ActorRow, Database, QuestionRow } from '../db/schema.js';
import { AUTHOR_COLUMNS, authorFromJoin, findActors } from '../people/actor-repository.js';

/** A talk-show as everyone sees it (the caller's `moderator` aside). */
export interface TalkShowRecord {
  postId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  streamUrl: string | null;
  questionCount: number;
  /** Host ids in order, and the hosts as they are now. */
  hostIds: string[];
  hosts: Actor[];
}

/** A question with its author. */
export interface QuestionWithAuthorRow {
  question: QuestionRow;
  author: ActorRow;
}

/** Where a page of questions ends: the last question's votes (top order), creation time and id. */
export interface QuestionPosition {
  votes: number;
  createdAt: string;
  id: string;
}

export async function insertTalkShow(
  db: Kysely<Database>,
  show: { postId: string; title: string; startsAt: string; durationMinutes: number; streamUrl: string | null; hostIds: readonly string[] },
): Promise<void> {
  await db
    .insertInto('talk_shows')
    .values({ post_id: show.postId, title: show.title, starts_at: show.startsAt, duration_minutes: show.durationMinutes, stream_url: show.streamUrl })
    .execute();
  await db
    .insertInto('talk_show_hosts')
    .values(show.hostIds.map((actorId, position) => ({ post_id: show.postId, actor_id: actorId, position })))
    .execute();
}

/** The talk-shows of these posts (posts without one are absent), in two queries and one for the hosts' names. */
export async function loadTalkShows(db: Kysely<Database>, postIds: readonly string[]): Promise<Map<string, TalkShowRecord>> {
  const found = new Map<string, TalkShowRecord>();
  if (postIds.length === 0) return found;
  const shows = await db.selectFrom('talk_shows').selectAll().where('post_id', 'in', [...new Set(postIds)]).execute();
  if (shows.length === 0) return found;
  const hostRows = await db
    .selectFrom('talk_show_hosts')
    .select(['post_id', 'actor_id', 'position'])
    .where('post_id', 'in', shows.map((s) => s.post_id))
    .orderBy('post_id')
    .orderBy('position')
    .execute();
  const actors = await findActors(db, [...new Set(hostRows.map((h) => h.actor_id))]);
  for (const show of shows) {
    const hostIds = hostRows.filter((h) => h.post_id === show.post_id).map((h) => h.actor_id);
    found.set(show.post_id, {
      postId: show.post_id,
      title: show.title,
      startsAt: show.starts_at,
      durationMinutes: Number(show.duration_minutes),
      streamUrl: show.stream_url,
      questionCount: Number(show.question_count),
      hostIds,
      hosts: hostIds.flatMap((id) => {
        const actor = actors.get(id);
        return actor ? [actor] : [];
      }),
    });
  }
  return found;
}

/** The host ids of a talk-show, in order (empty: no such talk-show). */
export async function hostIdsOf(db: Kysely<Database>, postId: string): Promise<string[]> {
  const rows = await db.selectFrom('talk_show_hosts').select('actor_id').where('post_id', '=', postId).orderBy('position').execute();
  return rows.map((r) => r.actor_id);
}

/** Which of these people are members of the space (any role). */
export async function membersAmong(db: Kysely<Database>, spaceId: string, actorIds: readonly string[]): Promise<Set<string>> {
  if (actorIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships')
    .select('actor_id')
    .where('space_id', '=', spaceId)
    .where('actor_id', 'in', [...actorIds])
    .execute();
  return new Set(rows.map((r) => r.actor_id));
}

function questionsWithAuthors(db: Kysely<Database>) {
  return db
    .selectFrom('questions')
    .innerJoin('actors', 'actors.id', 'questions.author_id')
    .select([
      'questions.id',
      'questions.post_id',
      'questions.space_id',
      'questions.author_id',
      'questions.body',
      'questions.created_at',
      'questions.state',
      'questions.answered_at',
      'questions.votes',
      ...AUTHOR_COLUMNS,
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof questionsWithAuthors>['executeTakeFirstOrThrow']>>;

function split(row: JoinedRow): QuestionWithAuthorRow {
  return {
    question: {
      id: row.id,
      post_id: row.post_id,
      space_id: row.space_id,
      author_id: row.author_id,
      body: row.body,
      created_at: row.created_at,
      state: row.state,
      answered_at: row.answered_at,
      votes: Number(row.votes),
    },
    author: authorFromJoin(row),
  };
}

export async function findQuestion(db: Kysely<Database>, id: string): Promise<QuestionWithAuthorRow | undefined> {
  const row = await questionsWithAuthors(db).where('questions.id', '=', id).executeTakeFirst();
  return row ? split(row) : undefined;
}

/**
 * Up to `limit` questions of a talk-show after `after`, in `order`: `top`
 * by votes, then newest (one walk of `questions_top_idx`, backwards), `new`
 * newest first (`questions_new_idx`). Hidden questions only when
 * `seesHidden`, else only those of `authorId` (each author sees their own).
 */
export async function listQuestions(
  db: Kysely<Database>,
  query: { postId: string; order: QuestionOrder; after: QuestionPosition | null; limit: number; seesHidden: boolean; authorId: string },
): Promise<QuestionWithAuthorRow[]> {
  const { after } = query;
  let select = questionsWithAuthors(db).where('questions.post_id', '=', query.postId);
  if (!query.seesHidden) {
    select = select.where((eb) => eb.or([eb('questions.state', '<>', 'hidden'), eb('questions.author_id', '=', query.authorId)]));
  }
  if (query.order === 'top') {
    if (after) {
      select = select.where((eb) =>
        eb.or([
          eb('questions.votes', '<', after.votes),
          eb.and([eb('questions.votes', '=', after.votes), eb('questions.created_at', '<', after.createdAt)]),
          eb.and([eb('questions.votes', '=', after.votes), eb('questions.created_at', '=', after.createdAt), eb('questions.id', '<', after.id)]),
        ]),
      );
    }
    select = select.orderBy('questions.votes', 'desc').orderBy('questions.created_at', 'desc').orderBy('questions.id', 'desc');
  } else {
    if (after) {
      select = select.where((eb) =>
        eb.or([
          eb('questions.created_at', '<', after.createdAt),
          eb.and([eb('questions.created_at', '=', after.createdAt), eb('questions.id', '<', after.id)]),
        ]),
      );
    }
    select = select.orderBy('questions.created_at', 'desc').orderBy('questions.id', 'desc');
  }
  return (await select.limit(query.limit).execute()).map(split);
}

export async function insertQuestion(
  db: Kysely<Database>,
  question: { id: string; postId: string; spaceId: string; authorId: string; body: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('questions')
    .values({
      id: question.id,
      post_id: question.postId,
      space_id: question.spaceId,
      author_id: question.authorId,
      body: question.body,
      created_at: question.createdAt,
      state: 'open',
      answered_at: null,
    })
    .execute();
  await adjustQuestionCount(db, question.postId, 1);
}

/** Moves the talk-show's count of questions that are not hidden; an increment in SQL, right under concurrency. */
async function adjustQuestionCount(db: Kysely<Database>, postId: string, by: number): Promise<void> {
  await db
    .updateTable('talk_shows')
    .set((eb) => ({ question_count: eb('question_count', '+', by) }))
    .where('post_id', '=', postId)
    .execute();
}

/**
 * Records the caller's vote; false when they had voted already (the primary
 * key decides, whatever runs at the same time). The count moves only with a
 * new row.
 */
export async function addVote(db: Kysely<Database>, questionId: string, actorId: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('question_votes')
    .values({ question_id: questionId, actor_id: actorId, created_at: at })
    .onConflict((oc) => oc.columns(['question_id', 'actor_id']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
  await db.updateTable('questions').set((eb) => ({ votes: eb('votes', '+', 1) })).where('id', '=', questionId).execute();
  return true;
}

/** Takes the caller's vote back; false when they had none. */
export async function removeVote(db: Kysely<Database>, questionId: string, actorId: string): Promise<boolean> {
  const result = await db.deleteFrom('question_votes').where('question_id', '=', questionId).where('actor_id', '=', actorId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await db.updateTable('questions').set((eb) => ({ votes: eb('votes', '-', 1) })).where('id', '=', questionId).execute();
  return true;
}

/**
 * Moves a question from `from` to `to`; false when it was no longer in
 * `from` (another moderator got there first), so the count of questions that
 * are not hidden moves once per actual change.
 */
export async function changeQuestionState(
  db: Kysely<Database>,
  question: { id: string; postId: string },
  from: QuestionState,
  to: QuestionState,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('questions')
    .set({ state: to, answered_at: to === 'answered' ? at : null })
    .where('id', '=', question.id)
    .where('state', '=', from)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  if (from === 'hidden' && to !== 'hidden') await adjustQuestionCount(db, question.postId, 1);
  if (from !== 'hidden' && to === 'hidden') await adjustQuestionCount(db, question.postId, -1);
  return true;
}

/** A question's state now (undefined: gone with its post). */
export async function questionStateOf(db: Kysely<Database>, id: string): Promise<QuestionState | undefined> {
  const row = await db.selectFrom('questions').select('state').where('id', '=', id).executeTakeFirst();
  return row?.state as QuestionState | undefined;
}

/** The talk-show's count of questions that are not hidden. */
export async function questionCountOf(db: Kysely<Database>, postId: string): Promise<number> {
  const row = await db.selectFrom('talk_shows').select('question_count').where('post_id', '=', postId).executeTakeFirst();
  return Number(row?.question_count ?? 0);
}

/** The questions among `questionIds` that `actorId` up-voted. */
export async function votedAmong(db: Kysely<Database>, actorId: string, questionIds: readonly string[]): Promise<Set<string>> {
  if (questionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('question_votes')
    .select('question_id')
    .where('actor_id', '=', actorId)
    .where('question_id', 'in', [...questionIds])
    .execute();
  return new Set(rows.map((r) => r.question_id));
}

/** Who among `actorIds` up-voted the question (for live events, one query for every receiver). */
export async function votersAmong(db: Kysely<Database>, questionId: string, actorIds: readonly string[]): Promise<Set<string>> {
  if (actorIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('question_votes')
    .select('actor_id')
    .where('question_id', '=', questionId)
    .where('actor_id', 'in', [...actorIds])
    .execute();
  return new Set(rows.map((r) => r.actor_id));
}

