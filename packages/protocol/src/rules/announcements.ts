/**
 * Which announcement fields are valid: pinning, pin ends, read
 * acknowledgements and scheduling, at publication and on PUT /pin; each
 * refusal with the problem code the server answers.
 */
import type { PostKind, PublishRequest } from '../wire-types.js';
import type { ProblemFieldError } from '../wire-types.js';
import { validationProblem, type RuleProblem } from './problem.js';

const ONLY_ANNOUNCEMENTS = 'is only for announcements';

/**
 * Scheduling, pinning and acknowledgement at publish time (`validation_failed`):
 * pin, pinUntil and requireAcknowledgement only on announcements; pinUntil
 * needs the pin, lies in the future and after publishAt. Dates are assumed
 * well-formed (the request schema checks their format).
 */
export function announcementErrors(
  request: Pick<PublishRequest, 'pin' | 'pinUntil' | 'publishAt' | 'requireAcknowledgement' | 'acknowledgeBy'>,
  kind: PostKind,
  now: Date,
): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (kind !== 'announcement') {
    if (request.pin) errors.push({ path: '/body/pin', message: ONLY_ANNOUNCEMENTS });
    if (request.pinUntil !== undefined) errors.push({ path: '/body/pinUntil', message: ONLY_ANNOUNCEMENTS });
    if (request.requireAcknowledgement) errors.push({ path: '/body/requireAcknowledgement', message: ONLY_ANNOUNCEMENTS });
  }
  if (request.pinUntil !== undefined) {
    if (request.pin === false) errors.push({ path: '/body/pinUntil', message: 'needs pin' });
    else if (Date.parse(request.pinUntil) <= now.getTime()) errors.push({ path: '/body/pinUntil', message: 'is in the past' });
    else if (request.publishAt !== undefined && Date.parse(request.pinUntil) <= Date.parse(request.publishAt)) {
      errors.push({ path: '/body/pinUntil', message: 'is before publishAt' });
    }
  }
  if (request.acknowledgeBy !== undefined) {
    if (!request.requireAcknowledgement) errors.push({ path: '/body/acknowledgeBy', message: 'needs requireAcknowledgement' });
    else if (Date.parse(request.acknowledgeBy) <= Math.max(now.getTime(), request.publishAt === undefined ? 0 : Date.parse(request.publishAt))) {
      errors.push({ path: '/body/acknowledgeBy', message: 'is not after the publication' });
    }
  }
  return errors;
}

/** The pin a publication asks for: `pin`, or implied by `pinUntil`; null when none. Valid requests only. */
export function requestedPin(request: Pick<PublishRequest, 'pin' | 'pinUntil'>): { until: string | null } | null {
  const pin = request.pin ?? request.pinUntil !== undefined;
  if (!pin) return null;
  return { until: request.pinUntil === undefined ? null : new Date(request.pinUntil).toISOString() };
}

/** Why PUT /pin refuses (`validation_failed`): only announcements are pinned, and never until a past time. */
export function pinProblem(kind: PostKind, until: string | undefined, now: Date): RuleProblem | null {
  if (kind !== 'announcement') {
    return { code: 'validation_failed', title: 'Only announcements may be pinned', errors: [{ path: '/params/post', message: 'is not an announcement' }] };
  }
  if (until !== undefined && Date.parse(until) <= now.getTime()) {
    return validationProblem([{ path: '/body/until', message: 'is in the past' }]);
  }
  return null;
}

/** Acknowledgements exist only on posts that ask for them: `acknowledgement_not_requested` otherwise. */
export function acknowledgementProblem(requiresAcknowledgement: boolean): RuleProblem | null {
  return requiresAcknowledgement
    ? null
    : { code: 'acknowledgement_not_requested', title: 'This post does not ask for a read acknowledgement' };
}
