import { describe, expect, it } from 'vitest';
import type { PostKind, PublishRequest } from '../wire-types.js';
import { acknowledgementProblem, announcementErrors, pinProblem, requestedPin } from './announcements.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const PAST = '2026-06-01T11:00:00.000Z';
const SOON = '2026-06-01T13:00:00.000Z';
const LATER = '2026-06-01T15:00:00.000Z';

type Fields = Pick<PublishRequest, 'pin' | 'pinUntil' | 'publishAt' | 'requireAcknowledgement'>;

describe('announcementErrors', () => {
  const only = 'is only for announcements';
  const cases: [string, PostKind, Fields, { path: string; message: string }[]][] = [
    ['a plain note', 'note', {}, []],
    ['a pinned announcement', 'announcement', { pin: true }, []],
    ['an announcement pinned until later, acknowledged', 'announcement', { pinUntil: SOON, requireAcknowledgement: true }, []],
    ['a scheduled announcement pinned past its publication', 'announcement', { publishAt: SOON, pinUntil: LATER }, []],
    ['a pinned note', 'note', { pin: true }, [{ path: '/body/pin', message: only }]],
    ['a pinned question', 'question', { pinUntil: SOON }, [{ path: '/body/pinUntil', message: only }]],
    ['a note asking for acknowledgement', 'note', { requireAcknowledgement: true }, [{ path: '/body/requireAcknowledgement', message: only }]],
    ['a note not pinned, not acknowledged', 'note', { pin: false, requireAcknowledgement: false }, []],
    ['an end without the pin', 'announcement', { pin: false, pinUntil: SOON }, [{ path: '/body/pinUntil', message: 'needs pin' }]],
    ['an end in the past', 'announcement', { pinUntil: PAST }, [{ path: '/body/pinUntil', message: 'is in the past' }]],
    ['an end now', 'announcement', { pinUntil: NOW.toISOString() }, [{ path: '/body/pinUntil', message: 'is in the past' }]],
    ['an end before publication', 'announcement', { publishAt: LATER, pinUntil: SOON }, [{ path: '/body/pinUntil', message: 'is before publishAt' }]],
    [
      'a note with every announcement field wrong',
      'note',
      { pin: true, pinUntil: PAST, requireAcknowledgement: true },
      [
        { path: '/body/pin', message: only },
        { path: '/body/pinUntil', message: only },
        { path: '/body/requireAcknowledgement', message: only },
        { path: '/body/pinUntil', message: 'is in the past' },
      ],
    ],
  ];
  it.each(cases)('%s', (_what, kind, fields, errors) => {
    expect(announcementErrors(fields, kind, NOW)).toEqual(errors);
  });
});

describe('requestedPin', () => {
  it.each([
    [{}, null],
    [{ pin: false }, null],
    [{ pin: true }, { until: null }],
    [{ pinUntil: '2026-06-01T15:00:00+02:00' }, { until: SOON }],
    [{ pin: true, pinUntil: SOON }, { until: SOON }],
  ] as [Fields, { until: string | null } | null][])('%o pins %o', (fields, pin) => {
    expect(requestedPin(fields)).toEqual(pin);
  });
});

describe('pinProblem', () => {
  it.each([
    ['announcement', undefined, null],
    ['announcement', SOON, null],
    ['announcement', PAST, { path: '/body/until', message: 'is in the past' }],
    ['note', undefined, { path: '/params/post', message: 'is not an announcement' }],
    ['question', SOON, { path: '/params/post', message: 'is not an announcement' }],
  ] as [PostKind, string | undefined, { path: string; message: string } | null][])('a %s pinned until %s: %o', (kind, until, error) => {
    const problem = pinProblem(kind, until, NOW);
    if (error === null) expect(problem).toBeNull();
    else expect(problem).toMatchObject({ code: 'validation_failed', errors: [error] });
  });
});

describe('acknowledgementProblem', () => {
  it('refuses acknowledging a post that does not ask for it', () => {
    expect(acknowledgementProblem(true)).toBeNull();
    expect(acknowledgementProblem(false)?.code).toBe('acknowledgement_not_requested');
  });
});
