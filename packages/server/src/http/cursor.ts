import type { MemberPosition } from '../spaces/member-repository.js';
import type { FeedPosition } from '../posts/post-repository.js';
import type { QuestionOrder } from '@ecotone/protocol';
import type { QuestionPosition } from '../talk-shows/talk-show-repository.js';
import { HttpProblem } from './errors.js';

const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Opaque to clients: base64url of `createdAt|id` of the last post of a page. */
export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition {
  const [createdAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !TIMESTAMP_PATTERN.test(createdAt) || !ID_PATTERN.test(id)) {
    throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
  }
  return { createdAt, id };
}

/** Longest display name a members cursor carries, in characters (actors' names are far shorter). */
const MEMBER_NAME_MAX_CHARS = 200;

/** Opaque to clients: base64url of the JSON `[rank, name, id]` of the last member of a page. */
export function encodeMemberCursor(position: MemberPosition): string {
  return Buffer.from(JSON.stringify([position.rank, position.name, position.id]), 'utf8').toString('base64url');
}

export function decodeMemberCursor(cursor: string): MemberPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [rank, name, id] = parsed as unknown[];
    if (
      Number.isInteger(rank) &&
      (rank as number) >= 0 &&
      (rank as number) <= 3 &&
      typeof name === 'string' &&
      name.length <= MEMBER_NAME_MAX_CHARS &&
      typeof id === 'string' &&
      ID_PATTERN.test(id)
    ) {
      return { rank: rank as number, name, id };
    }
  }
  throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
}

/** Largest vote count a questions cursor carries (far above any queue). */
const QUESTION_VOTES_MAX = 1_000_000_000;

/** Opaque to clients: base64url of the JSON `[order, votes, createdAt, id]` of the last question of a page. */
export function encodeQuestionCursor(order: QuestionOrder, position: QuestionPosition): string {
  return Buffer.from(JSON.stringify([order, position.votes, position.createdAt, position.id]), 'utf8').toString('base64url');
}

/** The position a questions cursor names, for the same order it was issued in; `invalid_cursor` otherwise. */
export function decodeQuestionCursor(order: QuestionOrder, cursor: string): QuestionPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 4) {
    const [issuedFor, votes, createdAt, id] = parsed as unknown[];
    if (
      issuedFor === order &&
      Number.isInteger(votes) &&
      (votes as number) >= 0 &&
      (votes as number) <= QUESTION_VOTES_MAX &&
      typeof createdAt === 'string' &&
      TIMESTAMP_PATTERN.test(createdAt) &&
      typeof id === 'string' &&
      ID_PATTERN.test(id)
    ) {
      return { votes: votes as number, createdAt, id };
    }
  }
  throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
}

/** Opaque to clients: base64url of `audit:<seq>`, the last entry of a page of the audit trail. */
export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`, 'utf8').toString('base64url');
}

/** The `seq` an audit cursor names (the next page holds the entries below it); `invalid_cursor` otherwise. */
export function decodeAuditCursor(cursor: string): number {
  const match = /^audit:([1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(seq)) throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
  return seq;
}
