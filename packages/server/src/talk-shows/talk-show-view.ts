/** Talk-show rows as wire types. */
import type { Question, QuestionState, TalkShow } from '@ecotone/protocol';
import { actorFromRow } from '../people/actor-repository.js';
import type { QuestionWithAuthorRow, TalkShowRecord } from './talk-show-repository.js';

/** The talk-show as a viewer sees it: `moderator` is theirs. */
export function talkShowView(record: TalkShowRecord, moderator: boolean): TalkShow {
  return {
    title: record.title,
    hosts: record.hosts,
    startsAt: record.startsAt,
    durationMinutes: record.durationMinutes,
    ...(record.streamUrl !== null ? { streamUrl: record.streamUrl } : {}),
    questionCount: record.questionCount,
    moderator,
  };
}

/** A question as a viewer sees it (`voted`: theirs). */
export function questionView({ question, author }: QuestionWithAuthorRow, voted: boolean): Question {
  return {
    id: question.id,
    postId: question.post_id,
    author: actorFromRow(author),
    body: question.body,
    createdAt: question.created_at,
    votes: question.votes,
    voted,
    state: question.state as QuestionState,
    ...(question.answered_at !== null ? { answeredAt: question.answered_at } : {}),
  };
}
