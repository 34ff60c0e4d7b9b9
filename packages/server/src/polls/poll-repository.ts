import type { Kysely } from 'kysely';
import type { PollMode, PollOption, PollResults, PollScale, ResultsVisibility } from '@ecotone/protocol';
import type { Database, NewPoll, PollRow } from '../db/schema.js';

/** A poll as stored, with its options in order; nothing caller-specific. */
export interface PollRecord {
  id: string;
  spaceId: string;
  postId: string | null;
  position: number;
  authorId: string;
  question: string;
  mode: PollMode;
  maxChoices: number;
  scale?: PollScale;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  closesAt: string | null;
  /** Stored closing time (by hand or by the scheduler); see `effectiveClosedAt`. */
  closedAt: string | null;
  createdAt: string;
  options: PollOption[];
}

function scaleFromRow(row: PollRow): PollScale | undefined {
  if (row.scale_min === null || row.scale_max === null) return undefined;
  return {
    min: row.scale_min as PollScale['min'],
    max: row.scale_max as PollScale['max'],
    ...(row.scale_min_label !== null ? { minLabel: row.scale_min_label } : {}),
    ...(row.scale_max_label !== null ? { maxLabel: row.scale_max_label } : {}),
  };
}

function recordFromRow(row: PollRow, options: PollOption[]): PollRecord {
  const scale = scaleFromRow(row);
  return {
    id: row.id,
    spaceId: row.space_id,
    postId: row.post_id,
    position: Number(row.position),
    authorId: row.author_id,
    question: row.question,
    mode: row.mode as PollMode,
    maxChoices: Number(row.max_choices),
    ...(scale ? { scale } : {}),
    anonymous: Number(row.anonymous) === 1,
    resultsVisibility: row.results_visibility as ResultsVisibility,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    options,
  };
}

async function withOptions(db: Kysely<Database>, rows: readonly PollRow[]): Promise<PollRecord[]> {
  if (rows.length === 0) return [];
  const options = await db
    .selectFrom('poll_options')
    .select(['poll_id', 'id', 'label'])
    .where(
      'poll_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('poll_id')
    .orderBy('position')
    .execute();
  const byPoll = new Map<string, PollOption[]>();
  for (const o of options) {
    const list = byPoll.get(o.poll_id) ?? [];
    list.push({ id: o.id, label: o.label });
    byPoll.set(o.poll_id, list);
  }
  return rows.map((row) => recordFromRow(row, byPoll.get(row.id) ?? []));
}

export async function insertPoll(db: Kysely<Database>, poll: PollRecord): Promise<void> {
  const row: NewPoll = {
    id: poll.id,
    space_id: poll.spaceId,
    post_id: poll.postId,
    position: poll.position,
    author_id: poll.authorId,
    question: poll.question,
    mode: poll.mode,
    max_choices: poll.maxChoices,
    scale_min: poll.scale?.min ?? null,
    scale_max: poll.scale?.max ?? null,
    scale_min_label: poll.scale?.minLabel ?? null,
    scale_max_label: poll.scale?.maxLabel ?? null,
    anonymous: poll.anonymous ? 1 : 0,
    results_visibility: poll.resultsVisibility,
    closes_at: poll.closesAt,
    closed_at: poll.closedAt,
    created_at: poll.createdAt,
  };
  await db.insertInto('polls').values(row).execute();
  await db
    .insertInto('poll_options')
    .values(poll.options.map((o, position) => ({ poll_id: poll.id, id: o.id, position, label: o.label })))
    .execute();
}

export async function findPoll(db: Kysely<Database>, id: string): Promise<PollRecord | undefined> {
  const row = await db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await withOptions(db, [row]))[0];
}

/** Polls of the given posts, grouped per post in position order. */
export async function listPostPolls(
  db: Kysely<Database>,
  postIds: readonly string[],
): Promise<Map<string, PollRecord[]>> {
  const result = new Map<string, PollRecord[]>();
  if (postIds.length === 0) return result;
  const rows = await db
    .selectFrom('polls')
    .selectAll()
    .where('post_id', 'in', postIds)
    .orderBy('post_id')
    .orderBy('position')
    .execute();
  for (const poll of await withOptions(db, rows)) {
    if (poll.postId === null) continue;
    const list = result.get(poll.postId) ?? [];
    list.push(poll);
    result.set(poll.postId, list);
  }
  return result;
}

/** How many voted, and how many chose each option. */
export interface PollTally {
  voters: number;
  counts: Map<string, number>;
}

/** Tallies: voters and choices per option, for the given polls (absent when nobody voted). */
export async function tallyPolls(db: Kysely<Database>, pollIds: readonly string[]): Promise<Map<string, PollTally>> {
  const result = new Map<string, PollTally>();
  if (pollIds.length === 0) return result;
  // Counters kept by triggers (migration 0011): one row per option, however many voted.
  const [voters, choices] = await Promise.all([
    db.selectFrom('poll_voter_counts').select(['poll_id', 'n']).where('poll_id', 'in', pollIds).where('n', '>', 0).execute(),
    db
      .selectFrom('poll_option_counts')
      .select(['poll_id', 'option_id', 'n'])
      .where('poll_id', 'in', pollIds)
      .where('n', '>', 0)
      .execute(),
  ]);
  const entry = (pollId: string) => {
    let tally = result.get(pollId);
    if (!tally) result.set(pollId, (tally = { voters: 0, counts: new Map() }));
    return tally;
  };
  // PostgreSQL returns count(*) as a string.
  for (const row of voters) entry(row.poll_id).voters = Number(row.n);
  for (const row of choices) entry(row.poll_id).counts.set(row.option_id, Number(row.n));
  return result;
}

/** The tally of one poll as on the wire: every option present, 0 when unchosen. */
export async function pollResults(db: Kysely<Database>, poll: PollRecord): Promise<PollResults> {
  return resultsFromTally(poll, (await tallyPolls(db, [poll.id])).get(poll.id));
}

export function resultsFromTally(poll: PollRecord, tally: PollTally | undefined): PollResults {
  const counts: Record<string, number> = {};
  for (const option of poll.options) counts[option.id] = tally?.counts.get(option.id) ?? 0;
  return { voters: tally?.voters ?? 0, counts };
}

/** Ballots with their chosen options: a ballot without a choice is one row with a null option. */
function ballotsWithChoices(db: Kysely<Database>) {
  return db
    .selectFrom('ballots')
    .leftJoin('ballot_choices', (join) =>
      join.onRef('ballot_choices.poll_id', '=', 'ballots.poll_id').onRef('ballot_choices.voter_key', '=', 'ballots.voter_key'),
    );
}

/** The chosen option ids of the given ballots, per poll (absent: no ballot). */
export async function findBallots(
  db: Kysely<Database>,
  keys: readonly { pollId: string; voterKey: string }[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (keys.length === 0) return result;
  const rows = await ballotsWithChoices(db)
    .select(['ballots.poll_id', 'ballot_choices.option_id'])
    .where((eb) =>
      eb.or(keys.map((k) => eb.and([eb('ballots.poll_id', '=', k.pollId), eb('ballots.voter_key', '=', k.voterKey)]))),
    )
    .execute();
  for (const row of rows) {
    const list = result.get(row.poll_id) ?? [];
    if (row.option_id !== null) list.push(row.option_id);
    result.set(row.poll_id, list);
  }
  return result;
}

/**
 * Every ballot of these polls with its choices (one row per choice; a
 * ballot of no choice has a null option), if they are at most `max` rows;
 * null when there are more (then each reader's own are looked up instead).
 */
export async function ballotsOn(
  db: Kysely<Database>,
  pollIds: readonly string[],
  max: number,
): Promise<{ poll_id: string; voter_key: string; option_id: string | null }[] | null> {
  if (pollIds.length === 0) return [];
  const rows = await ballotsWithChoices(db)
    .select(['ballots.poll_id', 'ballots.voter_key', 'ballot_choices.option_id'])
    .where('ballots.poll_id', 'in', pollIds)
    // The primary key's order: a walk of its index that the limit stops.
    .orderBy('ballots.poll_id')
    .orderBy('ballots.voter_key')
    .limit(max + 1)
    .execute();
  return rows.length > max ? null : rows;
}

/**
 * Casts or replaces a ballot. The upsert on the (poll_id, voter_key) primary
 * key decides concurrent casts by one person: there is never a second row,
 * only a later set of choices. Run inside a transaction.
 */
export async function castBallot(
  db: Kysely<Database>,
  ballot: { pollId: string; voterKey: string; actorId: string | null; choices: readonly string[]; at: string },
): Promise<void> {
  await db
    .insertInto('ballots')
    .values({
      poll_id: ballot.pollId,
      voter_key: ballot.voterKey,
      actor_id: ballot.actorId,
      created_at: ballot.at,
      updated_at: ballot.at,
    })
    .onConflict((oc) => oc.columns(['poll_id', 'voter_key']).doUpdateSet({ updated_at: ballot.at }))
    .execute();
  await db
    .deleteFrom('ballot_choices')
    .where('poll_id', '=', ballot.pollId)
    .where('voter_key', '=', ballot.voterKey)
    .execute();
  await db
    .insertInto('ballot_choices')
    .values(ballot.choices.map((option_id) => ({ poll_id: ballot.pollId, voter_key: ballot.voterKey, option_id })))
    .execute();
}

/** Withdraws a ballot (its choices go with it); returns whether there was one. */
export async function withdrawBallot(db: Kysely<Database>, pollId: string, voterKey: string): Promise<boolean> {
  const result = await db
    .deleteFrom('ballots')
    .where('poll_id', '=', pollId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Records the closing time unless one is stored already; returns whether it changed. */
export async function markPollClosed(db: Kysely<Database>, pollId: string, closedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('polls')
    .set({ closed_at: closedAt })
    .where('id', '=', pollId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ids of open polls whose closing date is at or before `at`. */
export async function listPollsDue(db: Kysely<Database>, at: string): Promise<string[]> {
  const rows = await db
    .selectFrom('polls')
    .select('id')
    .where('closed_at', 'is', null)
    .where('closes_at', 'is not', null)
    .where('closes_at', '<=', at)
    .orderBy('closes_at')
    .execute();
  return rows.map((r) => r.id);
}

/** The earliest closing date of a poll still open, or null. */
export async function nextPollClosing(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('polls')
    .select((eb) => eb.fn.min('closes_at').as('next'))
    .where('closed_at', 'is', null)
    .where('closes_at', 'is not', null)
    .executeTakeFirst();
  return (row?.next as string | null | undefined) ?? null;
}

/** Largest list of voter keys bound in one query. */
const KEYS_PER_QUERY = 500;

/** The chosen option ids of each of `voterKeys` that has a ballot in the poll (live events shaped for many viewers at once). */
export async function ballotsOfVoters(
  db: Kysely<Database>,
  pollId: string,
  voterKeys: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (let start = 0; start < voterKeys.length; start += KEYS_PER_QUERY) {
    const rows = await ballotsWithChoices(db)
      .select(['ballots.voter_key', 'ballot_choices.option_id'])
      .where('ballots.poll_id', '=', pollId)
      .where('ballots.voter_key', 'in', voterKeys.slice(start, start + KEYS_PER_QUERY))
      .execute();
    for (const row of rows) {
      const choices = found.get(row.voter_key) ?? [];
      if (row.option_id !== null) choices.push(row.option_id);
      found.set(row.voter_key, choices);
    }
  }
  return found;
}
