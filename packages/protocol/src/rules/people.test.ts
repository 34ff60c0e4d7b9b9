import { describe, expect, it } from 'vitest';
import {
  commentNotices,
  defaultNotificationPreferences,
  notificationExcerpt,
  mentionErrors,
  mentionMarkdown,
  mentionProblem,
  mentionTarget,
  mentionedIds,
  mentionedIdsOfAll,
  normalizedNotificationPreferences,
  notificationGroupKey,
  wantsNotification,
} from './people.js';

describe('mentions', () => {
  it('reads the ids of mention links, once each, in order', () => {
    expect(mentionedIds('Hi [@Lukas Weber](mention:lukas) and [@Priya](mention:priya), [@L](mention:lukas)')).toEqual(['lukas', 'priya']);
  });

  it('ignores ordinary links, bare text and malformed ids', () => {
    expect(mentionedIds('[@Lukas](https://x.test/lukas) @lukas (mention:lukas) [@x](mention:bad id) [x](mention:lukas)')).toEqual([]);
  });

  it('writes a mention whose label stays one link, whatever the name', () => {
    const md = mentionMarkdown({ id: 'o-b', displayName: 'O] [Brien\\x\ny' });
    expect(mentionedIds(`before ${md} after`)).toEqual(['o-b']);
    expect(md).not.toContain('\n');
  });

  it('merges the mentions of a post and its variants', () => {
    expect(mentionedIdsOfAll(['[@A](mention:a)', '[@B](mention:b) [@A](mention:a)'])).toEqual(['a', 'b']);
  });

  it('tells a mention target from a link', () => {
    expect(mentionTarget('mention:lukas')).toBe('lukas');
    expect(mentionTarget('https://x.test')).toBeUndefined();
    expect(mentionTarget('mention:')).toBeUndefined();
  });

  it('refuses people outside the space, naming only the ids sent', () => {
    expect(mentionErrors(['a', 'b'], new Set(['a', 'b']))).toEqual([]);
    const errors = mentionErrors(['a', 'ghost'], new Set(['a']));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('ghost');
    expect(errors[0]!.message).not.toContain('a,');
    expect(mentionProblem(errors)?.code).toBe('mention_not_allowed');
    expect(mentionProblem([])).toBeNull();
  });

  it('keeps on an edit the people the text mentioned before, whatever became of them', () => {
    expect(mentionErrors(['a', 'gone'], new Set(['a']), '/body/body', new Set(['gone']))).toEqual([]);
    expect(mentionErrors(['a', 'new'], new Set(['a']), '/body/body', new Set(['gone']))).toHaveLength(1);
  });

  it('refuses more than twenty people', () => {
    const ids = Array.from({ length: 21 }, (_, i) => `p${i}`);
    expect(mentionErrors(ids, new Set(ids))[0]!.message).toContain('at most 20');
  });
});

describe('notification preferences', () => {
  it('has mentions, replies and confirmations on by default', () => {
    const prefs = defaultNotificationPreferences();
    for (const kind of ['mention', 'comment', 'reply', 'ack_request'] as const) expect(wantsNotification(prefs, kind, 's')).toBe(true);
    expect(wantsNotification(prefs, 'poll_closed', 's')).toBe(false);
  });

  it('mutes a space for everything but mentions', () => {
    const prefs = { kinds: defaultNotificationPreferences().kinds, mutedSpaces: ['noisy'] };
    expect(wantsNotification(prefs, 'comment', 'noisy')).toBe(false);
    expect(wantsNotification(prefs, 'comment', 'quiet')).toBe(true);
    expect(wantsNotification(prefs, 'mention', 'noisy')).toBe(true);
  });

  it('normalises kinds to the protocol order and spaces to one each', () => {
    expect(normalizedNotificationPreferences({ kinds: ['reply', 'mention', 'reply'], mutedSpaces: ['b', 'a', 'b'] })).toEqual({
      kinds: ['mention', 'reply'],
      mutedSpaces: ['a', 'b'],
    });
  });

  it('groups by kind and object, never a person-specific answer', () => {
    expect(notificationGroupKey('comment', 'post', 'p1')).toBe('comment:post:p1');
    expect(notificationGroupKey('join_answered', 'space', 's')).toBeNull();
  });
});

describe('comment notices', () => {
  it('tells each person once, by the most personal kind', () => {
    expect(commentNotices({ mentioned: [], postAuthorId: 'a', parentAuthorId: null })).toEqual({ mention: [], reply: [], comment: ['a'] });
    expect(commentNotices({ mentioned: ['a'], postAuthorId: 'a', parentAuthorId: 'b' })).toEqual({ mention: ['a'], reply: ['b'], comment: [] });
    expect(commentNotices({ mentioned: ['b'], postAuthorId: 'a', parentAuthorId: 'b' })).toEqual({ mention: ['b'], reply: [], comment: ['a'] });
    expect(commentNotices({ mentioned: [], postAuthorId: 'a', parentAuthorId: 'a' })).toEqual({ mention: [], reply: ['a'], comment: [] });
  });
});

describe('notification excerpts', () => {
  it('keeps the words, mentions as @Name, and cuts long texts at 140 code points', () => {
    expect(notificationExcerpt('## Fire drill on **Friday**, ask [@Lukas](mention:lukas)')).toBe('Fire drill on Friday, ask @Lukas');
    expect(notificationExcerpt('  ')).toBeUndefined();
    const long = notificationExcerpt('😀'.repeat(200))!;
    expect([...long]).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
  });
});
