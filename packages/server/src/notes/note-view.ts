/** Notes as a caller sees them: actors resolved, sources with their cards, and whether they may edit. */
import type { Kysely } from 'kysely';
import type { KnowledgeNote, NoteRevision, NoteSource, Role } from '@ecotone/protocol';
import { canEditNote } from '@ecotone/protocol/rules';
import { loadMentions } from '../notifications/mentions.js';
import { loadAttachments } from '../files/attachments.js';
import type { Database } from '../db/schema.js';
import { findActors } from '../people/actor-repository.js';
import type { NoteRecord, NoteRevisionRecord } from './note-repository.js';
import { findCachedPreviews } from '../previews/preview-repository.js';
import { urlKey } from '../previews/service.js';
import { moderationMark } from '../moderation/moderation-state.js';

function keyOf(url: string): string | null {
  try {
    return urlKey(new URL(url));
  } catch {
    return null;
  }
}

/**
 * The wire notes, in the order given. A source's card is the copy kept with
 * the note, else the shared preview cache; never fetched here (fetching is
 * the previews module's business, under the egress policy).
 */
export async function noteViews(
  db: Kysely<Database>,
  viewerId: string,
  roles: ReadonlyMap<string, Role | null>,
  notes: readonly NoteRecord[],
  now: Date,
): Promise<KnowledgeNote[]> {
  const uncached = notes.flatMap((n) => n.sources.filter((s) => s.preview === null).map((s) => keyOf(s.url)));
  const [actors, cached, mentions, attachments] = await Promise.all([
    findActors(db, notes.flatMap((n) => [n.ownerId, n.updatedBy])),
    findCachedPreviews(db, uncached.filter((k): k is string => k !== null), now),
    loadMentions(db, 'note', notes.map((n) => n.id)),
    loadAttachments(db, 'note', notes.map((n) => n.id)),
  ]);
  const actor = (id: string) => actors.get(id) ?? { id, displayName: id, locale: 'en' as const };
  return notes.map((note) => ({
    id: note.id,
    spaceId: note.spaceId,
    owner: actor(note.ownerId),
    title: note.title,
    body: note.body,
    language: note.language,
    sources: note.sources.map((s): NoteSource => {
      if (s.preview) return { url: s.url, preview: { ...s.preview, url: s.url } };
      const key = keyOf(s.url);
      const stored = key === null ? undefined : cached.get(key);
      return stored ? { url: s.url, preview: { url: s.url, ...stored } } : { url: s.url };
    }),
    tags: note.tags,
    maturity: note.maturity,
    reviewBy: note.reviewBy,
    promotedFrom: note.promotedFrom,
    revision: note.revision,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    updatedBy: actor(note.updatedBy),
    canEdit: canEditNote(note, viewerId, roles.get(note.spaceId) ?? null),
    ...(mentions.has(note.id) ? { mentions: mentions.get(note.id) } : {}),
    ...(attachments.has(note.id) ? { attachments: attachments.get(note.id) } : {}),
    ...(note.moderation !== null ? { moderation: moderationMark({ moderation: note.moderation, moderation_reason: note.moderationReason, moderated_at: note.moderatedAt }) } : {}),
  }));
}

export async function noteView(
  db: Kysely<Database>,
  viewerId: string,
  role: Role | null,
  note: NoteRecord,
  now: Date,
): Promise<KnowledgeNote> {
  const [view] = await noteViews(db, viewerId, new Map([[note.spaceId, role]]), [note], now);
  return view!;
}

export async function revisionViews(db: Kysely<Database>, revisions: readonly NoteRevisionRecord[]): Promise<NoteRevision[]> {
  const actors = await findActors(db, revisions.map((r) => r.authorId));
  return revisions.map((r) => ({
    revision: r.revision,
    title: r.title,
    body: r.body,
    language: r.language,
    sources: r.sources,
    tags: r.tags,
    maturity: r.maturity,
    reviewBy: r.reviewBy,
    author: actors.get(r.authorId) ?? { id: r.authorId, displayName: r.authorId, locale: 'en' },
    createdAt: r.createdAt,
  }));
}
