import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Poll, Role } from '@ecotone/protocol';
import { effectiveClosedAt, pollViewerRights } from '@ecotone/protocol/rules';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { findBallots, resultsFromTally, tallyPolls, type PollRecord } from './poll-repository.js';

/**
 * The key a person's ballot is stored under. For anonymous polls it is an
 * HMAC of (secret, poll, person): stable, so the primary key still allows one
 * ballot per person, yet without the secret nobody can tell whose it is, and
 * the poll id in the input keeps one person's keys unlinkable across polls.
 */
export function voterKey(secret: Buffer, poll: Pick<PollRecord, 'id' | 'anonymous'>, actorId: string): string {
  if (!poll.anonymous) return actorId;
  return createHmac('sha256', secret).update(`${poll.id}\0${actorId}`).digest('base64url');
}

/** Who looks at polls: their id, their role per space, and the server's clock and secret. */
export interface PollViewer {
  id: string;
  roleIn: (spaceId: string) => Role | null;
  secret: Buffer;
  now: Date;
}

/** The viewer of polls for a request: the caller's roles are loaded once. */
export async function pollViewerOf(
  ctx: Pick<ServerContext, 'readers' | 'ballotSecret' | 'now'>,
  actorId: string,
): Promise<PollViewer> {
  const roles = await ctx.readers.roles(actorId);
  return { id: actorId, roleIn: (spaceId) => roles.get(spaceId) ?? null, secret: ctx.ballotSecret, now: ctx.now() };
}

/** Wire polls as this viewer sees them, loading tallies and ballots in two queries each. */
export async function pollViews(db: Kysely<Database>, viewer: PollViewer, polls: readonly PollRecord[]): Promise<Poll[]> {
  if (polls.length === 0) return [];
  const keys = polls.map((poll) => ({ pollId: poll.id, voterKey: voterKey(viewer.secret, poll, viewer.id) }));
  const [tallies, ballots] = await Promise.all([
    tallyPolls(
      db,
      polls.map((p) => p.id),
    ),
    findBallots(db, keys),
  ]);
  return polls.map((poll) => {
    const choices = ballots.get(poll.id);
    return pollView(poll, {
      viewerId: viewer.id,
      role: viewer.roleIn(poll.spaceId),
      choices: choices ?? null,
      results: resultsFromTally(poll, tallies.get(poll.id)),
      now: viewer.now,
    });
  });
}

/** What of a poll depends on who looks at it: their ballot, whether they see the results, whether they may close it. */
export interface PollViewerPart {
  choices: readonly string[] | null;
  seesResults: boolean;
  canClose: boolean;
}

/** The rules that decide a viewer's part of a poll. */
export function pollViewerPart(
  poll: PollRecord,
  viewer: { viewerId: string; role: Role | null; choices: readonly string[] | null; now: Date },
): PollViewerPart {
  const { seesResults, canClose } = pollViewerRights(poll, {
    viewerId: viewer.viewerId,
    role: viewer.role,
    hasBallot: viewer.choices !== null,
    now: viewer.now,
  });
  return { choices: viewer.choices, seesResults, canClose };
}

/** A wire poll from what everyone sees of it and one viewer's part. */
export function pollShape(poll: PollRecord, part: PollViewerPart, results: Poll['results'], now: Date): Poll {
  return {
    id: poll.id,
    spaceId: poll.spaceId,
    postId: poll.postId,
    position: poll.position,
    authorId: poll.authorId,
    question: poll.question,
    mode: poll.mode,
    options: poll.options,
    maxChoices: poll.maxChoices,
    ...(poll.scale ? { scale: poll.scale } : {}),
    anonymous: poll.anonymous,
    resultsVisibility: poll.resultsVisibility,
    closesAt: poll.closesAt,
    closedAt: effectiveClosedAt(poll, now),
    myBallot: part.choices === null ? null : { choices: [...part.choices] },
    ...(part.seesResults && results ? { results } : {}),
    canClose: part.canClose,
  };
}

/** One wire poll for one viewer; `results` is left out unless the viewer may see it. */
export function pollView(
  poll: PollRecord,
  viewer: {
    viewerId: string;
    role: Role | null;
    choices: readonly string[] | null;
    results: Poll['results'];
    now: Date;
  },
): Poll {
  return pollShape(poll, pollViewerPart(poll, viewer), viewer.results, viewer.now);
}
