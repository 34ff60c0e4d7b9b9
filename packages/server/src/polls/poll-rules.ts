/** Poll ids; the rules of drafts and ballots are in @ecotone/protocol/rules, shared with the in-process transports. */
import { randomBytes } from 'node:crypto';

/** Random bytes in a poll id (base64url: 16 characters). */
const POLL_ID_BYTES = 12;

export function newPollId(): string {
  return randomBytes(POLL_ID_BYTES).toString('base64url');
}
