/**
 * Pure functions over a `Poll` as the server sent it: what elements need to
 * decide what to render, and the optimistic ballot the client applies before
 * the server answers. No rxjs, no store: cheap to import anywhere.
 */
import type { Poll } from '@ecotone/protocol';

/**
 * Whether the caller may see the poll's results now. The server decides (by
 * `resultsVisibility`) and leaves `results` out otherwise, so this is only
 * `results !== undefined`; a view never guesses from the visibility rule.
 */
export function pollResultsVisible(poll: Poll): poll is Poll & { results: NonNullable<Poll['results']> } {
  return poll.results !== undefined;
}

/**
 * Whether the poll still takes ballots at `nowMs` (milliseconds since the
 * epoch, default now): not closed by hand and `closesAt` not reached. The
 * server has the last word (`poll_closed`); this is for disabling a form.
 */
export function isPollOpen(poll: Poll, nowMs: number = Date.now()): boolean {
  return poll.closedAt === null && (poll.closesAt === null || Date.parse(poll.closesAt) > nowMs);
}

/**
 * The poll with the caller's ballot set to `choices` (null withdraws it), as
 * the client shows it before the server answers. When results are visible,
 * the previous ballot's choices are taken out of the counts and the new ones
 * put in; `voters` changes only when a ballot appears or disappears. Results
 * that are hidden stay hidden: only the server may reveal them.
 */
export function withBallot(poll: Poll, choices: readonly string[] | null): Poll {
  const before = poll.myBallot?.choices ?? null;
  const myBallot = choices ? { choices: [...choices] } : null;
  if (!poll.results) return { ...poll, myBallot };
  const counts = { ...poll.results.counts };
  for (const id of before ?? []) counts[id] = Math.max(0, (counts[id] ?? 0) - 1);
  for (const id of choices ?? []) counts[id] = (counts[id] ?? 0) + 1;
  const voters = Math.max(0, poll.results.voters + (choices ? 1 : 0) - (before ? 1 : 0));
  return { ...poll, myBallot, results: { voters, counts } };
}
