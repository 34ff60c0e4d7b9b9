import type { PostKind, ProblemFieldError, PublishRequest } from '@ecotone/protocol';

/** Scheduling, pinning and acknowledgement at publish time; errors name the offending field. */
export function announcementErrors(body: PublishRequest, kind: PostKind, now: Date): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const onlyAnnouncements = 'is only for announcements';
  if (kind !== 'announcement') {
    if (body.pin) errors.push({ path: '/body/pin', message: onlyAnnouncements });
    if (body.pinUntil !== undefined) errors.push({ path: '/body/pinUntil', message: onlyAnnouncements });
    if (body.requireAcknowledgement) errors.push({ path: '/body/requireAcknowledgement', message: onlyAnnouncements });
  }
  if (body.pinUntil !== undefined) {
    if (body.pin === false) errors.push({ path: '/body/pinUntil', message: 'needs pin' });
    else if (Date.parse(body.pinUntil) <= now.getTime()) errors.push({ path: '/body/pinUntil', message: 'is in the past' });
    else if (body.publishAt !== undefined && Date.parse(body.pinUntil) <= Date.parse(body.publishAt)) {
      errors.push({ path: '/body/pinUntil', message: 'is before publishAt' });
    }
  }
  return errors;
}
