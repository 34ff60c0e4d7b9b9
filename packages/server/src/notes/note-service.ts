import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  normalizeBody,
  normalizeLabel,
  type Actor,
  type KnowledgeNote,
  type NoteDraft,
  type NoteList,
  type NotePatch,
  type NoteRevisionList,
  type NoteSearchQuery,
  type NoteSearchResult,
  type ProblemFieldError,
  type PromoteRequest,
  type Role,
} from '@ecotone/protocol';
import { canModerate, detachErrors, editsEveryNote, noteFieldErrors, noteLabelErrors, noteTags, titleFromPostBody } from '@ecotone/protocol/rules';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import {
  readableSpaceRoles,
  requireEditableNote,
  requireNoteSpace,
  requireReadablePost,
  requireVisibleNote,
} from '../policy/authz.js';
import { HttpProblem, notFound } from '../http/errors.js';
import { noteView, noteViews, revisionViews } from './note-view.js';
import { searchVisibleNotes } from './search.js';
import { indexText } from '../search/stemming.js';
import { firstLink } from '@ecotone/protocol';
import {
  deleteNote,
  findNote,
  insertNote,
  listDueNotes,
  listRevisions,
  updateNote,
  type NoteContent,
  type NoteIndexText,
  type NoteRecord,
  type NoteSourceRecord,
} from './note-repository.js';
import { listPostPreviews } from '../previews/preview-repository.js';
import { idempotentTransaction, type Created, type Replay } from '../http/idempotency.js';
import { eventTransaction } from '../live/record.js';
import { markWatchPromoted } from '../watch/watch-service.js';
import { appendAudit } from '../audit/audit-log.js';
import { attachableErrors, attachedFiles, attachFiles, detachFiles, releaseFiles, requireAttachable } from '../files/attachments.js';
import { mentionedIds } from '@ecotone/protocol/rules';
import { deleteMentions, replaceMentions, requireMentionable, requireMentionableIn } from '../notifications/mentions.js';
import { deleteNotificationsAbout, plainExcerpt, type NotificationAbout } from '../notifications/notification-repository.js';
import { NOTHING_RECORDED, recordNotices, type RecordedNotices } from '../notifications/notifier.js';
import { afterNotices } from '../notifications/notification-service.js';
import { requireFlow } from '../policy/classification.js';
import { requireCapabilities, requireSpaceCapabilities } from '../spaces/capability-service.js';

/** Random bytes in a note id (base64url: 16 characters). */
const NOTE_ID_BYTES = 12;

/** A note's entry in the full-text index, stemmed in its language (`ecotone copy` rebuilds the index with it too). */
export function noteIndexText(content: Pick<NoteContent, 'title' | 'body' | 'language' | 'tags'>): NoteIndexText {
  return {
    title: indexText(content.title, content.language),
    body: indexText(content.body, content.language),
    tags: indexText(content.tags.join(' '), content.language),
  };
}

function check(errors: ProblemFieldError[]): void {
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
}

/** Sources from URLs, keeping the preview copies of URLs the note already had. */
function sourcesFrom(urls: readonly string[], previous: readonly NoteSourceRecord[] = []): NoteSourceRecord[] {
  const kept = new Map(previous.map((s) => [s.url, s.preview]));
  return urls.map((url) => ({ url, preview: kept.get(url) ?? null }));
}

/** The note just created, or the one an earlier request with the same key created (in the same space). */
async function createdNote(
  ctx: ServerContext,
  outcome: { created: RecordedNotices } | Replay,
  id: string,
  actorId: string,
  role: Role | null,
  now: Date,
): Promise<Created<KnowledgeNote>> {
  if ('created' in outcome) await afterNotices(ctx, outcome.created);
  const note = await findNote(ctx.db, 'replayOf' in outcome ? outcome.replayOf : id);
  if (!note) throw notFound('Note');
  return { resource: await noteView(ctx.db, actorId, role, note, now), replayed: 'replayOf' in outcome };
}

/** What a notification about a note names: the note, its space, its title. */
function noteAbout(id: string, spaceId: string, title: string): NotificationAbout {
  return { type: 'note', id, spaceId, excerpt: plainExcerpt(title) };
}

/** Full-text search over the notes of the spaces the caller may read. */
export async function searchNotes(ctx: ServerContext, actor: Actor, query: NoteSearchQuery): Promise<NoteSearchResult> {
  const readable = await readableSpaceRoles(ctx.db, actor);
  return searchVisibleNotes(ctx, { id: actor.id, readable }, query, ctx.now());
}

/** Notes due for review that the caller owns or may edit. */
export async function dueNotes(ctx: ServerContext, actor: Actor): Promise<NoteList> {
  const readable = await readableSpaceRoles(ctx.db, actor);
  const now = ctx.now();
  // Calendar dates are compared in UTC, as reviewBy carries no zone.
  const notes = await listDueNotes(ctx.db, {
    today: now.toISOString().slice(0, 10),
    editorSpaceIds: [...readable].filter(([, role]) => editsEveryNote(role)).map(([id]) => id),
    moderatedSpaceIds: [...readable].filter(([, role]) => canModerate(role)).map(([id]) => id),
    ownSpaceIds: [...readable.keys()],
    ownerId: actor.id,
  });
  return { items: await noteViews(ctx.db, actor.id, readable, notes, now) };
}

/** Creates a note in a space, claimed by the idempotency key. */
export async function createNote(
  ctx: ServerContext,
  actor: Actor,
  spaceId: string,
  draft: NoteDraft,
  key: string | undefined,
): Promise<Created<KnowledgeNote>> {
  const { space, role } = await requireNoteSpace(ctx.db, actor, spaceId);
  check(noteFieldErrors(draft));
  const now = ctx.now();
  const content: NoteContent = {
    title: normalizeLabel(draft.title),
    body: normalizeBody(draft.body ?? ''),
    language: draft.language ?? actor.locale,
    tags: noteTags(draft.tags ?? []),
    sources: sourcesFrom(draft.sources ?? []),
    maturity: draft.maturity ?? 'draft',
    reviewBy: draft.reviewBy ?? null,
  };
  const mentioned = mentionedIds(content.body);
  await requireMentionable(ctx.db, space, mentioned, '/body/body');
  const attachments = draft.attachments ?? [];
  if (attachments.length > 0) requireCapabilities(space.capabilities, [{ capability: 'attachments' }], ctx.reactionKinds);
  await requireAttachable(ctx.db, attachments, actor.id, space.id);
  const id = randomBytes(NOTE_ID_BYTES).toString('base64url');
  const write = { actorId: actor.id, key, at: now.toISOString(), scope: 'note', request: [space.id, draft], resourceId: id };
  const outcome = await idempotentTransaction(ctx.db, write, async (trx) => {
    await insertNote(
      trx,
      { ...content, id, spaceId: space.id, ownerId: actor.id, promotedFrom: null, createdAt: now.toISOString() },
      noteIndexText(content),
    );
    await replaceMentions(trx, 'note', id, mentioned);
    await attachFiles(trx, attachments, actor.id, { type: 'note', id });
    await appendAudit(trx, now, [
      { action: 'note.create', actorId: actor.id, targetType: 'note', targetId: id, spaceId: space.id, detail: attachments.length ? { files: attachments.map((a) => a.file) } : {} },
    ]);
    return recordNotices(trx, [{ kind: 'mention', recipients: mentioned, actorId: actor.id, about: noteAbout(id, space.id, content.title) }], now);
  });
  return createdNote(ctx, outcome, id, actor.id, role, now);
}

/** The note as the caller may see it, or 404. */
export async function readNote(ctx: ServerContext, actor: Actor, noteId: string): Promise<KnowledgeNote> {
  const { note, role } = await requireVisibleNote(ctx.db, actor, noteId);
  return noteView(ctx.db, actor.id, role, note, ctx.now());
}

/** Applies a patch against the revision it names; 409 edit_conflict with the note as it is when another came first. */
export async function editNote(ctx: ServerContext, actor: Actor, noteId: string, patch: NotePatch): Promise<KnowledgeNote> {
  const { note, role } = await requireEditableNote(ctx.db, actor, noteId);
  const attach = patch.attach ?? [];
  if (attach.length > 0) await requireSpaceCapabilities(ctx.db, note.spaceId, [{ capability: 'attachments' }], ctx.reactionKinds);
  const detach = patch.detach ?? [];
  const attached = patch.attach !== undefined || patch.detach !== undefined ? await attachedFiles(ctx.db, 'note', note.id) : undefined;
  check([
    ...noteFieldErrors(patch),
    ...detachErrors(detach, attached?.ids ?? new Set(), '/body/detach', 'note'),
    ...(await attachableErrors(ctx.db, attach, actor.id, note.spaceId, { path: '/body/attach', kept: (attached?.ids.size ?? 0) - detach.length })),
  ]);
  const mentioned = patch.body !== undefined ? mentionedIds(normalizeBody(patch.body)) : null;
  if (mentioned) await requireMentionableIn(ctx.db, note.spaceId, mentioned, '/body/body', { type: 'note', id: note.id });
  const now = ctx.now();
  let recorded = NOTHING_RECORDED;
  let released: string[] = [];
  const applied = await eventTransaction(ctx.db, async (trx) => {
    // Read inside the transaction so the fields a patch leaves out come
    // from the revision it is checked against.
    const current = await findNote(trx, note.id);
    if (!current) throw notFound('Note');
    const content: NoteContent = {
      title: patch.title !== undefined ? normalizeLabel(patch.title) : current.title,
      body: patch.body !== undefined ? normalizeBody(patch.body) : current.body,
      language: patch.language ?? current.language,
      tags: patch.tags ? noteTags(patch.tags) : current.tags,
      sources: patch.sources ? sourcesFrom(patch.sources, current.sources) : current.sources,
      maturity: patch.maturity ?? current.maturity,
      reviewBy: patch.reviewBy !== undefined ? patch.reviewBy : current.reviewBy,
    };
    const updated = await updateNote(trx, {
      id: note.id,
      baseRevision: patch.baseRevision,
      content,
      index: noteIndexText(content),
      authorId: actor.id,
      at: now.toISOString(),
    });
    if (updated !== null) {
      await appendAudit(trx, now, [
        {
          action: 'note.edit',
          actorId: actor.id,
          targetType: 'note',
          targetId: note.id,
          spaceId: note.spaceId,
          detail: { revision: updated, ...(attach.length ? { attach: attach.map((a) => a.file) } : {}), ...(detach.length ? { detach } : {}) },
        },
      ]);
    }
    if (updated !== null && attached !== undefined) {
      // Files come and go with the revision that names them (a conflicting edit changes none).
      released = await detachFiles(trx, 'note', note.id, detach);
      await attachFiles(trx, attach, actor.id, { type: 'note', id: note.id }, { path: '/body/attach', firstPosition: attached.nextPosition });
    }
    if (updated !== null && mentioned) {
      // Only people the edit adds are notified.
      const added = await replaceMentions(trx, 'note', note.id, mentioned);
      if (added.length > 0) {
        recorded = await recordNotices(trx, [{ kind: 'mention', recipients: added, actorId: actor.id, about: noteAbout(note.id, note.spaceId, content.title) }], now);
      }
    }
    return updated;
  });
  await afterNotices(ctx, recorded);
  await ctx.uploads?.removeFiles(released);
  const current = await findNote(ctx.db, note.id);
  if (!current) throw notFound('Note');
  const view = await noteView(ctx.db, actor.id, role, current, now);
  if (applied === null) {
    // Nothing was written: the caller keeps its text and gets the note as
    // it is now, to show both and merge.
    throw new HttpProblem(
      'edit_conflict',
      `The note changed since revision ${patch.baseRevision}; it is at revision ${current.revision}`,
      undefined,
      { current: view },
    );
  }
  return view;
}

/** Deletes a note, its revisions and its files. */
export async function removeNote(ctx: ServerContext, actor: Actor, noteId: string): Promise<void> {
  const { note } = await requireEditableNote(ctx.db, actor, noteId);
  const files = await eventTransaction(ctx.db, async (trx) => {
    await appendAudit(trx, ctx.now(), [{ action: 'note.delete', actorId: actor.id, targetType: 'note', targetId: note.id, spaceId: note.spaceId, detail: { ownerId: note.ownerId } }]);
    return eraseNote(trx, note);
  });
  // Unreadable since the commit; the bytes go now (the sweep finishes the job after a crash).
  await ctx.uploads?.removeFiles(files);
}

/**
 * Deletes a note with its revisions, tags, sources, search entry, mentions
 * and notifications, in the caller's transaction (which records its audit
 * entry): a person's deletion, or the space's retention
 * (retention/purge.ts). Answers the files whose bytes go after the commit.
 */
export async function eraseNote(trx: Kysely<Database>, note: Pick<NoteRecord, 'id' | 'seq'>): Promise<string[]> {
  await deleteNote(trx, note);
  await deleteMentions(trx, 'note', [note.id]);
  await deleteNotificationsAbout(trx, { objectIds: [note.id] });
  return releaseFiles(trx, 'note', [note.id]);
}

/** A note's revisions, for whoever may see the note. */
export async function noteRevisions(ctx: ServerContext, actor: Actor, noteId: string): Promise<NoteRevisionList> {
  const { note } = await requireVisibleNote(ctx.db, actor, noteId);
  return { items: await revisionViews(ctx.db, await listRevisions(ctx.db, note.id)) };
}

/**
 * Makes a note of a post the caller may read, in the post's space or
 * another where they may create notes (never one of a lower classification
 * label: `classification_violation`); its link and card come along.
 */
export async function promotePost(
  ctx: ServerContext,
  actor: Actor,
  postId: string,
  promotion: PromoteRequest | undefined,
  key: string | undefined,
): Promise<Created<KnowledgeNote>> {
  // A draft is promoted by those who see it, no one else (404, as for reading it).
  const found = await requireReadablePost(ctx.db, actor, postId, ctx.now());
  const { space, role } = await requireNoteSpace(ctx.db, actor, promotion?.spaceId ?? found.row.post.space_id);
  requireFlow(ctx.classification.order, found.space.label, space.label, 'Promoting this post');
  const post = found.row.post;
  const link = firstLink(post.body);
  // The card the post already shows, copied so the note keeps it.
  const preview = link ? (await listPostPreviews(ctx.db, [post.id])).get(post.id) : undefined;
  const body = promotion ?? {};
  check(noteLabelErrors(body.title, body.tags));
  const content: NoteContent = {
    title: body.title !== undefined ? normalizeLabel(body.title) : titleFromPostBody(post.body),
    body: post.body,
    language: post.locale as NoteContent['language'],
    tags: noteTags(body.tags ?? []),
    sources: link ? [{ url: link, preview: preview ?? null }] : [],
    maturity: body.maturity ?? 'draft',
    reviewBy: null,
  };
  const now = ctx.now();
  const id = randomBytes(NOTE_ID_BYTES).toString('base64url');
  const write = { actorId: actor.id, key, at: now.toISOString(), scope: 'promote', request: [post.id, body], resourceId: id };
  const outcome = await idempotentTransaction(ctx.db, write, async (trx) => {
    await insertNote(
      trx,
      { ...content, id, spaceId: space.id, ownerId: actor.id, promotedFrom: post.id, createdAt: now.toISOString() },
      noteIndexText(content),
    );
    // The post's mentions come with its text (those people heard of the post already).
    await replaceMentions(trx, 'note', id, mentionedIds(content.body));
    // A technology-watch item promoted is marked so for the whole space.
    if (post.kind === 'watch') await markWatchPromoted(trx, post.id, id, actor.id, now);
    await appendAudit(trx, now, [{ action: 'note.promote', actorId: actor.id, targetType: 'note', targetId: id, spaceId: space.id, detail: { postId: post.id, fromSpaceId: post.space_id, ...(found.space.label !== null || space.label !== null ? { fromLabel: found.space.label, toLabel: space.label } : {}) } }]);
    return NOTHING_RECORDED;
  });
  return createdNote(ctx, outcome, id, actor.id, role, now);
}
