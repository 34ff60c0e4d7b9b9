/**
 * The knowledge-note routes of {@link MemoryTransport}, kept apart for size.
 * Simpler than the server: search is a case- and accent-insensitive
 * substring match of every word of the query (no stemming), but rights,
 * revisions, conflicts, the review list and promotion behave as on the
 * server, from `@ecotone/protocol/rules`: a note is seen exactly when its
 * space is readable; whoever may publish there creates one; its owner and
 * the space's owners and correspondents edit and delete it.
 */
import {
  NOTES_DUE_LISTED_MAX,
  NOTE_MATURITIES,
  NOTE_SEARCH_LIMIT_MAX,
  NOTE_TITLE_MAX_CHARS,
  normalizeLabel,
  problem,
  type Actor,
  type KnowledgeNote,
  type NoteDraft,
  type NoteHighlight,
  type NoteHit,
  type NoteList,
  type NotePatch,
  type NoteRevision,
  type NoteRevisionList,
  type NoteSearchResult,
  type NoteSource,
  type PromoteRequest,
  type WorldNote,
} from '@ecotone/protocol';
import { INVALID_REQUEST_TITLE, attachmentErrors, canCreateNote, canEditNote, detachErrors, noteFieldErrors, noteLabelErrors, noteTags, titleFromPostBody } from '@ecotone/protocol/rules';
import { attachableFiles, attachDrafts, deleteAttachments } from './memory-attachments.js';
import { errorFromProblem, type EcotoneError } from '../errors.js';
import { answer, fail, keyed, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryNotifications } from './memory-notifications.js';
import type { MemoryStore } from './memory-store.js';

/** Default page size of a search, as on the reference server. */
const DEFAULT_SEARCH_LIMIT = 20;
/** Longest body snippet a hit carries, in characters. */
const SNIPPET_MAX_CHARS = 200;
/** Characters of context kept before the first match of a body snippet. */
const SNIPPET_LEAD_CHARS = 60;
const TAG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}-]{1,40}$/u;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type StoredNote = Omit<KnowledgeNote, 'canEdit'>;

export class MemoryNotes {
  private readonly notes = new Map<string, StoredNote>();
  private readonly history = new Map<string, NoteRevision[]>();
  private nextNoteNumber = 1;

  constructor(
    private readonly store: MemoryStore,
    private readonly notifications: MemoryNotifications,
  ) {}

  readonly routes: MemoryRouteTable = {
    notes: { GET: answer((req) => this.search(req.query ?? {})) },
    notesDue: { GET: answer(() => this.due()) },
    spaceNotes: { POST: keyed((req, spaceId) => this.create(spaceId, req.body as NoteDraft)) },
    note: {
      GET: answer((_req, noteId) => this.view(this.visible(noteId))),
      PATCH: keyed((req, noteId) => this.patch(noteId, req.body as NotePatch)),
      DELETE: keyed((_req, noteId) => this.remove(noteId)),
    },
    noteRevisions: {
      GET: answer((_req, noteId): NoteRevisionList => {
        this.visible(noteId);
        return { items: structuredClone(this.history.get(noteId) ?? []) };
      }),
    },
    promotePost: { POST: keyed((req, postId) => this.promote(postId, (req.body ?? {}) as PromoteRequest)) },
  };

  /** Adds or replaces a note directly (revision history restarts with it). */
  add(note: KnowledgeNote): void {
    const { canEdit: _canEdit, ...stored } = structuredClone(note);
    this.notes.set(note.id, stored);
    for (const person of [note.owner, note.updatedBy]) if (!this.store.people.has(person.id)) this.store.know(person);
    this.history.set(note.id, [revisionOf(stored, stored.updatedBy, stored.updatedAt)]);
  }

  /** Every note with its revisions, and the number the next one takes, for a snapshot of the world. */
  dump(): { notes: WorldNote[]; next: number } {
    const notes = [...this.notes.values()].map((note) => structuredClone({ note, history: this.history.get(note.id) ?? [] }));
    return { notes, next: this.nextNoteNumber };
  }

  /** Replaces every note with those of a snapshot. */
  load(state: { notes: readonly WorldNote[]; next: number }): void {
    this.notes.clear();
    this.history.clear();
    for (const { note, history } of structuredClone(state.notes)) {
      this.notes.set(note.id, note);
      this.history.set(note.id, history);
    }
    this.nextNoteNumber = state.next;
  }

  /**
   * Edits a note as another person would (a new revision by `author`), so
   * that the caller's next edit from the older revision conflicts.
   */
  editAsOther(noteId: string, author: Actor, patch: Omit<NotePatch, 'baseRevision'>): KnowledgeNote {
    const stored = this.notes.get(noteId);
    if (!stored) throw new Error(`No note ${noteId}`);
    return this.apply(stored, patch, author);
  }

  /** A note as stored, for the notifications about it (whoever asks). */
  stored(noteId: string): { spaceId: string; title: string } | undefined {
    const note = this.notes.get(noteId);
    return note && { spaceId: note.spaceId, title: note.title };
  }

  private visible(noteId: string): StoredNote {
    const note = this.notes.get(noteId);
    if (!note || !this.store.readsSpace(note.spaceId)) throw fail('not_found', `No note ${noteId}`);
    return note;
  }

  private canEdit(note: StoredNote): boolean {
    return canEditNote({ ownerId: note.owner.id }, this.store.caller.id, this.store.roleIn(note.spaceId));
  }

  private view(note: StoredNote): KnowledgeNote {
    const { mentions: _kept, ...rest } = structuredClone(note);
    const mentions = this.notifications.mentionsOf([note.body]);
    return { ...rest, ...(mentions ? { mentions } : {}), canEdit: this.canEdit(note) };
  }

  private search(query: Record<string, string | number | undefined>): NoteSearchResult {
    const limit = Number(query.limit ?? DEFAULT_SEARCH_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > NOTE_SEARCH_LIMIT_MAX) throw invalid('/query/limit', 'Bad limit');
    const words = fold(String(query.q ?? '')).text.split(/\s+/).filter(Boolean);
    const hits: NoteHit[] = [];
    for (const note of this.notes.values()) {
      if (!this.store.readsSpace(note.spaceId)) continue;
      if (query.space !== undefined && note.spaceId !== query.space) continue;
      if (query.tag !== undefined && !note.tags.includes(String(query.tag))) continue;
      if (query.maturity !== undefined && note.maturity !== query.maturity) continue;
      const hit = match(note, words);
      if (hit) hits.push({ ...hit, note: this.view(note) });
    }
    hits.sort((a, b) => b.score - a.score || b.note.updatedAt.localeCompare(a.note.updatedAt) || a.note.id.localeCompare(b.note.id));
    const counts = new Map<string, number>();
    for (const { note } of hits) for (const tag of note.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const tags = [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
    let start = 0;
    if (query.cursor !== undefined && query.cursor !== '') {
      const cursor = /^o:(\d+)$/.exec(String(query.cursor));
      if (!cursor) throw fail('invalid_cursor', 'Unknown cursor');
      start = Number(cursor[1]);
    }
    const end = start + limit;
    return { items: hits.slice(start, end), nextCursor: end < hits.length ? `o:${end}` : null, tags, total: hits.length };
  }

  private due(): NoteList {
    const today = this.store.now().toISOString().slice(0, 10);
    const items = [...this.notes.values()]
      .filter((n) => n.reviewBy !== null && n.reviewBy <= today && this.store.readsSpace(n.spaceId) && this.canEdit(n))
      .sort((a, b) => a.reviewBy!.localeCompare(b.reviewBy!) || a.id.localeCompare(b.id))
      .slice(0, NOTES_DUE_LISTED_MAX);
    return { items: items.map((n) => this.view(n)) };
  }

  private create(spaceId: string, draft: NoteDraft, promotedFrom: string | null = null, sources?: NoteSource[]): KnowledgeNote {
    this.store.readableSpace(spaceId);
    // Readers (and non-members) do not write, as for posts.
    if (!canCreateNote(this.store.roleIn(spaceId))) throw fail('forbidden', 'You may not create notes in this space');
    checkFields(draft ?? ({} as NoteDraft), true);
    const me = this.store.caller;
    if (draft.attachments?.length) this.store.requireCapabilities(spaceId, [{ capability: 'attachments' }]);
    const errors = attachmentErrors(draft.attachments ?? [], attachableFiles(this.store), me.id, spaceId);
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    this.notifications.checkMentions(spaceId, [draft.body ?? '']);
    const now = this.now();
    const id = `mem-note-${this.nextNoteNumber++}`;
    const attachments = attachDrafts(this.store, draft.attachments ?? [], { type: 'note', id });
    const note: StoredNote = {
      id,
      spaceId,
      owner: me,
      title: normalizeLabel(draft.title),
      body: draft.body ?? '',
      language: draft.language ?? me.locale,
      sources: sources ?? (draft.sources ?? []).map((url) => ({ url })),
      tags: noteTags(draft.tags ?? []),
      maturity: draft.maturity ?? 'draft',
      reviewBy: draft.reviewBy ?? null,
      promotedFrom,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: me,
      ...(attachments.length > 0 ? { attachments } : {}),
    };
    this.notes.set(note.id, note);
    this.history.set(note.id, [revisionOf(note, me, now)]);
    this.notifications.recordMentions({ type: 'note', id: note.id, spaceId }, me, [note.body]);
    return this.view(note);
  }

  private patch(noteId: string, patch: NotePatch): KnowledgeNote {
    const note = this.visible(noteId);
    if (!this.canEdit(note)) throw fail('forbidden', 'You may not edit this note');
    if (!Number.isInteger(patch?.baseRevision)) throw invalid('/body/baseRevision', 'required');
    checkFields(patch, false);
    const current = note.attachments ?? [];
    const detach = patch.detach ?? [];
    const attach = patch.attach ?? [];
    if (attach.length > 0) this.store.requireCapabilities(note.spaceId, [{ capability: 'attachments' }]);
    const errors = [
      ...detachErrors(detach, new Set(current.map((a) => a.id)), '/body/detach', 'note'),
      ...attachmentErrors(attach, attachableFiles(this.store), this.store.caller.id, note.spaceId, '/body/attach', current.length - detach.length),
    ];
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    if (patch.body !== undefined) this.notifications.checkMentions(note.spaceId, [patch.body], '/body/body', [note.body]);
    if (patch.baseRevision !== note.revision) {
      // Nothing is written; the caller gets the note as it is now to show both versions.
      const conflict = { ...problem('edit_conflict', 'The note changed since this edit began'), current: this.view(note) };
      throw errorFromProblem(conflict);
    }
    const { baseRevision: _base, attach: _attach, detach: _detach, ...fields } = patch;
    if (patch.attach !== undefined || patch.detach !== undefined) {
      // Files come and go with the revision that names them.
      deleteAttachments(this.store, current.filter((a) => detach.includes(a.id)));
      const attachments = [...current.filter((a) => !detach.includes(a.id)), ...attachDrafts(this.store, attach, { type: 'note', id: note.id })];
      if (attachments.length > 0) note.attachments = attachments;
      else delete note.attachments;
    }
    return this.apply(note, fields, this.store.caller);
  }

  private apply(note: StoredNote, fields: Omit<NotePatch, 'baseRevision'>, author: Actor): KnowledgeNote {
    const now = this.now();
    const before = note.body;
    Object.assign(note, {
      ...fields,
      ...(fields.title !== undefined ? { title: normalizeLabel(fields.title) } : {}),
      ...(fields.tags !== undefined ? { tags: noteTags(fields.tags) } : {}),
      ...(fields.sources !== undefined ? { sources: fields.sources.map((url) => note.sources.find((s) => s.url === url) ?? { url }) } : {}),
      revision: note.revision + 1,
      updatedAt: now,
      updatedBy: author,
    });
    this.history.get(note.id)!.push(revisionOf(note, author, now));
    this.notifications.recordMentions({ type: 'note', id: note.id, spaceId: note.spaceId }, author, [note.body], [before]);
    return this.view(note);
  }

  private remove(noteId: string): undefined {
    const note = this.visible(noteId);
    if (!this.canEdit(note)) throw fail('forbidden', 'You may not delete this note');
    deleteAttachments(this.store, note.attachments ?? []);
    this.notes.delete(noteId);
    this.history.delete(noteId);
    this.notifications.objectDeleted('note', noteId);
    return undefined;
  }

  private promote(postId: string, request: PromoteRequest): KnowledgeNote {
    const post = this.store.readablePost(postId);
    const labels = noteLabelErrors(request.title, request.tags);
    if (labels.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, labels);
    const title = request.title !== undefined ? normalizeLabel(request.title) : titleFromPostBody(post.body);
    const link = post.linkPreview ?? undefined;
    const sources: NoteSource[] = link ? [{ url: link.url, preview: structuredClone(link) }] : [];
    const draft: NoteDraft = { title, body: post.body, language: post.locale, tags: request.tags ?? [], maturity: request.maturity ?? 'draft' };
    return this.create(post.spaceId, draft, postId, sources);
  }

  /** Strictly increasing timestamps keep newest-first order stable in fast tests. */
  private now(): string {
    let latest = 0;
    for (const note of this.notes.values()) latest = Math.max(latest, Date.parse(note.updatedAt));
    return this.store.nextTime(latest);
  }
}

function revisionOf(note: StoredNote, author: Actor, createdAt: string): NoteRevision {
  const { revision, title, body, language, tags, maturity, reviewBy } = note;
  return structuredClone({ revision, title, body, language, sources: note.sources.map((s) => s.url), tags, maturity, reviewBy, author, createdAt });
}

/** What the request schema checks on the server (shapes, lengths, the tag pattern), then the rules of `noteFieldErrors`. */
function checkFields(fields: Partial<NoteDraft>, creating: boolean): void {
  if (creating || fields.title !== undefined) {
    if (typeof fields.title !== 'string' || fields.title.length === 0 || fields.title.length > NOTE_TITLE_MAX_CHARS) {
      throw invalid('/body/title', `must have 1 to ${NOTE_TITLE_MAX_CHARS} characters`);
    }
  }
  for (const [i, tag] of (fields.tags ?? []).entries()) {
    if (!TAG_PATTERN.test(tag)) throw invalid(`/body/tags/${i}`, 'must match the tag pattern');
  }
  if (fields.maturity !== undefined && !(NOTE_MATURITIES as readonly string[]).includes(fields.maturity)) throw invalid('/body/maturity', 'unknown');
  if (fields.reviewBy != null && !DATE_PATTERN.test(fields.reviewBy)) throw invalid('/body/reviewBy', 'YYYY-MM-DD');
  const errors = noteFieldErrors(fields);
  if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
}

/**
 * `text` lowercased without accents, with the offset in `text` where each
 * folded character comes from (plus the end), so matches map back.
 */
function fold(text: string): { text: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let offset = 0;
  for (const char of text) {
    const plain = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let i = 0; i < plain.length; i += 1) origin.push(offset);
    folded += plain;
    offset += char.length;
  }
  origin.push(offset);
  return { text: folded, origin };
}

/** `[start, end)` ranges in `text` of every occurrence of every word, merged. */
function rangesIn(text: string, words: readonly string[]): [number, number][] {
  const { text: folded, origin } = fold(text);
  const found: [number, number][] = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) {
      // The end is where the character after the match starts in the original.
      found.push([origin[at]!, origin[at + word.length]!]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Score and highlights when every word is in the title or the body; null otherwise. */
function match(note: StoredNote, words: readonly string[]): Omit<NoteHit, 'note'> | null {
  if (words.length === 0) return { score: 0, highlights: [] };
  const haystack = fold(`${note.title}\n${note.body}`).text;
  if (!words.every((w) => haystack.includes(w))) return null;
  const highlights: NoteHighlight[] = [];
  const titleRanges = rangesIn(note.title, words);
  if (titleRanges.length > 0) highlights.push({ field: 'title', text: note.title, ranges: titleRanges });
  const bodyRanges = rangesIn(note.body, words);
  if (bodyRanges.length > 0) {
    const start = note.body.length <= SNIPPET_MAX_CHARS ? 0 : Math.max(0, bodyRanges[0]![0] - SNIPPET_LEAD_CHARS);
    const end = Math.min(note.body.length, start + SNIPPET_MAX_CHARS);
    const ranges = bodyRanges
      .filter(([a, b]) => a < end && b > start)
      .map(([a, b]): [number, number] => [Math.max(a, start) - start, Math.min(b, end) - start]);
    highlights.push({ field: 'body', text: note.body.slice(start, end), ranges });
  }
  // Title matches count double, as a title is what a note is about.
  return { score: titleRanges.length * 2 + bodyRanges.length, highlights };
}

function invalid(path: string, message: string): EcotoneError {
  return errorFromProblem(problem('validation_failed', 'Invalid note', { errors: [{ path, message }] }));
}
