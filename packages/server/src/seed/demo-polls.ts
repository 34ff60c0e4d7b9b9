import type { Kysely } from 'kysely';
import type { Locale, PollDraft, PostKind } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { pollFromDraft } from '@ecotone/protocol/rules';
import { voterKey } from '../polls/poll-view.js';
import { castBallot, insertPoll } from '../polls/poll-repository.js';
import { insertPost } from '../posts/post-repository.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** The anonymous Basel poll closes this long after the demo's `now`. */
const TRAINING_POLL_OPEN_MS = 10 * DAY_MS;

interface DemoPoll {
  id: string;
  draft: PollDraft;
  /** Choices per voter. */
  ballots: Readonly<Record<string, readonly string[]>>;
}

interface DemoPollPost {
  id: string;
  spaceId: string;
  authorId: string;
  kind: PostKind;
  locale: Locale;
  body: string;
  ageMs: number;
  polls: readonly DemoPoll[];
}

/**
 * Polls of the demo, with stable ids: the intranet example embeds
 * `poll-summer-party` and the survey post `survey-remote-work`.
 */
function demoPollPosts(now: Date): DemoPollPost[] {
  return [
    {
      id: 'summer-party-2027',
      spaceId: 'general',
      authorId: 'amelie',
      kind: 'question',
      locale: 'en',
      body: 'The 2027 summer party is ours to plan! Vote for the site you would like to host it.',
      ageMs: 5 * HOUR_MS,
      polls: [
        {
          id: 'poll-summer-party',
          draft: {
            question: 'Where should the 2027 summer party take place?',
            mode: 'single',
            options: ['Lyon', 'Basel', 'Cambridge'],
            resultsVisibility: 'always',
          },
          ballots: {
            thomas: ['o1'],
            camille: ['o1'],
            julien: ['o1'],
            lukas: ['o2'],
            anna: ['o2'],
            jonas: ['o2'],
            sophie: ['o2'],
            marco: ['o2'],
            priya: ['o3'],
            oliver: ['o3'],
          },
        },
      ],
    },
    {
      id: 'lyon-canteen-poll',
      spaceId: 'lyon-site',
      authorId: 'thomas',
      kind: 'question',
      locale: 'fr',
      body: 'La **nouvelle cantine** est ouverte depuis deux semaines. Donnez-nous votre avis !',
      ageMs: 2 * DAY_MS,
      polls: [
        {
          id: 'poll-lyon-canteen',
          draft: {
            question: 'Que pensez-vous de la nouvelle cantine ?',
            mode: 'scale',
            scale: { min: 1, max: 5, minLabel: 'Pas du tout satisfait', maxLabel: 'Très satisfait' },
            resultsVisibility: 'after-vote',
          },
          ballots: { camille: ['4'], julien: ['3'], amelie: ['5'] },
        },
      ],
    },
    {
      id: 'basel-training-poll',
      spaceId: 'basel-site',
      authorId: 'lukas',
      kind: 'question',
      locale: 'de',
      body: 'Wir planen das Weiterbildungsprogramm 2027. Die Umfrage ist anonym, die Ergebnisse gibt es nach Abschluss.',
      ageMs: 1 * DAY_MS,
      polls: [
        {
          id: 'poll-basel-training',
          draft: {
            question: 'Welche Weiterbildungsthemen wünscht ihr euch für 2027? (höchstens zwei)',
            mode: 'multiple',
            options: ['Datenanalyse', 'Projektmanagement', 'Englisch', 'Erste Hilfe'],
            maxChoices: 2,
            anonymous: true,
            resultsVisibility: 'after-close',
            closesAt: new Date(now.getTime() + TRAINING_POLL_OPEN_MS).toISOString(),
          },
          ballots: { anna: ['o1', 'o3'], jonas: ['o2'], sophie: ['o1', 'o2'], marco: ['o4'] },
        },
      ],
    },
    {
      id: 'cambridge-seminar-poll',
      spaceId: 'cambridge-site',
      authorId: 'hannah',
      kind: 'question',
      locale: 'en',
      body: 'Planning next term’s seminar series: which slot suits you best? Only I see the answers.',
      ageMs: 3 * DAY_MS,
      polls: [
        {
          id: 'poll-cambridge-seminar',
          draft: {
            question: 'Which seminar slot suits you best?',
            mode: 'single',
            options: ['Tuesday 12:30', 'Wednesday 16:00', 'Friday 09:00'],
            resultsVisibility: 'author-only',
          },
          ballots: { oliver: ['o2'], priya: ['o1'] },
        },
      ],
    },
    {
      id: 'survey-remote-work',
      spaceId: 'announcements',
      authorId: 'hannah',
      kind: 'announcement',
      locale: 'en',
      body: '**Quick survey on remote work.** Three questions, one minute: your answers shape next year’s policy.',
      ageMs: 20 * HOUR_MS,
      polls: [
        {
          id: 'survey-remote-work-days',
          draft: {
            question: 'How many days a week do you usually work from home?',
            mode: 'single',
            options: ['None', '1 or 2', '3 or more'],
            resultsVisibility: 'after-vote',
          },
          ballots: { lukas: ['o2'], anna: ['o3'], priya: ['o2'], oliver: ['o3'], thomas: ['o1'] },
        },
        {
          id: 'survey-remote-work-help',
          draft: {
            question: 'What would help you most? (up to two)',
            mode: 'multiple',
            options: ['Better video rooms', 'Quiet zones', 'Flexible hours', 'Team days on site'],
            maxChoices: 2,
            resultsVisibility: 'after-vote',
          },
          ballots: { lukas: ['o1', 'o4'], anna: ['o3'], priya: ['o2', 'o3'], oliver: ['o1'], thomas: ['o4'] },
        },
        {
          id: 'survey-remote-work-policy',
          draft: {
            question: 'How satisfied are you with the current remote work policy?',
            mode: 'scale',
            scale: { min: 1, max: 5, minLabel: 'Not at all', maxLabel: 'Very' },
            resultsVisibility: 'after-vote',
          },
          ballots: { lukas: ['4'], anna: ['2'], priya: ['4'], oliver: ['5'], thomas: ['3'] },
        },
      ],
    },
  ];
}

/** Writes the demo polls with their posts and ballots; returns what it wrote. */
export async function seedDemoPolls(
  db: Kysely<Database>,
  now: Date,
  ballotSecret: Buffer,
): Promise<{ posts: number; polls: number; ballots: number }> {
  const written = { posts: 0, polls: 0, ballots: 0 };
  for (const post of demoPollPosts(now)) {
    // Whole seconds, as the other demo posts.
    const createdAt = new Date(Math.floor((now.getTime() - post.ageMs) / 1000) * 1000);
    await insertPost(db, {
      id: post.id,
      space_id: post.spaceId,
      author_id: post.authorId,
      kind: post.kind,
      body: post.body,
      locale: post.locale,
      created_at: createdAt.toISOString(),
      edited_at: null,
    });
    written.posts++;
    for (const [position, demo] of post.polls.entries()) {
      const poll = pollFromDraft(demo.draft, {
        id: demo.id,
        spaceId: post.spaceId,
        postId: post.id,
        position,
        authorId: post.authorId,
        createdAt: createdAt.toISOString(),
      });
      await insertPoll(db, poll);
      written.polls++;
      for (const [index, [actorId, choices]] of Object.entries(demo.ballots).entries()) {
        // Ballots follow the post by a few minutes each, never in the future.
        const at = new Date(Math.min(now.getTime() - 1000, createdAt.getTime() + (index + 1) * 7 * 60 * 1000));
        await castBallot(db, {
          pollId: poll.id,
          voterKey: voterKey(ballotSecret, poll, actorId),
          actorId: poll.anonymous ? null : actorId,
          choices,
          at: at.toISOString(),
        });
        written.ballots++;
      }
    }
  }
  return written;
}
