import type { FeedPosition } from './repositories/posts.js';
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
