import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { insertPost } from '../posts/post-repository.js';
import { addVote, insertTalkShow, insertQuestion } from '../talk-shows/talk-show-repository.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The talk-show of the demo, with a stable id: the open-ecosystem example shows it. */
export const DEMO_TALK_SHOW_ID = 'talk-show-ask-the-cso';

const QUESTIONS: readonly { id: string; authorId: string; body: string; voters: readonly string[] }[] = [
  {
    id: 'question-cso-hybrid',
    authorId: 'thomas',
    body: 'Will the hybrid work agreement be extended to the labs once the new booking tool is in place?',
    voters: ['camille', 'julien', 'anna', 'priya', 'oliver'],
  },
  {
    id: 'question-cso-pipeline',
    authorId: 'lukas',
    body: 'Which two programmes of the pipeline do you expect to enter phase II next year?',
    voters: ['jonas', 'sophie', 'thomas'],
  },
  {
    id: 'question-cso-mentoring',
    authorId: 'camille',
    body: 'Is there a mentoring programme for scientists who would like to move into project management?',
    voters: ['marco'],
  },
];

/**
 * An upcoming talk-show in `general`, hosted by Amélie and Priya, with a few
 * questions already up-voted. No stream link: the demo server runs with
 * `--egress off`, under which none is kept.
 */
export async function seedDemoTalkShows(db: Kysely<Database>, now: Date): Promise<{ posts: number; questions: number }> {
  const createdAt = new Date(Math.floor((now.getTime() - 3 * HOUR_MS) / 1000) * 1000);
  // Three days ahead, at 15:00 UTC: each reader sees it in their own time zone.
  const starts = new Date(now.getTime() + 3 * DAY_MS);
  starts.setUTCHours(15, 0, 0, 0);
  await insertPost(db, {
    id: DEMO_TALK_SHOW_ID,
    space_id: 'general',
    author_id: 'amelie',
    kind: 'talk_show',
    body: 'Our Chief Scientific Officer answers your questions live: the pipeline, the labs, careers in research. Ask yours now and up-vote the ones you want answered first. The recording and its captions will be attached here afterwards.',
    locale: 'en',
    created_at: createdAt.toISOString(),
    edited_at: null,
  });
  await insertTalkShow(db, {
    postId: DEMO_TALK_SHOW_ID,
    title: 'Ask the CSO: science at Helix in 2027',
    startsAt: starts.toISOString(),
    durationMinutes: 45,
    streamUrl: null,
    hostIds: ['amelie', 'priya'],
  });
  for (const [index, question] of QUESTIONS.entries()) {
    const askedAt = new Date(createdAt.getTime() + (index + 1) * 11 * 60 * 1000);
    await insertQuestion(db, { id: question.id, postId: DEMO_TALK_SHOW_ID, spaceId: 'general', authorId: question.authorId, body: question.body, createdAt: askedAt.toISOString() });
    for (const [n, voter] of question.voters.entries()) {
      await addVote(db, question.id, voter, new Date(askedAt.getTime() + (n + 1) * 60 * 1000).toISOString());
    }
  }
  return { posts: 1, questions: QUESTIONS.length };
}
