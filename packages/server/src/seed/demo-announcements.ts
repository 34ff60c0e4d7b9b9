import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { insertAck } from '../announcements/ack-repository.js';
import { insertPost } from '../posts/post-repository.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The pinned announcement asking for acknowledgement (stable id for examples). */
export const SAFETY_WEEK_POST_ID = 'announcement-safety-week';
/** The scheduled post, published three days after the seed's `now`. */
export const SCHEDULED_POST_ID = 'scheduled-cambridge-open-day';

/** Who acknowledged the safety week announcement, from several sites, and how long after it. */
const SAFETY_WEEK_ACKS: readonly (readonly [string, number])[] = [
  ['thomas', 1],
  ['camille', 2],
  ['anna', 3],
  ['marco', 5],
  ['oliver', 8],
];

/**
 * A pinned announcement that asks for acknowledgement, with some from people
 * of Lyon, Basel and Cambridge, and a correspondent's post scheduled for
 * later (a draft until then). Deterministic for a given `now`.
 */
export async function seedDemoAnnouncements(db: Kysely<Database>, now: Date): Promise<{ posts: number; acks: number }> {
  const createdAt = new Date(now.getTime() - DAY_MS);
  await insertPost(db, {
    id: SAFETY_WEEK_POST_ID,
    space_id: 'announcements',
    author_id: 'amelie',
    kind: 'announcement',
    locale: 'en',
    body:
      '**Safety week starts on Monday.** Every site runs evacuation drills and short workshops on lab safety. ' +
      'Please confirm that you have read the schedule of your site.',
    created_at: createdAt.toISOString(),
    edited_at: null,
    pinned_at: createdAt.toISOString(),
    pinned_until: null,
    requires_ack: 1,
  });
  for (const [actorId, hours] of SAFETY_WEEK_ACKS) {
    await insertAck(db, SAFETY_WEEK_POST_ID, actorId, new Date(createdAt.getTime() + hours * HOUR_MS).toISOString());
  }
  await insertPost(db, {
    id: SCHEDULED_POST_ID,
    space_id: 'cambridge-site',
    author_id: 'oliver',
    kind: 'note',
    locale: 'en',
    body: 'Cambridge open day: families are welcome on Saturday, with guided tours of the site every hour.',
    created_at: new Date(now.getTime() - 2 * HOUR_MS).toISOString(),
    edited_at: null,
    publish_at: new Date(now.getTime() + 3 * DAY_MS).toISOString(),
    publish_pending: 1,
  });
  return { posts: 2, acks: SAFETY_WEEK_ACKS.length };
}
