/**
 * Every read stays bounded by its page, whatever the size of the history.
 * On a database of the demo plus 100,000 generated posts (and thousands of
 * people, reactions and comments), every route the server registers is
 * called with a real request, every SQL statement it runs is recorded, and
 * SQLite's plan of each is checked: no statement may scan a large table or
 * sort one in a temporary B-tree. A new route must be given requests here,
 * so a route without an index fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { openEvents, recordQueries, skipOnPostgres, startTestServer, TEST_NOW, type QueryRecorder, type TestServer } from '../_harness.js';
import { bulkGenerate } from '../seed/bulk.js';
import { purgeExpiredContent } from '../retention/purge.js';

interface Req {
  method: string;
  path: string;
  as?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The headers of a tus request (resumable uploads). */
const TUS = { 'tus-resumable': '1.0.0' };
const tusMetadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

interface Ids {
  /** A generated post of `general`, old enough to be deep in its history. */
  post: string;
  /** A generated post with thousands of reactions and comments. */
  viral: string;
  comment: string;
  poll: string;
  options: string[];
  survey: string;
  surveyPoll: string;
  surveyOptions: string[];
  note: string;
  /** Cursors of the second pages. */
  feedCursor: string;
  multiCursor: string;
  membersCursor: string;
  commentsCursor: string;
  notesCursor: string;
  notificationsCursor: string;
  /** One of amelie's many notifications. */
  notification: string;
  /** The demo's talk-show (thousands of questions) and one of its questions. */
  talkShow: string;
  question: string;
  questionsTopCursor: string;
  questionsNewCursor: string;
  /** The second page of the audit trail. */
  auditCursor: string;
  /** A technology-watch source of general, and a watch post. */
  watchSource: string;
  watchPost: string;
}

const SPACE_FEED = '/api/v1/spaces/general/feed?limit=20';
const MULTI_FEED = '/api/v1/feed?spaces=general,announcements,lyon-site&limit=20';
const cursor = (c: string) => `&cursor=${encodeURIComponent(c)}`;

/** Every registered route, with the requests that exercise its queries (reads first, then writes). */
const ROUTES: Record<string, (ids: Ids) => Req[]> = {
  'GET /api/v1/me': () => [{ method: 'GET', path: '/api/v1/me' }],
  // Each filter alone, two together, and a next page: every one a range of an index ending in seq.
  // Thousands of open reports and hundreds of hidden posts in general (beforeAll): one range of an index each.
  'GET /api/v1/spaces/:space/moderation': () => [{ method: 'GET', path: '/api/v1/spaces/general/moderation' }],
  'GET /api/v1/spaces/:space/word-filters': () => [{ method: 'GET', path: '/api/v1/spaces/general/word-filters' }],
  'GET /api/v1/audit': (ids) => [
    { method: 'GET', path: '/api/v1/audit' },
    { method: 'GET', path: `/api/v1/audit?limit=100&before=${encodeURIComponent(ids.auditCursor)}` },
    { method: 'GET', path: '/api/v1/audit?action=post.publish' },
    { method: 'GET', path: '/api/v1/audit?actor=thomas' },
    { method: 'GET', path: '/api/v1/audit?space=general' },
    { method: 'GET', path: `/api/v1/audit?space=general&action=member.role&before=${encodeURIComponent(ids.auditCursor)}` },
  ],
  'GET /api/v1/dev/actors': () => [{ method: 'GET', path: '/api/v1/dev/actors' }],
  'GET /api/v1/spaces': () => [
    { method: 'GET', path: '/api/v1/spaces' },
    { method: 'GET', path: '/api/v1/spaces?q=site' },
  ],
  'GET /api/v1/people': () => [
    { method: 'GET', path: '/api/v1/people?q=' },
    { method: 'GET', path: '/api/v1/people?q=person%201' },
    { method: 'GET', path: '/api/v1/people?q=person&spaceId=general' },
    { method: 'GET', path: '/api/v1/people?q=an&spaceId=rnd-oncology', as: 'priya' },
    { method: 'GET', path: '/api/v1/people?q=zzz-nobody&spaceId=security-watch', as: 'julien' },
  ],
  'GET /api/v1/people/:actor': () => [
    { method: 'GET', path: '/api/v1/people/amelie' },
    { method: 'GET', path: '/api/v1/people/bulk-person-7', as: 'thomas' },
    { method: 'GET', path: '/api/v1/people/lukas', as: 'julien' },
  ],
  'GET /api/v1/spaces/:space': () => [{ method: 'GET', path: '/api/v1/spaces/general' }],
  'GET /api/v1/spaces/:space/feed': (ids) => [
    // The owner sees drafts and reads their own page; a member shares the kept one.
    { method: 'GET', path: SPACE_FEED },
    { method: 'GET', path: SPACE_FEED + cursor(ids.feedCursor) },
    { method: 'GET', path: SPACE_FEED, as: 'thomas' },
    { method: 'GET', path: SPACE_FEED + cursor(ids.feedCursor), as: 'thomas' },
  ],
  'GET /api/v1/feed': (ids) => [
    { method: 'GET', path: MULTI_FEED },
    { method: 'GET', path: MULTI_FEED + cursor(ids.multiCursor) },
    { method: 'GET', path: MULTI_FEED, as: 'thomas' },
  ],
  'GET /api/v1/posts/search': () => [
    { method: 'GET', path: '/api/v1/posts/search?q=quality' },
    { method: 'GET', path: '/api/v1/posts/search?q=s%C3%A9curit%C3%A9&space=general' },
  ],
  'GET /api/v1/posts/:post': (ids) => [{ method: 'GET', path: `/api/v1/posts/${ids.viral}` }],
  'GET /api/v1/posts/:post/comments': (ids) => [
    { method: 'GET', path: `/api/v1/posts/${ids.viral}/comments` },
    { method: 'GET', path: `/api/v1/posts/${ids.viral}/comments?cursor=${encodeURIComponent(ids.commentsCursor)}` },
  ],
  'GET /api/v1/posts/:post/acks': (ids) => [{ method: 'GET', path: `/api/v1/posts/${ids.viral}/acks` }],
  'GET /api/v1/objects/:object/reactions': (ids) => [
    { method: 'GET', path: `/api/v1/objects/${ids.viral}/reactions` },
    { method: 'GET', path: `/api/v1/objects/${ids.comment}/reactions` },
  ],
  'GET /api/v1/polls/:poll': (ids) => [{ method: 'GET', path: `/api/v1/polls/${ids.poll}` }],
  'GET /api/v1/spaces/:space/members': (ids) => [
    { method: 'GET', path: '/api/v1/spaces/general/members' },
    { method: 'GET', path: `/api/v1/spaces/general/members?cursor=${encodeURIComponent(ids.membersCursor)}` },
  ],
  'GET /api/v1/spaces/:space/requests': () => [{ method: 'GET', path: '/api/v1/spaces/rnd-oncology/requests', as: 'priya' }],
  'GET /api/v1/notes': (ids) => [
    { method: 'GET', path: '/api/v1/notes' },
    { method: 'GET', path: `/api/v1/notes?cursor=${encodeURIComponent(ids.notesCursor)}` },
    { method: 'GET', path: '/api/v1/notes?q=zero%20trust' },
    { method: 'GET', path: '/api/v1/notes?space=tech-watch&tag=security' },
  ],
  'GET /api/v1/notes/review': () => [{ method: 'GET', path: '/api/v1/notes/review' }],
  'GET /api/v1/notes/:note': (ids) => [{ method: 'GET', path: `/api/v1/notes/${ids.note}` }],
  'GET /api/v1/notes/:note/revisions': (ids) => [{ method: 'GET', path: `/api/v1/notes/${ids.note}/revisions` }],
  'GET /api/v1/previews/images/:image': () => [{ method: 'GET', path: '/api/v1/previews/images/no-such-image' }],
  'GET /api/v1/events': () => [],
  'GET /api/v1/notifications': (ids) => [
    { method: 'GET', path: '/api/v1/notifications?limit=20' },
    { method: 'GET', path: `/api/v1/notifications?limit=20&cursor=${encodeURIComponent(ids.notificationsCursor)}` },
    { method: 'GET', path: '/api/v1/notifications?order=unread&limit=20' },
  ],
  'GET /api/v1/notifications/unread': () => [{ method: 'GET', path: '/api/v1/notifications/unread' }],
  'GET /api/v1/me/notification-preferences': () => [{ method: 'GET', path: '/api/v1/me/notification-preferences' }],

  'POST /api/v1/previews': () => [{ method: 'POST', path: '/api/v1/previews', body: { url: 'https://example.com/' } }],
  'POST /api/v1/spaces/:space/posts': (ids) => [
    { method: 'POST', path: '/api/v1/spaces/general/posts', body: { body: 'A new post about quality.' } },
    // Quoting a post: the quoted post is read as GET /posts/:id reads it, and shown in the answer.
    { method: 'POST', path: '/api/v1/spaces/announcements/posts', body: { body: 'Worth reading again.', quote: ids.viral } },
    // A mention, and a confirmation asked of the whole space (3,000 people).
    {
      method: 'POST',
      path: '/api/v1/spaces/general/posts',
      body: { body: 'Read this, [@Thomas](mention:thomas)', kind: 'announcement', requireAcknowledgement: true },
    },
  ],
  // The space and the caller's role by their keys, then the space by its key in the transaction.
  'PUT /api/v1/spaces/:space/capabilities': () => [
    { method: 'PUT', path: '/api/v1/spaces/general/capabilities', as: 'amelie', body: { comments: false } },
    { method: 'PUT', path: '/api/v1/spaces/general/capabilities', as: 'amelie', body: { comments: true } },
  ],
  'PUT /api/v1/me/notification-preferences': () => [
    { method: 'PUT', path: '/api/v1/me/notification-preferences', as: 'thomas', body: { kinds: ['mention', 'comment', 'reply'], mutedSpaces: ['lyon-site'] } },
  ],
  'POST /api/v1/notifications/:notification/read': (ids) => [{ method: 'POST', path: `/api/v1/notifications/${ids.notification}/read` }],
  'POST /api/v1/notifications/read-all': () => [{ method: 'POST', path: '/api/v1/notifications/read-all' }],
  // Uploads: the owner's row by its key, the space's publishing rights.
  'POST /api/v1/uploads': () => [
    { method: 'POST', path: '/api/v1/uploads', headers: { ...TUS, 'upload-length': '10', 'upload-metadata': tusMetadata({ space: 'general', filename: 'a.txt' }) } },
  ],
  'PATCH /api/v1/uploads/:upload': () => [
    { method: 'PATCH', path: '/api/v1/uploads/no-such-upload', headers: { ...TUS, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: 'abc' },
  ],
  // Files: the token's key (a setting), the person's state, the file and its size by their keys.
  'GET /api/v1/files/token': () => [{ method: 'GET', path: '/api/v1/files/token' }],
  'GET /api/v1/files/:file': () => [{ method: 'GET', path: '/api/v1/files/AAAAAAAAAAAAAAAAAAAAAA?t=x' }],
  'GET /api/v1/files/:file/:size': () => [{ method: 'GET', path: '/api/v1/files/AAAAAAAAAAAAAAAAAAAAAA/w320?t=x' }],
  'DELETE /api/v1/uploads/:upload': () => [
    { method: 'HEAD', path: '/api/v1/uploads/no-such-upload', headers: TUS },
    { method: 'DELETE', path: '/api/v1/uploads/no-such-upload', headers: TUS },
  ],
  'POST /api/v1/spaces/:space/polls': () => [
    { method: 'POST', path: '/api/v1/spaces/general/polls', body: { question: 'Which site?', mode: 'single', options: ['Lyon', 'Basel'] } },
  ],
  'POST /api/v1/spaces/:space/notes': () => [{ method: 'POST', path: '/api/v1/spaces/general/notes', body: { title: 'A note' } }],
  'POST /api/v1/spaces/:space/join': () => [{ method: 'POST', path: '/api/v1/spaces/rnd-oncology/join', as: 'thomas', body: {} }],
  'PUT /api/v1/spaces/:space/members/:actor': () => [
    { method: 'PUT', path: '/api/v1/spaces/general/members/bulk-person-7', body: { role: 'correspondent' } },
  ],
  'DELETE /api/v1/spaces/:space/members/:actor': () => [{ method: 'DELETE', path: '/api/v1/spaces/general/members/bulk-person-8' }],
  'PUT /api/v1/spaces/:space/requests/:actor': () => [{ method: 'PUT', path: '/api/v1/spaces/rnd-oncology/requests/marco', as: 'priya' }],
  'DELETE /api/v1/spaces/:space/requests/:actor': () => [{ method: 'DELETE', path: '/api/v1/spaces/rnd-oncology/requests/sophie', as: 'priya' }],
  'PATCH /api/v1/posts/:post': (ids) => [{ method: 'PATCH', path: `/api/v1/posts/${ids.post}`, body: { body: 'Edited.' } }],
  'POST /api/v1/posts/:post/translations': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/translations`, body: { locale: 'de' } }],
  'PUT /api/v1/posts/:post/pin': (ids) => [{ method: 'PUT', path: `/api/v1/posts/${ids.viral}/pin`, body: {} }],
  'DELETE /api/v1/posts/:post/pin': (ids) => [{ method: 'DELETE', path: `/api/v1/posts/${ids.viral}/pin` }],
  'PUT /api/v1/posts/:post/acks': (ids) => [{ method: 'PUT', path: `/api/v1/posts/${ids.viral}/acks` }],
  'GET /api/v1/posts/:post/questions': (ids) => [
    { method: 'GET', path: `/api/v1/posts/${ids.talkShow}/questions` },
    { method: 'GET', path: `/api/v1/posts/${ids.talkShow}/questions?order=top&cursor=${encodeURIComponent(ids.questionsTopCursor)}`, as: 'marco' },
    { method: 'GET', path: `/api/v1/posts/${ids.talkShow}/questions?order=new`, as: 'marco' },
    { method: 'GET', path: `/api/v1/posts/${ids.talkShow}/questions?order=new&cursor=${encodeURIComponent(ids.questionsNewCursor)}` },
  ],
  'POST /api/v1/posts/:post/questions': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.talkShow}/questions`, as: 'marco', body: { body: 'A question' } }],
  'PUT /api/v1/questions/:question/vote': (ids) => [{ method: 'PUT', path: `/api/v1/questions/${ids.question}/vote`, as: 'thomas' }],
  'DELETE /api/v1/questions/:question/vote': (ids) => [{ method: 'DELETE', path: `/api/v1/questions/${ids.question}/vote`, as: 'thomas' }],
  'POST /api/v1/questions/:question/state': (ids) => [
    { method: 'POST', path: `/api/v1/questions/${ids.question}/state`, body: { state: 'hidden' } },
    { method: 'POST', path: `/api/v1/questions/${ids.question}/state`, body: { state: 'open' } },
  ],
  'POST /api/v1/posts/:post/comments': (ids) => [
    { method: 'POST', path: `/api/v1/posts/${ids.viral}/comments`, body: { body: 'A comment' } },
    { method: 'POST', path: `/api/v1/posts/${ids.viral}/comments`, as: 'thomas', body: { body: 'Agreed, [@Amélie](mention:amelie)', parentId: ids.comment } },
  ],
  'PATCH /api/v1/comments/:comment': (ids) => [{ method: 'PATCH', path: `/api/v1/comments/${ids.comment}`, body: { body: 'Edited comment' } }],
  'PUT /api/v1/objects/:object/reactions/:kind': (ids) => [
    { method: 'PUT', path: `/api/v1/objects/${ids.viral}/reactions/like`, as: 'thomas' },
    { method: 'PUT', path: `/api/v1/objects/${ids.comment}/reactions/like`, as: 'thomas' },
  ],
  'DELETE /api/v1/objects/:object/reactions/:kind': (ids) => [
    { method: 'DELETE', path: `/api/v1/objects/${ids.viral}/reactions/like`, as: 'thomas' },
  ],
  'PUT /api/v1/polls/:poll/ballot': (ids) => [{ method: 'PUT', path: `/api/v1/polls/${ids.poll}/ballot`, as: 'thomas', body: { choices: [ids.options[0]] } }],
  'DELETE /api/v1/polls/:poll/ballot': (ids) => [{ method: 'DELETE', path: `/api/v1/polls/${ids.poll}/ballot`, as: 'thomas' }],
  'PUT /api/v1/posts/:post/ballots': (ids) => [
    {
      method: 'PUT',
      path: `/api/v1/posts/${ids.survey}/ballots`,
      as: 'thomas',
      body: { answers: [{ pollId: ids.surveyPoll, choices: [ids.surveyOptions[0]] }] },
    },
  ],
  'POST /api/v1/polls/:poll/close': (ids) => [{ method: 'POST', path: `/api/v1/polls/${ids.poll}/close` }],
  // Technology-watch sources (egress allow-listing feeds.example, which never resolves here).
  'GET /api/v1/spaces/:space/watch/sources': () => [
    { method: 'GET', path: '/api/v1/spaces/general/watch/sources' },
    { method: 'GET', path: '/api/v1/spaces/general/watch/sources', as: 'marco' },
  ],
  'POST /api/v1/spaces/:space/watch/sources': () => [
    { method: 'POST', path: '/api/v1/spaces/general/watch/sources', body: { url: 'https://feeds.example/rss.xml' } },
    { method: 'POST', path: '/api/v1/spaces/general/watch/sources', body: { url: 'https://feeds.example/rss.xml', title: 'Again' } },
  ],
  'GET /api/v1/spaces/:space/watch/opml': () => [{ method: 'GET', path: '/api/v1/spaces/general/watch/opml' }],
  'POST /api/v1/spaces/:space/watch/opml': () => [
    { method: 'POST', path: '/api/v1/spaces/general/watch/opml', body: { opml: '<opml version="2.0"><body><outline text="A" xmlUrl="https://feeds.example/a.xml"/><outline text="B" xmlUrl="https://feeds.example/rss.xml"/></body></opml>' } },
  ],
  'DELETE /api/v1/watch/sources/:source': (ids) => [{ method: 'DELETE', path: `/api/v1/watch/sources/${ids.watchSource}` }],
  'POST /api/v1/posts/:post/watch/triage': (ids) => [
    { method: 'POST', path: `/api/v1/posts/${ids.watchPost}/watch/triage`, as: 'thomas', body: { action: 'dismiss' } },
    { method: 'POST', path: `/api/v1/posts/${ids.watchPost}/promote`, body: {} },
  ],
  'POST /api/v1/posts/:post/promote': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/promote`, body: {} }],
  'PATCH /api/v1/notes/:note': (ids) => [{ method: 'PATCH', path: `/api/v1/notes/${ids.note}`, body: { title: 'Renamed', revision: 1 } }],
  'PUT /api/v1/spaces/:space/word-filters': () => [{ method: 'PUT', path: '/api/v1/spaces/general/word-filters', body: { words: ['quality', 'café crème'] } }],
  'POST /api/v1/reports': (ids) => [
    { method: 'POST', path: '/api/v1/reports', as: 'marco', body: { targetType: 'post', targetId: ids.post, reason: 'spam', text: 'An ad' } },
    { method: 'POST', path: '/api/v1/reports', as: 'marco', body: { targetType: 'comment', targetId: ids.comment, reason: 'harassment' } },
    { method: 'POST', path: '/api/v1/reports', as: 'marco', body: { targetType: 'note', targetId: ids.note, reason: 'misinformation' } },
  ],
  'POST /api/v1/moderation/:targetType/:targetId/hide': (ids) => [
    { method: 'POST', path: `/api/v1/moderation/post/${ids.post}/hide`, body: { reason: 'Advertising' } },
    { method: 'POST', path: `/api/v1/moderation/comment/${ids.comment}/hide`, body: { reason: 'Be kind' } },
  ],
  'POST /api/v1/moderation/:targetType/:targetId/restore': (ids) => [
    { method: 'POST', path: `/api/v1/moderation/post/${ids.post}/restore` },
    { method: 'POST', path: `/api/v1/moderation/note/${ids.note}/restore` },
  ],
  // Not held: refused (409) once the guard has read it.
  'POST /api/v1/posts/:post/release': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/release` }],
  'DELETE /api/v1/comments/:comment': (ids) => [{ method: 'DELETE', path: `/api/v1/comments/${ids.comment}` }],
  'DELETE /api/v1/notes/:note': (ids) => [{ method: 'DELETE', path: `/api/v1/notes/${ids.note}` }],
  // Moving a post: everything that names its space follows it (its comments, notifications, files, reports).
  'POST /api/v1/posts/:post/move': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/move`, body: { spaceId: 'announcements' } }],
  'DELETE /api/v1/posts/:post': (ids) => [{ method: 'DELETE', path: `/api/v1/posts/${ids.post}` }],
};

/**
 * Tables small by nature (a company has hundreds of spaces, not millions):
 * reading them whole is fine. Every other table grows with the history.
 */
const SMALL_TABLES = new Set(['spaces', 'settings', 'kysely_migration', 'kysely_migration_lock']);

/**
 * The most rows one step may visit without being cut by a LIMIT: a page
 * (at most 100 items), the options of a poll, the spaces of a person.
 */
const MAX_ROWS_PER_STEP = 200;

/**
 * What a plan step may cost, from the data itself: for a search by the
 * first k columns of an index, the largest number of rows that share one
 * value of those columns (the viral post's reactions, the biggest space's
 * posts), so skew counts, not the average.
 */
class FanOut {
  private readonly cache = new Map<string, number>();
  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  private rows(table: string): number {
    return this.memo(`rows:${table}`, () => (this.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n);
  }

  private memo(key: string, compute: () => number): number {
    let value = this.cache.get(key);
    if (value === undefined) this.cache.set(key, (value = compute()));
    return value;
  }

  /** Rows a step visits at most: Infinity for a full-text match, whose size depends on the words. */
  of(step: string, aliases: ReadonlyMap<string, string>): number {
    const scan = /^SCAN (\S+)/.exec(step);
    if (scan) {
      if (step.includes('VIRTUAL TABLE')) return Infinity;
      const table = aliases.get(scan[1]!) ?? scan[1]!;
      if (!this.isTable(table) || SMALL_TABLES.has(table)) return 0;
      // A partial index holds only the rows of its WHERE clause (the scheduled posts, the pinned ones).
      const index = /USING (?:COVERING )?INDEX (\S+)/.exec(step)?.[1];
      const partial = index ? this.partialWhere(index) : undefined;
      if (!partial) return this.rows(table);
      return this.memo(`${index}:scan`, () => this.sqlite.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${partial}`).pluck().get() as number);
    }
    const search = /^SEARCH (\S+) (?:EXISTS )?USING (?:(?:COVERING )?INDEX (\S+)|INTEGER PRIMARY KEY|PRIMARY KEY) \(([^)]*)\)/.exec(step);
    if (!search) return 0;
    const table = aliases.get(search[1]!) ?? search[1]!;
    if (!this.isTable(table) || SMALL_TABLES.has(table)) return 0;
    const terms = search[3]!.split(' AND ');
    const equalities = terms.findIndex((t) => !t.endsWith('=?') || /[<>]=\?$/.test(t));
    const prefix = equalities === -1 ? terms.length : equalities;
    const index = search[2];
    if (!index) return prefix > 0 ? 1 : this.rows(table);
    const partial = this.partialWhere(index);
    if (prefix === 0) {
      if (!partial) return this.rows(table);
      return this.memo(`${index}:0`, () => this.sqlite.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${partial}`).pluck().get() as number);
    }
    return this.memo(`${index}:${prefix}`, () => {
      const columns = (this.sqlite.prepare(`PRAGMA index_info("${index}")`).all() as { name: string | null }[])
        .slice(0, prefix)
        .map((c) => c.name);
      // An expression column cannot be grouped by name: the prefix before it bounds the step.
      const named = columns.slice(0, columns.includes(null) ? columns.indexOf(null) : columns.length);
      if (named.length === 0) return this.rows(table);
      const list = named.map((c) => `"${c}"`).join(', ');
      // `column = ?` never matches NULL: rows without a value are no group.
      const present = [...named.map((c) => `"${c}" IS NOT NULL`), ...(partial ? [`(${partial})`] : [])].join(' AND ');
      const row = this.sqlite
        .prepare(`SELECT max(n) AS n FROM (SELECT count(*) AS n FROM "${table}" WHERE ${present} GROUP BY ${list})`)
        .get() as { n: number | null };
      return row.n ?? 0;
    });
  }

  /** The WHERE clause of a partial index, if it is one. */
  private partialWhere(index: string): string | undefined {
    const definition = (this.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(index) as string | null) ?? '';
    return /\bWHERE\b(.*)$/is.exec(definition)?.[1]?.trim();
  }

  private isTable(name: string): boolean {
    return this.memo(`table:${name}`, () =>
      this.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as number,
    ) > 0;
  }
}

/** SQLite's plan of a statement, one line per step. */
function plan(sqlite: SqliteDatabase.Database, statement: string, parameters: readonly unknown[]): string[] {
  const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${statement}`).all(...parameters) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/**
 * Why a statement is not bounded by its page, or null if it is. A step
 * may visit more than {@link MAX_ROWS_PER_STEP} rows only as an ordered
 * index walk that a LIMIT stops: the statement orders its rows and has a
 * LIMIT, aggregates nothing, and sorts nothing in a temporary B-tree.
 */
function unbounded(statement: string, steps: readonly string[], fanOut: FanOut): string | null {
  const aliases = new Map<string, string>();
  for (const [, table, alias] of statement.matchAll(/"(\w+)" as "(\w+)"/g)) aliases.set(alias!, table!);
  const sorts = steps.some((s) => s.startsWith('USE TEMP B-TREE'));
  const aggregates = /\b(count|sum|min|max|avg|total)\(|\bgroup by\b/i.test(statement);
  // Only an ordered walk is cut by its LIMIT: a LIMIT 1 existence check
  // whose filter matches nothing walks everything.
  const limited = /\border by\b/i.test(statement) && /\blimit \?/i.test(statement) && !sorts && !aggregates;
  for (const step of steps) {
    const rows = fanOut.of(step, aliases);
    if (rows > MAX_ROWS_PER_STEP && !limited) {
      return `"${step}" may visit ${rows === Infinity ? 'every match' : `${rows} rows`}${sorts ? ', sorted in a temporary B-tree' : ''}${aggregates ? ', aggregated' : ''}`;
    }
  }
  return null;
}

/** The recorded statements whose plan is not bounded by its page, each with its plan. */
function unboundedStatements(sqlite: SqliteDatabase.Database, statements: ReadonlyMap<string, readonly unknown[]>): string[] {
  const failures: string[] = [];
  const fanOut = new FanOut(sqlite);
  for (const [statement, parameters] of statements) {
    if (/^\s*(create|drop|pragma|begin|commit|rollback|savepoint|release)\b/i.test(statement)) continue;
    // A delete visits what it deletes (a post's reactions go with it): bounded by what was written.
    if (/^\s*delete\b/i.test(statement)) continue;
    // So does an insert of what a select finds (a confirmation asked of every member of a space: one row each).
    if (/^\s*insert\b[^]*\bselect\b/i.test(statement)) continue;
    // And a moved post's rows that name its space (its comments, their files, notifications about it): bounded by what it carries.
    if (/^\s*update "\w+" set "space_id" = \?/i.test(statement)) continue;
    const steps = plan(sqlite, statement, parameters);
    const why = unbounded(statement, steps, fanOut);
    if (why) failures.push(`${why}:\n  ${statement}\n    ${steps.join('\n    ')}`);
  }
  return failures;
}

describe.skipIf(skipOnPostgres('the bulk generator and these plan checks are written for SQLite (EXPLAIN QUERY PLAN)'))('query plans at company scale', () => {
  let server: TestServer;
  let recorder: QueryRecorder;
  let sqlite: SqliteDatabase.Database;
  let ids: Ids;

  beforeAll(async () => {
    recorder = recordQueries();
    server = await startTestServer({
      rateLimits: false,
      auditors: ['amelie'],
      dbPlugins: [recorder.plugin],
      translate: (text) => Promise.resolve(`[de] ${text}`),
      // Technology-watch sources are on; their host never resolves (nothing leaves the test).
      egress: { mode: 'allowlist', allow: ['feeds.example'], resolver: () => Promise.reject(new Error('no DNS in this test')) },
    });
    bulkGenerate(server.dbPath, {
      spaces: [
        { spaceId: 'general', posts: 100_000 },
        { spaceId: 'announcements', posts: 10_000 },
        { spaceId: 'lyon-site', posts: 10_000 },
      ],
      people: 3_000,
      newest: TEST_NOW,
    });
    sqlite = new SqliteDatabase(server.dbPath, { readonly: true });
    const one = <T>(query: string) => sqlite.prepare(query).get() as T;
    const poll = one<{ id: string }>("SELECT id FROM polls WHERE id = 'poll-summer-party'");
    const survey = one<{ id: string; post_id: string }>("SELECT id, post_id FROM polls WHERE id = 'survey-remote-work-days'");
    const options = (id: string) => (sqlite.prepare('SELECT id FROM poll_options WHERE poll_id = ? ORDER BY position').all(id) as { id: string }[]).map((r) => r.id);
    const page = async (path: string) => {
      const res = await server.json<{ nextCursor?: string | null; items: { id: string }[] }>(path);
      expect(res.status, path).toBe(200);
      return res.body;
    };
    const viral = one<{ object_id: string }>(
      "SELECT object_id FROM reactions WHERE object_id LIKE 'bulk-%' GROUP BY object_id ORDER BY count(*) DESC LIMIT 1",
    ).object_id;
    // Years of notifications of the person the routes run as: 20,000, half read, some about a space she cannot read.
    const writer = new SqliteDatabase(server.dbPath);
    writer.exec(`
      INSERT INTO notifications (recipient_id, kind, object_type, object_id, space_id, post_id, excerpt, approved, group_key, actor_ids, actor_count, created_at, updated_at, visible_at, read_at)
      SELECT 'amelie', 'comment', 'post', id, CASE WHEN rowid % 10 = 0 THEN 'rnd-oncology' ELSE 'general' END, id, 'Excerpt', NULL,
        'comment:post:' || id, '["thomas"]', 1, created_at, created_at, created_at, CASE WHEN rowid % 2 = 0 THEN created_at ELSE NULL END
      FROM posts WHERE space_id = 'general' AND id LIKE 'bulk-%' ORDER BY id LIMIT 20000;
    `);
    // A talk-show with a long queue: 5,000 questions, one in seven hidden.
    writer.exec(`
      INSERT INTO questions (id, post_id, space_id, author_id, body, created_at, state, answered_at, votes)
      SELECT 'bulk-question-' || rowid, 'talk-show-ask-the-cso', 'general', 'thomas', 'A question', created_at,
        CASE WHEN rowid % 7 = 0 THEN 'hidden' ELSE 'open' END, NULL, 0
      FROM posts WHERE space_id = 'general' AND id LIKE 'bulk-%' ORDER BY id LIMIT 5000;
      UPDATE talk_shows SET question_count = (SELECT count(*) FROM questions q WHERE q.post_id = talk_shows.post_id AND q.state <> 'hidden');
    `);
    // Years of audit trail: 60,000 entries (chained or not: the plans do not care), mostly in general.
    writer.exec(`
      INSERT INTO audit_log (seq, at, actor_id, action, target_type, target_id, space_id, detail, prev_hash, hash)
      SELECT (SELECT coalesce(max(seq), 0) FROM audit_log) + n, created_at,
        CASE n % 3 WHEN 0 THEN 'thomas' WHEN 1 THEN 'amelie' ELSE author_id END,
        CASE n % 4 WHEN 0 THEN 'member.role' ELSE 'post.publish' END, 'post', id,
        CASE WHEN n % 5 = 0 THEN 'lyon-site' ELSE 'general' END, '{}', '', ''
      FROM (SELECT row_number() OVER (ORDER BY created_at, id) AS n, id, created_at, author_id FROM posts WHERE id LIKE 'bulk-%' ORDER BY created_at, id LIMIT 60000);
    `);
    // A technology-watch source of general and one of its items.
    writer.exec(`
      INSERT INTO watch_sources (id, space_id, url, url_key, title, title_given, added_by, created_at, failures, next_fetch_at)
      VALUES ('watch-source-1', 'general', 'https://feeds.example/old.xml', 'old-key', 'Old', 0, 'amelie', '2026-01-01T00:00:00.000Z', 0, '2099-01-01T00:00:00.000Z');
      INSERT INTO posts (id, space_id, author_id, kind, body, locale, created_at, edited_at, publish_at, pinned_at, pinned_until)
      VALUES ('watch-post-1', 'general', 'amelie', 'watch', '[An item](https://news.example/item)', 'en', '2026-11-26T08:00:00.000Z', NULL, NULL, NULL, NULL);
      INSERT INTO watch_items (post_id, space_id, source_id, guid_key, link_key, title, summary, link, published_at, source_title, source_url, triage, triaged_by, triaged_at, note_id)
      VALUES ('watch-post-1', 'general', 'watch-source-1', 'g1', 'l1', 'An item', '', 'https://news.example/item', NULL, 'Old', 'https://feeds.example/old.xml', 'new', NULL, NULL, NULL);
    `);
    // Years of moderation in general: 5,000 open reports and 3,000 dealt with, 200 hidden posts.
    writer.exec(`
      INSERT INTO reports (id, space_id, target_type, target_id, post_id, reporter_id, reason, text, created_at, resolved_at)
      SELECT 'bulk-report-' || n, 'general', 'post', id, id, 'marco', 'spam', NULL, created_at, CASE WHEN n % 8 < 3 THEN created_at ELSE NULL END
      FROM (SELECT row_number() OVER (ORDER BY created_at, id) AS n, id, created_at FROM posts WHERE space_id = 'general' AND id LIKE 'bulk-%' ORDER BY created_at, id LIMIT 8000);
      UPDATE posts SET moderation = 'hidden', moderation_reason = 'Bulk', moderated_by = 'amelie', moderated_at = created_at
      WHERE id IN (SELECT id FROM posts WHERE space_id = 'general' AND id LIKE 'bulk-%' ORDER BY id LIMIT 200);
    `);
    writer.close();
    const talkShow = 'talk-show-ask-the-cso';
    ids = {
      watchSource: 'watch-source-1',
      watchPost: 'watch-post-1',
      talkShow,
      question: one<{ id: string }>(`SELECT id FROM questions WHERE post_id = '${talkShow}' AND state = 'open' AND id NOT LIKE 'bulk-%' LIMIT 1`).id,
      questionsTopCursor: (await page(`/api/v1/posts/${talkShow}/questions?order=top`)).nextCursor!,
      questionsNewCursor: (await page(`/api/v1/posts/${talkShow}/questions?order=new`)).nextCursor!,
      auditCursor: (await page('/api/v1/audit')).nextCursor!,
      notificationsCursor: (await page('/api/v1/notifications?limit=20')).nextCursor!,
      notification: one<{ id: number }>("SELECT id FROM notifications WHERE recipient_id = 'amelie' AND read_at IS NULL ORDER BY id LIMIT 1").id.toString(),
      post: one<{ id: string }>("SELECT id FROM posts WHERE id LIKE 'bulk-%general-50000'").id,
      viral,
      comment: one<{ id: string }>(`SELECT id FROM comments WHERE post_id = '${viral}' LIMIT 1`).id,
      poll: poll.id,
      options: options(poll.id),
      survey: survey.post_id,
      surveyPoll: survey.id,
      surveyOptions: options(survey.id),
      note: one<{ id: string }>("SELECT id FROM notes ORDER BY id LIMIT 1").id,
      feedCursor: (await page(SPACE_FEED)).nextCursor!,
      multiCursor: (await page(MULTI_FEED)).nextCursor!,
      membersCursor: (await page('/api/v1/spaces/general/members')).nextCursor!,
      commentsCursor: (await page(`/api/v1/posts/${viral}/comments`)).nextCursor!,
      notesCursor: (await page('/api/v1/notes?limit=2')).nextCursor!,
    };
  }, 180_000);

  afterAll(async () => {
    sqlite?.close();
    await server?.close();
  });

  it('gives requests for every registered route', () => {
    const registered = server.app.ecotone.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((key) => !(key in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((key) => !registered.includes(key))).toEqual([]);
  });

  it('runs no statement that scans or sorts a large table', async () => {
    // Live readers make the live shaping queries run too; one resumes from an old id (replay).
    const live = await openEvents(server, { as: 'thomas' });
    const owner = await openEvents(server, { as: 'amelie' });
    for (const [route, requests] of Object.entries(ROUTES)) {
      for (const req of requests(ids)) {
        const res = await server.api(req.path, {
          method: req.method,
          as: req.as ?? 'amelie',
          ...(req.body === undefined ? {} : { body: req.body, ...(typeof req.body === 'string' ? { raw: true } : {}) }),
          headers: { ...(req.method === 'GET' ? {} : { 'idempotency-key': randomUUID() }), ...req.headers },
        });
        await res.arrayBuffer();
        expect(res.status, `${route}: ${req.method} ${req.path}`).toBeLessThan(500);
      }
    }
    const first = live.received()[0];
    const replay = await openEvents(server, { as: 'thomas', headers: { 'last-event-id': first?.id ?? '1' } });
    await replay.next((m) => m.id !== undefined);
    replay.close();
    live.close();
    owner.close();

    const failures = unboundedStatements(sqlite, recorder.statements);
    expect(recorder.statements.size).toBeGreaterThan(100);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 180_000);

  it('purges a space past its retention by walks of its indexes (retention/purge.ts)', async () => {
    recorder.statements.clear();
    // The generated history of general goes back about 694 days: keeping 693 leaves a day of it to delete, in batches.
    await server.db.updateTable('spaces').set({ retention_days: 693 }).where('id', '=', 'general').execute();
    try {
      const purged = await purgeExpiredContent(server.app.ecotone, { batchSize: 50 });
      expect(purged).toEqual([expect.objectContaining({ spaceId: 'general' })]);
      expect(purged[0]!.batches).toBeGreaterThan(1);
    } finally {
      await server.db.updateTable('spaces').set({ retention_days: null }).where('id', '=', 'general').execute();
    }
    const failures = unboundedStatements(sqlite, recorder.statements);
    expect(recorder.statements.size).toBeGreaterThan(10);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 180_000);

  it('keeps every counter equal to the rows it counts, after every route wrote', () => {
    // Runs after the routes above: posts, comments, ballots, acks, members and
    // reactions were written, changed and deleted (with their cascades).
    const pairs: [string, string][] = [
      ['SELECT object_id, kind, n FROM reaction_counts WHERE n > 0', 'SELECT object_id, kind, count(*) AS n FROM reactions GROUP BY object_id, kind'],
      ['SELECT post_id, n FROM comment_counts WHERE n > 0', 'SELECT post_id, count(*) AS n FROM comments WHERE deleted_at IS NULL GROUP BY post_id'],
      ['SELECT post_id, n FROM (SELECT post_id, sum(n) AS n FROM ack_counts GROUP BY post_id) WHERE n > 0', 'SELECT post_id, count(*) AS n FROM post_acks GROUP BY post_id'],
      ['SELECT poll_id, n FROM poll_voter_counts WHERE n > 0', 'SELECT poll_id, count(*) AS n FROM ballots GROUP BY poll_id'],
      ['SELECT poll_id, option_id, n FROM poll_option_counts WHERE n > 0', 'SELECT poll_id, option_id, count(*) AS n FROM ballot_choices GROUP BY poll_id, option_id'],
      ['SELECT id, votes FROM questions WHERE votes > 0', 'SELECT question_id AS id, count(*) AS votes FROM question_votes GROUP BY question_id'],
      [
        'SELECT post_id, question_count AS n FROM talk_shows WHERE question_count > 0',
        "SELECT post_id, count(*) AS n FROM questions WHERE state <> 'hidden' GROUP BY post_id",
      ],
      ['SELECT space_id, role, n FROM member_counts WHERE n > 0', 'SELECT space_id, role, count(*) AS n FROM memberships GROUP BY space_id, role'],
      ['SELECT space_id, actor_id, display_name FROM memberships', 'SELECT m.space_id, m.actor_id, a.display_name FROM memberships m JOIN actors a ON a.id = m.actor_id'],
    ];
    for (const [counters, rows] of pairs) {
      const sorted = (query: string) => (sqlite.prepare(query).all() as Record<string, unknown>[]).map((r) => JSON.stringify(r)).sort();
      expect(sorted(counters), counters).toEqual(sorted(rows));
    }
  });
});
