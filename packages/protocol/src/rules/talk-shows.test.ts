import { describe, expect, it } from 'vitest';
import {
  canSeeQuestion,
  moderatesTalkShow,
  questionStateProblem,
  questionVoteProblem,
  streamLinkOf,
  streamLinkProblem,
  talkShowDuration,
  talkShowErrors,
  talkShowPhase,
} from './talk-shows.js';

const draft = { title: 'Ask the CFO', hosts: ['amelie', 'thomas'], startsAt: '2026-12-10T15:00:00.000Z' };
const members = new Set(['amelie', 'thomas']);
const isMember = (id: string) => members.has(id);

describe('talkShowErrors', () => {
  it('requires the talk-show exactly for its kind', () => {
    expect(talkShowErrors({ talkShow: draft }, 'talk_show', isMember)).toEqual([]);
    expect(talkShowErrors({}, 'talk_show', isMember)).toEqual([{ path: '/body/talkShow', message: 'is required for a talk-show' }]);
    expect(talkShowErrors({ talkShow: draft }, 'note', isMember)).toEqual([{ path: '/body/talkShow', message: 'is only for talk-shows (kind talk_show)' }]);
    expect(talkShowErrors({}, 'note', isMember)).toEqual([]);
  });

  it('refuses a blank title and hosts who are not members', () => {
    const errors = talkShowErrors({ talkShow: { ...draft, title: ' \u200b ', hosts: ['amelie', 'zoe'] } }, 'talk_show', isMember);
    expect(errors.map((e) => e.path)).toEqual(['/body/talkShow/title', '/body/talkShow/hosts/1']);
  });

  it('lasts an hour unless told', () => {
    expect(talkShowDuration({})).toBe(60);
    expect(talkShowDuration({ durationMinutes: 30 })).toBe(30);
  });
});

describe('stream links', () => {
  it('keeps http(s) links with a host and no credentials, normalised', () => {
    expect(streamLinkOf(' HTTPS://Stream.Example.com/live ')).toEqual({ url: 'https://stream.example.com/live', host: 'stream.example.com' });
    expect(streamLinkOf('http://[::1]:8080/x')).toEqual({ url: 'http://[::1]:8080/x', host: '::1' });
    for (const bad of ['javascript:alert(1)', 'ftp://a.example/', 'https://user:pw@a.example/', 'not a url', 'data:text/html,hi']) {
      expect(streamLinkOf(bad), bad).toBeUndefined();
    }
  });

  it('refuses links the egress policy does not permit, with stream_link_refused', () => {
    const onlyCorp = (host: string) => host === 'stream.corp.example';
    expect(streamLinkProblem('https://stream.corp.example/a', onlyCorp)).toBeNull();
    expect(streamLinkProblem('https://evil.example/a', onlyCorp)?.code).toBe('stream_link_refused');
    expect(streamLinkProblem('javascript:alert(1)', () => true)?.code).toBe('stream_link_refused');
    expect(streamLinkProblem('https://stream.corp.example/a', () => false)?.code).toBe('stream_link_refused');
  });
});

describe('moderation and visibility', () => {
  const show = { hostIds: ['thomas'] };
  it('lets hosts, owners and correspondents moderate', () => {
    expect(moderatesTalkShow(show, 'thomas', 'member')).toBe(true);
    expect(moderatesTalkShow(show, 'amelie', 'owner')).toBe(true);
    expect(moderatesTalkShow(show, 'hannah', 'correspondent')).toBe(true);
    expect(moderatesTalkShow(show, 'marco', 'member')).toBe(false);
    expect(moderatesTalkShow(show, 'lukas', null)).toBe(false);
    expect(questionStateProblem(false)?.code).toBe('forbidden');
    expect(questionStateProblem(true)).toBeNull();
  });

  it('shows a hidden question to its moderators and its author only', () => {
    const hidden = { authorId: 'marco', state: 'hidden' as const };
    expect(canSeeQuestion(hidden, 'marco', false)).toBe(true);
    expect(canSeeQuestion(hidden, 'thomas', true)).toBe(true);
    expect(canSeeQuestion(hidden, 'lukas', false)).toBe(false);
    expect(canSeeQuestion({ ...hidden, state: 'answered' }, 'lukas', false)).toBe(true);
  });

  it('takes votes on open questions only', () => {
    expect(questionVoteProblem('open')).toBeNull();
    expect(questionVoteProblem('answered')?.code).toBe('conflict');
    expect(questionVoteProblem('hidden')?.code).toBe('conflict');
  });
});

describe('talkShowPhase', () => {
  const show = { startsAt: '2026-12-10T15:00:00.000Z', durationMinutes: 60 };
  it('is upcoming before the start, live until the end, ended after', () => {
    expect(talkShowPhase(show, new Date('2026-12-10T14:59:59.999Z'))).toBe('upcoming');
    expect(talkShowPhase(show, new Date('2026-12-10T15:00:00.000Z'))).toBe('live');
    expect(talkShowPhase(show, new Date('2026-12-10T15:59:59.999Z'))).toBe('live');
    expect(talkShowPhase(show, new Date('2026-12-10T16:00:00.000Z'))).toBe('ended');
  });
});
