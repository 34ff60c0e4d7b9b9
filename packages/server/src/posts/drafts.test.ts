/**
 * A scheduled post (a draft until its `publishAt`) is invisible to everyone
 * but its author and the space's owners, through every path: every API
 * route, every live event type, replay, lists and search. The matrix is
 * built from the routes the server actually registers and from the
 * protocol's list of live event types, so a new route or event type that is
 * not classified here fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { LIVE_EVENT_TYPES, type Comment, type Post } from '@ecotone/protocol';
import { openEvents, startTestServer, tableNames, TEST_NOW, type SseMessage, type TestServer } from '../_harness.js';

const HOUR_MS = 60 * 60 * 1000;
/** A word found in the draft only, for search. */
const DRAFT_WORD = 'quokkaplanning';

interface Ids {
  post: string;
  /** A comment of the draft (by its author). */
  comment: string;
  /** A survey question of the draft. */
  poll: string;
  /** Its options. */
  options: string[];
  /** Another question of the same survey. */
  poll2: string;
  options2: string[];
  /** A draft talk-show of the same author, and a question asked in it. */
  talkShow: string;
  question: string;
}

interface Req {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * Every route that names a post or something attached to one, with a valid
 * request (so that refusals come from visibility, not validation).
 */
const DRAFT_ROUTES: Record<string, (ids: Ids) => Req[]> = {
  'GET /api/v1/posts/:post': (ids) => [{ method: 'GET', path: `/api/v1/posts/${ids.post}` }],
  'PATCH /api/v1/posts/:post': (ids) => [{ method: 'PATCH', path: `/api/v1/posts/${ids.post}`, body: { body: `Edited ${DRAFT_WORD}` } }],
  'POST /api/v1/posts/:post/translations': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/translations`, body: { locale: 'fr' } }],
  'PUT /api/v1/posts/:post/pin': (ids) => [{ method: 'PUT', path: `/api/v1/posts/${ids.post}/pin`, body: {} }],
  'DELETE /api/v1/posts/:post/pin': (ids) => [{ method: 'DELETE', path: `/api/v1/posts/${ids.post}/pin` }],
  'PUT /api/v1/posts/:post/acks': (ids) => [{ method: 'PUT', path: `/api/v1/posts/${ids.post}/acks` }],
  'GET /api/v1/posts/:post/acks': (ids) => [{ method: 'GET', path: `/api/v1/posts/${ids.post}/acks` }],
  'GET /api/v1/posts/:post/comments': (ids) => [{ method: 'GET', path: `/api/v1/posts/${ids.post}/comments` }],
  'POST /api/v1/posts/:post/comments': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/comments`, body: { body: 'A comment' } }],
  'PATCH /api/v1/comments/:comment': (ids) => [{ method: 'PATCH', path: `/api/v1/comments/${ids.comment}`, body: { body: 'Edited comment' } }],
  'GET /api/v1/objects/:object/reactions': (ids) => [
    { method: 'GET', path: `/api/v1/objects/${ids.post}/reactions` },
    { method: 'GET', path: `/api/v1/objects/${ids.comment}/reactions` },
  ],
  'PUT /api/v1/objects/:object/reactions/:kind': (ids) => [
    { method: 'PUT', path: `/api/v1/objects/${ids.post}/reactions/like` },
    { method: 'PUT', path: `/api/v1/objects/${ids.comment}/reactions/like` },
  ],
  'DELETE /api/v1/objects/:object/reactions/:kind': (ids) => [
    { method: 'DELETE', path: `/api/v1/objects/${ids.post}/reactions/like` },
    { method: 'DELETE', path: `/api/v1/objects/${ids.comment}/reactions/like` },
  ],
  'GET /api/v1/polls/:poll': (ids) => [{ method: 'GET', path: `/api/v1/polls/${ids.poll}` }],
  'PUT /api/v1/polls/:poll/ballot': (ids) => [{ method: 'PUT', path: `/api/v1/polls/${ids.poll}/ballot`, body: { choices: [ids.options[0]] } }],
  'DELETE /api/v1/polls/:poll/ballot': (ids) => [{ method: 'DELETE', path: `/api/v1/polls/${ids.poll}/ballot` }],
  'PUT /api/v1/posts/:post/ballots': (ids) => [
    {
      method: 'PUT',
      path: `/api/v1/posts/${ids.post}/ballots`,
      body: { answers: [{ pollId: ids.poll, choices: [ids.options[1]] }, { pollId: ids.poll2, choices: [ids.options2[0]] }] },
    },
  ],
  'POST /api/v1/polls/:poll/close': (ids) => [{ method: 'POST', path: `/api/v1/polls/${ids.poll2}/close` }],
  'GET /api/v1/posts/:post/questions': (ids) => [{ method: 'GET', path: `/api/v1/posts/${ids.talkShow}/questions` }],
  'POST /api/v1/posts/:post/questions': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.talkShow}/questions`, body: { body: 'A question' } }],
  'PUT /api/v1/questions/:question/vote': (ids) => [{ method: 'PUT', path: `/api/v1/questions/${ids.question}/vote` }],
  'DELETE /api/v1/questions/:question/vote': (ids) => [{ method: 'DELETE', path: `/api/v1/questions/${ids.question}/vote` }],
  'POST /api/v1/questions/:question/state': (ids) => [{ method: 'POST', path: `/api/v1/questions/${ids.question}/state`, body: { state: 'answered' } }],
  // Drafts are never watch items: their author gets 409, everyone else 404.
  'POST /api/v1/posts/:post/watch/triage': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/watch/triage`, body: { action: 'dismiss' } }],
  'POST /api/v1/posts/:post/promote': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/promote`, body: {} }],
  // Moving: 404 to those who cannot see the draft; its author (not an owner) is refused (403), so it stays.
  'POST /api/v1/posts/:post/move': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/move`, body: { spaceId: 'announcements' } }],
  // Moderation: a report, then an owner hides and restores the post and its comment, and cannot release it (not held).
  'POST /api/v1/reports': (ids) => [
    { method: 'POST', path: '/api/v1/reports', body: { targetType: 'post', targetId: ids.post, reason: 'spam' } },
    { method: 'POST', path: '/api/v1/reports', body: { targetType: 'comment', targetId: ids.comment, reason: 'other', text: 'Why?' } },
  ],
  'POST /api/v1/moderation/:targetType/:targetId/hide': (ids) => [
    { method: 'POST', path: `/api/v1/moderation/post/${ids.post}/hide`, body: { reason: 'Off topic' } },
    { method: 'POST', path: `/api/v1/moderation/comment/${ids.comment}/hide`, body: { reason: 'Off topic' } },
  ],
  'POST /api/v1/moderation/:targetType/:targetId/restore': (ids) => [
    { method: 'POST', path: `/api/v1/moderation/post/${ids.post}/restore` },
    { method: 'POST', path: `/api/v1/moderation/comment/${ids.comment}/restore` },
  ],
  'POST /api/v1/posts/:post/release': (ids) => [{ method: 'POST', path: `/api/v1/posts/${ids.post}/release` }],
  'DELETE /api/v1/comments/:comment': (ids) => [{ method: 'DELETE', path: `/api/v1/comments/${ids.comment}` }],
  // Last: the author's request deletes the drafts.
  'DELETE /api/v1/posts/:post': (ids) => [
    { method: 'DELETE', path: `/api/v1/posts/${ids.post}` },
    { method: 'DELETE', path: `/api/v1/posts/${ids.talkShow}` },
  ],
};

/** Routes that list or search posts: the draft is absent from a member's answer, present in the author's. */
const LIST_ROUTES: Record<string, Req> = {
  'GET /api/v1/spaces/:space/feed': { method: 'GET', path: '/api/v1/spaces/general/feed?limit=100' },
  'GET /api/v1/feed': { method: 'GET', path: '/api/v1/feed?spaces=general,announcements&limit=100' },
  'GET /api/v1/posts/search': { method: 'GET', path: `/api/v1/posts/search?q=${DRAFT_WORD}` },
  // The author's person card lists their latest posts.
  'GET /api/v1/people/:actor': { method: 'GET', path: '/api/v1/people/hannah' },
};

/** Routes about something else than posts: nothing of a post can come out of them. */
const UNRELATED_ROUTES = new Set([
  'GET /api/v1/dev/actors',
  'GET /api/v1/previews/images/:image',
  'POST /api/v1/previews',
  'GET /api/v1/me',
  // People search lists people, never posts.
  'GET /api/v1/people',
  'GET /api/v1/spaces',
  'GET /api/v1/spaces/:space',
  'POST /api/v1/spaces/:space/posts',
  'POST /api/v1/spaces/:space/polls',
  'POST /api/v1/spaces/:space/notes',
  'POST /api/v1/spaces/:space/join',
  'GET /api/v1/spaces/:space/members',
  'PUT /api/v1/spaces/:space/members/:actor',
  'DELETE /api/v1/spaces/:space/members/:actor',
  'GET /api/v1/spaces/:space/requests',
  'PUT /api/v1/spaces/:space/requests/:actor',
  'DELETE /api/v1/spaces/:space/requests/:actor',
  // What a space offers: nothing of a post comes out of it.
  'PUT /api/v1/spaces/:space/capabilities',
  // Notes are their own objects; a note exists only once someone allowed to promote the draft made it.
  'GET /api/v1/notes',
  'GET /api/v1/notes/review',
  'GET /api/v1/notes/:note',
  'PATCH /api/v1/notes/:note',
  'DELETE /api/v1/notes/:note',
  'GET /api/v1/notes/:note/revisions',
  // The live stream: checked below, event type by event type.
  'GET /api/v1/events',
  // Marking read and preferences carry no content.
  'POST /api/v1/notifications/:notification/read',
  'POST /api/v1/notifications/read-all',
  'GET /api/v1/me/notification-preferences',
  'PUT /api/v1/me/notification-preferences',
  // An upload is its owner's alone until attached; it answers the file it became, never a post.
  'POST /api/v1/uploads',
  'PATCH /api/v1/uploads/:upload',
  'DELETE /api/v1/uploads/:upload',
  // A person's file token names them, nothing else; files are served only
  // to their uploader until attached (attached files: the next step, checked then).
  'GET /api/v1/files/token',
  'GET /api/v1/files/:file',
  'GET /api/v1/files/:file/:size',
  // The audit trail answers 403 to everyone but the server's auditors, who
  // see every action by design (a scheduled post's id, space and kind; never its text).
  'GET /api/v1/audit',
  // Technology-watch sources name feeds, never a post (their items are never drafts).
  'GET /api/v1/spaces/:space/watch/sources',
  'POST /api/v1/spaces/:space/watch/sources',
  'DELETE /api/v1/watch/sources/:source',
  'GET /api/v1/spaces/:space/watch/opml',
  'POST /api/v1/spaces/:space/watch/opml',
  // A space's moderation queue and word filter: its owners only (403 to everyone else), who see its drafts anyway.
  'GET /api/v1/spaces/:space/moderation',
  'GET /api/v1/spaces/:space/word-filters',
  'PUT /api/v1/spaces/:space/word-filters',
]);

/** A person's own notifications: the draft mentions an outsider, who must learn nothing of it before its publication. */
const PERSONAL_ROUTES: Record<string, Req> = {
  'GET /api/v1/notifications': { method: 'GET', path: '/api/v1/notifications?limit=50' },
  'GET /api/v1/notifications/unread': { method: 'GET', path: '/api/v1/notifications/unread' },
};

/** Live event types that are never recorded about a draft, and why. */
const NEVER_ABOUT_A_DRAFT: Record<string, string> = {
  'acknowledgement.changed': 'acknowledging a draft records no event (its readers do not know it yet)',
  'membership.changed': 'about people in spaces, not posts',
  'stream.reset': 'never stored; tells a client to refetch',
  'stream.expired': 'never stored; tells one client its token expired',
  'notification.read': 'names notifications, never a post',
  'moderation.changed': 'names a space only, for its owners',
};

/**
 * Event types sent to one person only, not to everyone who sees the draft:
 * checked for the outsiders with every other type (they get none about it).
 */
const PERSONAL_EVENT_TYPES = new Set(['notification.created']);

/** Members of `general` who may not see hannah's draft: a member, a reader, and a correspondent who did not write it. */
const OUTSIDERS = ['thomas', 'marco', 'lukas'];
/** Who sees it: its author (a correspondent) and the space's owner. */
const AUTHOR = 'hannah';
const OWNER = 'amelie';

/** Bookkeeping of limits, not content: a refused request is counted on PostgreSQL, as it is in memory on SQLite. */
const LIMIT_TABLES = new Set(['rate_limit_hits', 'live_stream_slots']);

async function rowCounts(server: TestServer): Promise<Record<string, number>> {
  const tables = (await tableNames(server.db)).filter(
    (name) =>
      !name.startsWith('sqlite_') && !name.includes('fts') && name !== 'kysely_migration' && name !== 'kysely_migration_lock' && !LIMIT_TABLES.has(name),
  );
  const counts: Record<string, number> = {};
  for (const name of tables) {
    const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(server.db);
    counts[name] = Number(row.rows[0]?.n ?? 0);
  }
  return counts;
}

describe('a scheduled post (draft) is invisible through every path', () => {
  let server: TestServer;
  let ids: Ids;
  const secretTexts: string[] = [];
  beforeAll(async () => {
    // A translation hook, so that its route is exercised for real.
    server = await startTestServer({ translate: async (text, _from, to) => `[${to}] ${text}` });
  });
  afterAll(() => server.close());

  const call = (req: Req, as: string) => server.json<{ code?: string }>(req.path, { method: req.method, as, ...(req.body !== undefined ? { body: req.body } : {}) });

  const publish = async (as: string, body: Record<string, unknown>) => {
    const res = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as, body });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Whether a live message says anything about the draft. */
  const aboutDraft = (m: SseMessage) => secretTexts.some((text) => m.data.includes(text));

  it('classifies every registered route', () => {
    const registered = server.app.ecotone.apiRoutes.map((r) => `${r.method} ${r.url}`);
    const unclassified = registered.filter(
      (key) => !(key in DRAFT_ROUTES) && !(key in LIST_ROUTES) && !(key in PERSONAL_ROUTES) && !UNRELATED_ROUTES.has(key),
    );
    // A new route must say here whether it can reach a post, and be checked if so.
    expect(unclassified).toEqual([]);
    // And nothing here names a route that no longer exists.
    const known = [...Object.keys(DRAFT_ROUTES), ...Object.keys(LIST_ROUTES), ...Object.keys(PERSONAL_ROUTES), ...UNRELATED_ROUTES];
    expect(known.filter((key) => !registered.includes(key))).toEqual([]);
  });

  it('hides the draft, its comments, polls, reactions and events from members, readers and other correspondents', async () => {
    const streams = Object.fromEntries(
      await Promise.all([...OUTSIDERS, AUTHOR, OWNER].map(async (as) => [as, await openEvents(server, { as })] as const)),
    );
    const sentinel = async (text: string) => {
      const post = await publish(OWNER, { body: text });
      for (const stream of Object.values(streams)) await stream.next((m) => m.event === 'post.created' && m.data.includes(post.id), 10_000);
      return post;
    };
    const baseline = await sentinel('Baseline before the draft');
    const baselineId = streams[OWNER]!.received().find((m) => m.data.includes(baseline.id))?.id;
    expect(baselineId).toBeDefined();

    const unreadOf = async (as: string) => (await server.json<{ unread: number }>('/api/v1/notifications/unread', { as })).body.unread;
    const unreadBefore = await unreadOf('thomas');
    const draft = await publish(AUTHOR, {
      body: `Reorganisation of the ${DRAFT_WORD} team with [@Thomas](mention:thomas), see https://intranet.example/reorg`,
      kind: 'announcement',
      requireAcknowledgement: true,
      pin: true,
      publishAt: new Date(TEST_NOW.getTime() + HOUR_MS).toISOString(),
      polls: [
        { question: 'Which day suits you?', mode: 'single', options: ['Monday', 'Tuesday'], resultsVisibility: 'always' },
        { question: 'Which room?', mode: 'single', options: ['Atrium', 'Library'], resultsVisibility: 'always' },
      ],
    });
    const [poll, poll2] = draft.polls ?? [];
    const comment = await server.json<Comment>(`/api/v1/posts/${draft.id}/comments`, { method: 'POST', as: AUTHOR, body: { body: 'First thoughts' } });
    expect(comment.status).toBe(201);
    // A talk-show is a post kind of its own: a second draft, with a question in its queue.
    const talkShow = await publish(AUTHOR, {
      body: `Live session on the ${DRAFT_WORD} plan`,
      kind: 'talk_show',
      publishAt: new Date(TEST_NOW.getTime() + HOUR_MS).toISOString(),
      talkShow: { title: 'Reorganisation questions', hosts: [AUTHOR], startsAt: new Date(TEST_NOW.getTime() + 2 * HOUR_MS).toISOString() },
    });
    const question = await server.json<{ id: string }>(`/api/v1/posts/${talkShow.id}/questions`, { method: 'POST', as: AUTHOR, body: { body: 'First question' } });
    expect(question.status).toBe(201);
    ids = {
      talkShow: talkShow.id,
      question: question.body.id,
      post: draft.id,
      comment: comment.body.id,
      poll: poll!.id,
      options: poll!.options.map((o) => o.id),
      poll2: poll2!.id,
      options2: poll2!.options.map((o) => o.id),
    };
    secretTexts.push(ids.post, ids.comment, ids.poll, ids.poll2, ids.talkShow, ids.question, DRAFT_WORD);

    // Every route, for everyone who may not see the draft: 404, and nothing written.
    const before = await rowCounts(server);
    for (const [route, requests] of Object.entries(DRAFT_ROUTES)) {
      for (const req of requests(ids)) {
        for (const as of OUTSIDERS) {
          const res = await call(req, as);
          expect({ route, as, path: req.path, status: res.status, code: res.body?.code }).toEqual({
            route, as, path: req.path, status: 404, code: 'not_found',
          });
        }
      }
    }
    expect(await rowCounts(server)).toEqual(before);

    // Lists and search: absent for them, present for the author.
    for (const [route, req] of Object.entries(LIST_ROUTES)) {
      for (const as of OUTSIDERS) {
        const res = await server.api(req.path, { as });
        expect({ route, as, status: res.status, leaks: (await res.text()).includes(ids.post) }).toEqual({ route, as, status: 200, leaks: false });
      }
      const own = await server.api(req.path, { as: AUTHOR });
      expect({ route, found: (await own.text()).includes(ids.post) }).toEqual({ route, found: true });
    }
    // Notifications: nothing of the draft, nor a count that moved because of it (thomas is mentioned in it).
    for (const [route, req] of Object.entries(PERSONAL_ROUTES)) {
      for (const as of OUTSIDERS) {
        const res = await server.api(req.path, { as });
        expect({ route, as, status: res.status, leaks: (await res.text()).includes(ids.post) }).toEqual({ route, as, status: 200, leaks: false });
      }
    }
    expect(await unreadOf('thomas')).toBe(unreadBefore);

    // The same requests by those who see the draft get through (the ids are
    // real), producing every kind of live event about it.
    for (const [route, requests] of Object.entries(DRAFT_ROUTES)) {
      if (route === 'DELETE /api/v1/posts/:post') continue;
      for (const req of requests(ids)) {
        const as = route.includes('/close') || route.includes('/pin') || route.includes('/moderation/') || route.includes('/release') ? OWNER : AUTHOR;
        const res = await call(req, as);
        expect({ route, as, status: res.status }).not.toEqual({ route, as, status: 404 });
        expect(res.status, `${route} as ${as}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
    }
    // The owner reacts and comments too (their events are about the draft as well).
    expect((await server.json(`/api/v1/objects/${ids.post}/reactions/celebrate`, { method: 'PUT', as: OWNER })).status).toBe(200);
    const ownerComment = await server.json<Comment>(`/api/v1/posts/${ids.post}/comments`, { method: 'POST', as: OWNER, body: { body: 'Looks good' } });
    expect(ownerComment.status).toBe(201);
    secretTexts.push(ownerComment.body.id);

    await sentinel('After the draft');
    const typesAbout = (as: string) => new Set(streams[as]!.received().filter(aboutDraft).map((m) => m.event));
    for (const as of OUTSIDERS) expect({ as, events: [...typesAbout(as)] }).toEqual({ as, events: [] });
    // Every event type that can be about a post reached those who see the draft.
    const expected = LIVE_EVENT_TYPES.filter((type) => !(type in NEVER_ABOUT_A_DRAFT) && !PERSONAL_EVENT_TYPES.has(type) && type !== 'post.deleted');
    for (const as of [AUTHOR, OWNER]) {
      expect({ as, missing: expected.filter((type) => !typesAbout(as).has(type)) }).toEqual({ as, missing: [] });
    }

    // Replay from before the draft: the same.
    const replayOf = async (as: string) => {
      const replay = await openEvents(server, { as, headers: { 'last-event-id': baselineId! } });
      await replay.next((m) => m.event === 'post.created' && m.data.includes('After the draft'), 10_000);
      replay.close();
      return new Set(replay.received().filter(aboutDraft).map((m) => m.event));
    };
    for (const as of OUTSIDERS) expect({ as, events: [...(await replayOf(as))] }).toEqual({ as, events: [] });
    const ownerReplay = await replayOf(OWNER);
    expect(expected.filter((type) => !ownerReplay.has(type))).toEqual([]);

    // Deleting it: only those who saw it hear of it, and the replay window forgets the rest.
    for (const req of DRAFT_ROUTES['DELETE /api/v1/posts/:post']!(ids)) expect((await call(req, AUTHOR)).status).toBe(204);
    await sentinel('After the deletion');
    for (const as of OUTSIDERS) expect({ as, events: [...typesAbout(as)] }).toEqual({ as, events: [] });
    for (const as of [AUTHOR, OWNER]) expect(typesAbout(as).has('post.deleted')).toBe(true);
    expect([...(await replayOf(OWNER))]).toEqual(['post.deleted']);
    for (const as of OUTSIDERS) expect({ as, events: [...(await replayOf(as))] }).toEqual({ as, events: [] });
    for (const stream of Object.values(streams)) stream.close();
    // Every route as three people, then as two, on PostgreSQL on a busy machine: well over the default limit.
  }, 60_000);

  it('covers every live event type', () => {
    // A new event type must either be produced about the draft above or say here why it never is.
    for (const type of Object.keys(NEVER_ABOUT_A_DRAFT)) expect(LIVE_EVENT_TYPES).toContain(type);
  });
});
