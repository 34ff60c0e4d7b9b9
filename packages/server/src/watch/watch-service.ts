/**
 * Technology-watch sources (docs/protocol.md#technology-watch): the feeds a
 * space follows, fetched on a schedule through the egress guard, their
 * items made posts of kind `watch`, and the space's triage of them.
 *
 * - Nothing is fetched with `--egress off`: the routes answer
 *   `watch_unavailable` and the scheduler never starts.
 * - A source is fetched by one instance: each claims a due source by moving
 *   its next fetch forward with a compare-and-set (watch-repository.ts).
 * - An item is one post per space: found again by its guid (an edit then
 *   updates the post) or by its link (the same story from another source:
 *   nothing changes). Its author is the person who added the source. A
 *   watch post someone deleted is not brought back by the next fetch.
 */
import { randomBytes } from 'node:crypto';
import { generateOpml, parseOpml } from 'feedsmith';
import {
  WATCH_OPML_MAX_CHARS,
  WATCH_SOURCES_PER_SPACE_MAX,
  WATCH_TITLE_MAX_CHARS,
  normalizeBody,
  type Actor,
  type Locale,
  type Post,
  type WatchOpmlResult,
  type WatchSource,
  type WatchSourceDraft,
  type WatchSourceList,
  type WatchTriageRequest,
} from '@ecotone/protocol';
import { canManageWatchSources, canTriageWatch, watchTriageOutcome } from '@ecotone/protocol/rules';
import type { ServerContext } from '../context.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { EgressGuard, parsePreviewUrl } from '../egress/fetcher.js';
import { HttpProblem, forbidden, notFound } from '../http/errors.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import { appendAudit } from '../audit/audit-log.js';
import { requireReadablePost, requireReadableSpace } from '../policy/authz.js';
import { DueTimer } from '../scheduling/due-timer.js';
import { findPost, insertPost } from '../posts/post-repository.js';
import { reindexPostTexts } from '../posts/post-text-repository.js';
import { postViews } from '../posts/post-view.js';
import { postViewOf, recordPostUpdated } from '../posts/post-service.js';
import { keyOf, plainText, readFeed, type FeedItem } from './feed-items.js';
import {
  claimSource,
  countSpaceSources,
  findItemByKeys,
  findSource,
  findSourceByUrl,
  listDueSources,
  listSpaceSources,
  loadWatchItems,
  nextSourceDue,
  sourceView,
  withAdders,
  type WatchSourceRow,
} from './watch-repository.js';

/** How often a source is fetched when it answers, in ms (30 minutes). */
export const WATCH_FETCH_INTERVAL_MS = 30 * 60_000;
/** The longest wait after failures in a row, in ms (a day). */
export const WATCH_RETRY_MAX_MS = 24 * 60 * 60_000;
/** How long a claimed source is left to the instance that claimed it, in ms. */
const CLAIM_MS = 2 * 60_000;
/** How often the scheduler scans for due sources at least, in ms. */
const WATCH_RESCAN_MS = 60_000;
/** Random bytes in a source or post id (base64url: 16 characters). */
const ID_BYTES = 12;
/** URLs named in one OPML import's audit entry at most. */
const AUDITED_URLS_MAX = 20;

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1';

/** Feeds are served as XML or JSON of many names, and sometimes as plain text. */
const isFeedType = (mediaType: string) => mediaType === '' || mediaType === 'text/plain' || mediaType.includes('xml') || mediaType.includes('json');

export interface WatchOptions {
  /** How often each source is fetched, in ms (default 30 minutes). */
  intervalMs?: number;
}

/** What a failed fetch is recorded as (`WatchSource.lastError.code`). */
function failureCode(error: unknown): string {
  if (error instanceof HttpProblem) {
    if (error.code === 'egress_blocked') return 'egress_blocked';
    if (error.code === 'preview_timeout') return 'timeout';
    if (error.code === 'preview_too_large') return 'too_large';
    if (error.code === 'preview_not_html') return 'not_a_feed';
    if (error.code === 'invalid_url') return 'invalid_url';
  }
  return 'unreachable';
}

/** Markdown-escapes a plain text (what the post body holds is read as Markdown). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/**
 * The body of a watch post: the title as a link to the item, its summary and
 * its source. Searched like every body, and copied (with the link as its
 * source) into a note the post is promoted to.
 */
export function watchPostBody(item: FeedItem, sourceTitle: string): string {
  const title = escapeMarkdown(item.title);
  const head = item.link ? `[${title}](${item.link.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : `**${title}**`;
  const parts = [head, item.summary ? escapeMarkdown(item.summary) : '', `— ${escapeMarkdown(sourceTitle)}`].filter(Boolean);
  return normalizeBody(parts.join('\n\n'));
}

/** Refuses when the server fetches nothing (`--egress off`). */
function requireAvailable(ctx: ServerContext): WatchSources {
  if (ctx.egress.mode === 'off' || !ctx.watch) {
    throw new HttpProblem('watch_unavailable', 'Technology-watch sources are unavailable: this server fetches nothing (--egress off)');
  }
  return ctx.watch;
}

/** A feed URL a person gave: http(s), no credentials, a host the egress policy permits (nothing is resolved). */
function feedUrl(ctx: ServerContext, text: string, path: string): URL {
  let url: URL;
  try {
    url = parsePreviewUrl(text);
  } catch {
    throw new HttpProblem('validation_failed', 'The request is not valid', [{ path, message: 'must be an http or https URL without credentials' }]);
  }
  if (!ctx.egress.permitsLinkHost(url.hostname.replace(/^\[|\]$/g, ''))) throw new HttpProblem('egress_blocked', `The egress policy does not allow fetching ${url.hostname}`);
  return url;
}

/** The scheduler and the fetches; one per server, absent with egress off. */
export class WatchSources {
  readonly #ctx: ServerContext;
  readonly #guard: EgressGuard;
  readonly #intervalMs: number;
  readonly #timer: DueTimer;
  readonly #inFlight = new AbortController();

  constructor(ctx: ServerContext, guard: EgressGuard, options: WatchOptions = {}) {
    this.#ctx = ctx;
    this.#guard = guard;
    this.#intervalMs = options.intervalMs ?? WATCH_FETCH_INTERVAL_MS;
    this.#timer = new DueTimer({
      now: () => ctx.now(),
      rescanMs: WATCH_RESCAN_MS,
      runDue: () => this.fetchDue(),
      nextDue: () => nextSourceDue(ctx.db),
    });
  }

  /** Starts the timer (never with egress off: nothing is fetched then). */
  start(): Promise<void> {
    if (this.#ctx.egress.mode === 'off') return Promise.resolve();
    return this.#timer.start();
  }

  stop(): void {
    this.#timer.stop();
    this.#inFlight.abort();
  }

  /** A source comes due at `at`: wake up in time for it. */
  note(at: string): void {
    if (this.#ctx.egress.mode !== 'off') this.#timer.note(at);
  }

  /** Fetches every due source this instance claims; returns how many it fetched. */
  async fetchDue(): Promise<number> {
    if (this.#ctx.egress.mode === 'off') return 0;
    const now = this.#ctx.now();
    let fetched = 0;
    for (const source of await listDueSources(this.#ctx.db, now.toISOString())) {
      if (this.#inFlight.signal.aborted) break;
      if (!(await claimSource(this.#ctx.db, source, new Date(now.getTime() + CLAIM_MS).toISOString()))) continue;
      await this.fetchSource(source);
      fetched++;
    }
    return fetched;
  }

  /** Fetches one (claimed) source and records what it brought. */
  async fetchSource(source: WatchSourceRow): Promise<void> {
    const { db } = this.#ctx;
    let response;
    try {
      response = await this.#guard.fetch(new URL(source.url), {
        accept: isFeedType,
        acceptHeader: FEED_ACCEPT,
        conditional: { etag: source.etag, lastModified: source.last_modified },
        signal: this.#inFlight.signal,
      });
    } catch (error) {
      return this.#failed(source, failureCode(error));
    }
    const now = this.#ctx.now();
    const next = new Date(now.getTime() + this.#intervalMs).toISOString();
    if (response.notModified) {
      await db
        .updateTable('watch_sources')
        .set({ last_success_at: now.toISOString(), last_error_at: null, last_error_code: null, failures: 0, next_fetch_at: next })
        .where('id', '=', source.id)
        .execute();
      return;
    }
    let feed;
    try {
      feed = readFeed(decode(response.body, response.charset), response.finalUrl);
    } catch {
      return this.#failed(source, 'not_a_feed');
    }
    const adder = await db.selectFrom('actors').select('locale').where('id', '=', source.added_by).executeTakeFirst();
    const locale = (feed.language ?? adder?.locale ?? 'en') as Locale;
    const title = source.title_given === 1 || !feed.title ? source.title : feed.title;
    const events: StoredLiveEvent[] = [];
    // Oldest first, so the newest item is the newest post.
    for (const item of [...feed.items].reverse()) {
      const event = await eventTransaction(db, async (trx) => {
        // Removed meanwhile: its items are no longer wanted.
        if (!(await findSource(trx, source.id))) return null;
        return this.#record(trx, { ...source, title }, locale, item, this.#ctx.now());
      });
      if (event) events.push(event);
    }
    await db
      .updateTable('watch_sources')
      .set({
        title,
        etag: response.etag ?? null,
        last_modified: response.lastModified ?? null,
        last_success_at: now.toISOString(),
        last_error_at: null,
        last_error_code: null,
        failures: 0,
        next_fetch_at: next,
      })
      .where('id', '=', source.id)
      .execute();
    await afterCommit(this.#ctx, events);
  }

  async #failed(source: WatchSourceRow, code: string): Promise<void> {
    const now = this.#ctx.now();
    // Each failure in a row doubles the wait, up to a day.
    const wait = Math.min(this.#intervalMs * 2 ** Math.min(source.failures + 1, 16), WATCH_RETRY_MAX_MS);
    await this.#ctx.db
      .updateTable('watch_sources')
      .set({ last_error_at: now.toISOString(), last_error_code: code, failures: source.failures + 1, next_fetch_at: new Date(now.getTime() + wait).toISOString() })
      .where('id', '=', source.id)
      .execute();
  }

  /** One item: a new post, an edited one, or nothing (a duplicate). */
  async #record(trx: EventTransaction, source: WatchSourceRow, locale: Locale, item: FeedItem, now: Date): Promise<StoredLiveEvent | null> {
    const guidKey = keyOf(item.guid);
    const linkKey = item.link ? keyOf(item.link) : null;
    const found = await findItemByKeys(trx, source.space_id, guidKey, linkKey);
    if (found) {
      const row = found.row;
      // The same guid or link from another source, or the same link under
      // another guid, is the same story: one post. Only its own source edits it.
      if (found.by !== 'guid' || row.source_id !== source.id) return null;
      if (row.title === item.title && row.summary === item.summary && row.link === item.link && row.published_at === item.publishedAt) return null;
      // Its post was deleted: it stays deleted.
      if (!(await findPost(trx, row.post_id))) return null;
      await trx
        .updateTable('watch_items')
        .set({ title: item.title, summary: item.summary, link: item.link, published_at: item.publishedAt })
        .where('post_id', '=', row.post_id)
        .execute();
      await trx
        .updateTable('posts')
        .set({ body: watchPostBody(item, row.source_title), edited_at: now.toISOString() })
        .where('id', '=', row.post_id)
        .execute();
      await reindexPostTexts(trx, row.post_id);
      return recordPostUpdated(trx, this.#ctx, row.post_id, now);
    }
    const id = randomBytes(ID_BYTES).toString('base64url');
    await insertPost(trx, {
      id,
      space_id: source.space_id,
      author_id: source.added_by,
      kind: 'watch',
      body: watchPostBody(item, source.title),
      locale,
      created_at: now.toISOString(),
      edited_at: null,
      publish_at: null,
      publish_pending: 0,
      pinned_at: null,
      pinned_until: null,
      requires_ack: 0,
      extension: null,
      ack_by: null,
      ack_reminded: 0,
    });
    await trx
      .insertInto('watch_items')
      .values({
        post_id: id,
        space_id: source.space_id,
        source_id: source.id,
        guid_key: guidKey,
        link_key: linkKey,
        title: item.title,
        summary: item.summary,
        link: item.link,
        published_at: item.publishedAt,
        source_title: source.title,
        source_url: source.url,
        triage: 'new',
        triaged_by: null,
        triaged_at: null,
        note_id: null,
      })
      .execute();
    const row = await findPost(trx, id);
    if (!row) return null;
    const nobody = { id: '', roleIn: () => null, secret: this.#ctx.ballotSecret, now };
    const [post] = await postViews(trx, nobody, [row], this.#ctx.reactionKinds);
    if (!post) return null;
    return recordEvent(trx, now, source.space_id, { type: 'post.created', spaceId: source.space_id, post });
  }
}

/** A fetched body as text, in its declared charset (UTF-8 otherwise). */
function decode(body: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** The title of a source nobody named: its host until the feed says. */
const hostTitle = (url: URL) => url.hostname;

async function sourceList(ctx: ServerContext, spaceId: string, mayManage: boolean): Promise<WatchSourceList> {
  return { items: (await listSpaceSources(ctx.db, spaceId)).map(sourceView), mayManage };
}

/** `GET /spaces/:id/watch/sources`: whoever reads the space. */
export async function listWatchSources(ctx: ServerContext, actor: Actor, spaceId: string): Promise<WatchSourceList> {
  requireAvailable(ctx);
  const { space, role } = await requireReadableSpace(ctx.db, actor, spaceId);
  return sourceList(ctx, space.id, canManageWatchSources(role));
}

async function requireManagedSpace(ctx: ServerContext, actor: Actor, spaceId: string) {
  const access = await requireReadableSpace(ctx.db, actor, spaceId);
  if (!canManageWatchSources(access.role)) throw forbidden('Only owners and correspondents manage the technology-watch sources of a space');
  return access;
}

/** `POST /spaces/:id/watch/sources`: owners and correspondents; the same URL twice is the same source (marked as a replay). */
export async function addWatchSource(
  ctx: ServerContext,
  actor: Actor,
  spaceId: string,
  draft: WatchSourceDraft,
): Promise<{ resource: WatchSource; replayed: boolean }> {
  const watch = requireAvailable(ctx);
  const { space } = await requireManagedSpace(ctx, actor, spaceId);
  const url = feedUrl(ctx, draft.url, '/body/url');
  const urlKey = keyOf(url.toString());
  const existing = await findSourceByUrl(ctx.db, space.id, urlKey);
  if (existing) return { resource: sourceView((await withAdders(ctx.db, [existing]))[0]!), replayed: true };
  if ((await countSpaceSources(ctx.db, space.id)) >= WATCH_SOURCES_PER_SPACE_MAX) {
    throw new HttpProblem('validation_failed', 'The request is not valid', [{ path: '/body/url', message: `a space follows ${WATCH_SOURCES_PER_SPACE_MAX} sources at most` }]);
  }
  const now = ctx.now();
  const id = randomBytes(ID_BYTES).toString('base64url');
  const title = draft.title ? plainText(draft.title, WATCH_TITLE_MAX_CHARS) || hostTitle(url) : hostTitle(url);
  await eventTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('watch_sources')
      .values({ id, space_id: space.id, url: url.toString(), url_key: urlKey, title, title_given: draft.title ? 1 : 0, added_by: actor.id, created_at: now.toISOString(), next_fetch_at: now.toISOString() })
      .execute();
    await appendAudit(trx, now, [{ action: 'watch.source_add', actorId: actor.id, targetType: 'space', targetId: space.id, spaceId: space.id, detail: { sourceId: id, url: url.toString() } }]);
  });
  // Fetched at once, in the background.
  watch.note(now.toISOString());
  const row = await findSource(ctx.db, id);
  if (!row) throw notFound('Source');
  return { resource: sourceView((await withAdders(ctx.db, [row]))[0]!), replayed: false };
}

/** `DELETE /watch/sources/:id`: owners and correspondents; the posts it brought stay. Allowed with egress off (to clean up). */
export async function removeWatchSource(ctx: ServerContext, actor: Actor, sourceId: string): Promise<void> {
  const source = await findSource(ctx.db, sourceId);
  if (!source) throw notFound('Source');
  const access = await requireReadableSpace(ctx.db, actor, source.space_id).catch(() => {
    throw notFound('Source');
  });
  if (!canManageWatchSources(access.role)) throw forbidden('Only owners and correspondents manage the technology-watch sources of a space');
  const now = ctx.now();
  await eventTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('watch_sources').where('id', '=', source.id).execute();
    await appendAudit(trx, now, [
      { action: 'watch.source_remove', actorId: actor.id, targetType: 'space', targetId: source.space_id, spaceId: source.space_id, detail: { sourceId: source.id, url: source.url } },
    ]);
  });
}

interface OpmlOutline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  outlines?: OpmlOutline[];
}

/** Every outline with an `xmlUrl`, folders flattened, in document order. */
function feedOutlines(outlines: readonly OpmlOutline[] | undefined, found: OpmlOutline[] = [], depth = 0): OpmlOutline[] {
  if (!outlines || depth > 8) return found;
  for (const outline of outlines) {
    if (outline.xmlUrl) found.push(outline);
    feedOutlines(outline.outlines, found, depth + 1);
  }
  return found;
}

/** `POST /spaces/:id/watch/opml`: adds the sources of an OPML document (owners and correspondents), one audit entry. */
export async function importWatchOpml(ctx: ServerContext, actor: Actor, spaceId: string, opml: string): Promise<WatchOpmlResult> {
  const watch = requireAvailable(ctx);
  const { space, role } = await requireManagedSpace(ctx, actor, spaceId);
  let outlines: OpmlOutline[];
  try {
    if (opml.length > WATCH_OPML_MAX_CHARS) throw new Error('too long');
    outlines = feedOutlines(parseOpml(opml).body?.outlines as OpmlOutline[] | undefined);
  } catch {
    throw new HttpProblem('validation_failed', 'The request is not valid', [{ path: '/body/opml', message: 'must be an OPML document' }]);
  }
  const now = ctx.now();
  let count = await countSpaceSources(ctx.db, space.id);
  const added: { id: string; url: string; urlKey: string; title: string; titleGiven: boolean }[] = [];
  let skipped = 0;
  for (const outline of outlines) {
    let url: URL;
    try {
      url = feedUrl(ctx, outline.xmlUrl!, '/body/opml');
    } catch {
      skipped++;
      continue;
    }
    const urlKey = keyOf(url.toString());
    if (count >= WATCH_SOURCES_PER_SPACE_MAX || added.some((a) => a.urlKey === urlKey) || (await findSourceByUrl(ctx.db, space.id, urlKey))) {
      skipped++;
      continue;
    }
    const given = plainText(outline.title ?? outline.text ?? '', WATCH_TITLE_MAX_CHARS);
    added.push({ id: randomBytes(ID_BYTES).toString('base64url'), url: url.toString(), urlKey, title: given || hostTitle(url), titleGiven: given !== '' });
    count++;
  }
  if (added.length > 0) {
    await eventTransaction(ctx.db, async (trx) => {
      await trx
        .insertInto('watch_sources')
        .values(
          added.map((a) => ({
            id: a.id,
            space_id: space.id,
            url: a.url,
            url_key: a.urlKey,
            title: a.title,
            title_given: a.titleGiven ? 1 : 0,
            added_by: actor.id,
            created_at: now.toISOString(),
            next_fetch_at: now.toISOString(),
          })),
        )
        .execute();
      await appendAudit(trx, now, [
        {
          action: 'watch.opml_import',
          actorId: actor.id,
          targetType: 'space',
          targetId: space.id,
          spaceId: space.id,
          detail: { added: added.length, skipped, urls: added.slice(0, AUDITED_URLS_MAX).map((a) => a.url) },
        },
      ]);
    });
    watch.note(now.toISOString());
  }
  return { added: added.length, skipped, sources: await sourceList(ctx, space.id, canManageWatchSources(role)) };
}

/** `GET /spaces/:id/watch/opml`: the space's sources as an OPML 2.0 document (whoever reads the space). */
export async function exportWatchOpml(ctx: ServerContext, actor: Actor, spaceId: string): Promise<{ name: string; opml: string }> {
  requireAvailable(ctx);
  const { space } = await requireReadableSpace(ctx.db, actor, spaceId);
  const sources = await listSpaceSources(ctx.db, space.id);
  const opml = generateOpml({
    head: { title: `${space.name}: technology watch` },
    body: { outlines: sources.map((s) => ({ text: s.title, title: s.title, type: 'rss', xmlUrl: s.url })) },
  });
  return { name: space.id, opml };
}

/** `POST /posts/:id/watch/triage`: those who may publish in the space; one state for the whole space. */
export async function triageWatchPost(ctx: ServerContext, actor: Actor, postId: string, request: WatchTriageRequest): Promise<Post> {
  const { row, role } = await requireReadablePost(ctx.db, actor, postId, ctx.now());
  // The post exists for the caller; it is just not an item to triage.
  if (row.post.kind !== 'watch') throw new HttpProblem('conflict', 'The post is not a technology-watch item');
  if (!canTriageWatch(role)) throw forbidden('Only those who may publish in the space triage its watch items');
  const now = ctx.now();
  const event = await eventTransaction(ctx.db, async (trx) => {
    const item = (await loadWatchItems(trx, [row.post.id])).get(row.post.id);
    if (!item) throw notFound('Watch item');
    const outcome = watchTriageOutcome(item.triage as Parameters<typeof watchTriageOutcome>[0], request.action);
    if (typeof outcome !== 'string') throw new HttpProblem(outcome.code, outcome.title);
    if (outcome === item.triage) return null;
    await trx
      .updateTable('watch_items')
      .set({ triage: outcome, triaged_by: outcome === 'new' ? null : actor.id, triaged_at: outcome === 'new' ? null : now.toISOString() })
      .where('post_id', '=', item.post_id)
      .execute();
    return recordPostUpdated(trx, ctx, row.post.id, now);
  });
  if (event) await afterCommit(ctx, [event]);
  return postViewOf(ctx, row.post.id, actor);
}

/** In a note promotion's transaction: a watch item promoted to `noteId` is marked so (nothing for other posts). */
export async function markWatchPromoted(trx: EventTransaction | Parameters<typeof loadWatchItems>[0], postId: string, noteId: string, actorId: string, now: Date): Promise<void> {
  await trx
    .updateTable('watch_items')
    .set({ triage: 'promoted', note_id: noteId, triaged_by: actorId, triaged_at: now.toISOString() })
    .where('post_id', '=', postId)
    .execute();
}
