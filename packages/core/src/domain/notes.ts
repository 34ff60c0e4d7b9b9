/**
 * Knowledge notes: search, reads and writes, loaded on first use like the
 * poll and preview domains, so a page of like buttons never downloads it.
 *
 * Notes live in the store's `notes` table. A search keeps its hits (score
 * and highlights) but reads each hit's note from the store, so a save shows
 * at once in every result list and every `note$()`. A copy never replaces a
 * newer revision of the same note (a search page answered before a save
 * must not bring the old text back).
 *
 * Edits are not optimistic: the caller's draft stays with the caller (its
 * element), and the store only ever holds what the server said.
 */
import { BehaviorSubject, Observable, distinctUntilChanged, merge } from 'rxjs';
import {
  notePath,
  noteRevisionsPath,
  notesDuePath,
  notesPath,
  promotePostPath,
  spaceNotesPath,
  type ContentHiddenEvent,
  type KnowledgeNote,
  type NoteHit,
  type NoteList,
  type NotePatch,
  type NoteRevision,
  type NoteRevisionList,
  type NoteSearchQuery,
  type NoteSearchResult,
  type PromoteRequest,
} from '@ecotone/protocol';
import { conflictCurrent, toEcotoneError, type EcotoneError } from '../errors.js';
import { newIdempotencyKey } from '../outbox/idempotency-key.js';
import type { EntityStore } from '../store/entity-store.js';
import type { NoteCreateInput, NoteSearch, NotesState, Outbox, TransportRequest } from '../types.js';
import type { ClientCore } from '../client-core.js';

/** What the notes domain needs from the client. */
export interface NotesContext {
  readonly store: EntityStore;
  readonly outbox: Outbox;
  /** A read, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** Where the ids of notes with a write in flight are published. */
  readonly pending: BehaviorSubject<ReadonlySet<string>>;
  /** The persistent read cache, when the client is offline-capable: notes shown by id. */
  fetchThroughCache?(noteId: string, fetched: Promise<KnowledgeNote>, showCopy: (note: KnowledgeNote) => void): Promise<KnowledgeNote | undefined>;
}

/** The notes domain of a client (see client-core.ts). */
export function attach(core: ClientCore): NotesDomain {
  const cache = core.offlineCache;
  return new NotesDomain({
    store: core.store,
    outbox: core.outbox,
    request: (req) => core.request(req),
    pending: core.pendingNotes,
    ...(cache
      ? { fetchThroughCache: (id, fetched, showCopy) => cache().then((w) => w.fetchNote(id, fetched, showCopy), () => fetched) }
      : {}),
  });
}

/** Puts notes into the store, keeping a stored copy of a higher revision. */
function putNotes(store: EntityStore, notes: readonly KnowledgeNote[]): void {
  if (notes.length === 0) return;
  store.update((state) => {
    let table = state.notes;
    for (const note of notes) {
      const known = table[note.id];
      if (known && known.revision > note.revision) continue;
      if (table === state.notes) table = { ...table };
      (table as Record<string, KnowledgeNote>)[note.id] = note;
    }
    return table === state.notes ? state : { ...state, notes: table };
  });
}

/** Search, reads and writes of knowledge notes; see {@link NotesContext}. */
export class NotesDomain {
  /** Notes deleted by this client: dropped from every search shown. */
  private readonly deleted = new BehaviorSubject<ReadonlySet<string>>(new Set());

  constructor(private readonly ctx: NotesContext) {}

  /** Fetches one note into the store. */
  async fetch(noteId: string): Promise<void> {
    const fetched = this.ctx.request<KnowledgeNote>({ method: 'GET', path: notePath(noteId) });
    // Offline-capable: a saved copy shows meanwhile, and stays when the server cannot be reached.
    fetched.catch(() => undefined);
    const put = (note: KnowledgeNote) => putNotes(this.ctx.store, [note]);
    const note = await (this.ctx.fetchThroughCache?.(noteId, fetched, put) ?? fetched);
    if (note) put(note);
  }

  /** A new search; see {@link EcotoneClient.notes}. */
  search(query: NoteSearchQuery): NoteSearch {
    return new LiveNoteSearch(query, this.ctx, this.deleted);
  }

  /** See {@link EcotoneClient.saveNote}. */
  async save(noteId: string | null, input: NoteCreateInput | NotePatch): Promise<KnowledgeNote> {
    let request: TransportRequest;
    if (noteId === null) {
      const { spaceId, ...draft } = input as NoteCreateInput;
      request = { method: 'POST', path: spaceNotesPath(spaceId), body: draft };
    } else {
      request = { method: 'PATCH', path: notePath(noteId), body: input };
    }
    return this.write(noteId, request);
  }

  /** See {@link EcotoneClient.deleteNote}. */
  async remove(noteId: string): Promise<void> {
    await this.write<undefined>(noteId, { method: 'DELETE', path: notePath(noteId) });
    this.deleted.next(new Set(this.deleted.value).add(noteId));
    this.ctx.store.update((state) => {
      if (!state.notes[noteId]) return state;
      const { [noteId]: _gone, ...notes } = state.notes;
      return { ...state, notes };
    });
  }

  /**
   * A note hidden or restored (`content.*`): its author and the space's
   * owners (`sees`) read it again, with or without its mark; anyone else
   * drops it from the store and every search shown until it is restored.
   * While the caller is not known (`sees` undefined), the server decides:
   * its 404 drops the note.
   */
  applyModeration(event: ContentHiddenEvent, sees: boolean | undefined, refetch: (id: string) => Promise<void>): void {
    const id = event.targetId;
    const hidden = event.type === 'content.hidden';
    if (hidden && sees === false) return this.forget(id);
    if (!hidden) this.unforget(id);
    refetch(id).catch((err: unknown) => {
      if (hidden && toEcotoneError(err).code === 'not_found') this.forget(id);
    });
  }

  /** A note an owner hid from the caller: it leaves the store and every search shown (as a deleted one). */
  private forget(noteId: string): void {
    this.deleted.next(new Set(this.deleted.value).add(noteId));
    this.ctx.store.update((state) => {
      if (!state.notes[noteId]) return state;
      const { [noteId]: _gone, ...notes } = state.notes;
      return { ...state, notes };
    });
  }

  /** A hidden note restored: searches may show it again (they read it again when asked). */
  private unforget(noteId: string): void {
    if (!this.deleted.value.has(noteId)) return;
    const deleted = new Set(this.deleted.value);
    deleted.delete(noteId);
    this.deleted.next(deleted);
  }

  /** See {@link EcotoneClient.noteRevisions}. */
  async revisions(noteId: string): Promise<NoteRevision[]> {
    const list = await this.ctx.request<NoteRevisionList>({ method: 'GET', path: noteRevisionsPath(noteId) });
    return list.items;
  }

  /** See {@link EcotoneClient.notesDue}. */
  async due(): Promise<KnowledgeNote[]> {
    const list = await this.ctx.request<NoteList>({ method: 'GET', path: notesDuePath() });
    putNotes(this.ctx.store, list.items);
    return list.items;
  }

  /** See {@link EcotoneClient.promote}. */
  promote(postId: string, request: PromoteRequest = {}): Promise<KnowledgeNote> {
    return this.write(null, { method: 'POST', path: promotePostPath(postId), body: request });
  }

  /**
   * Sends a write through the outbox with a fresh idempotency key, marking
   * `noteId` pending meanwhile; a note answer goes into the store, and so
   * does the current note of an `edit_conflict`.
   */
  private async write<T = KnowledgeNote>(noteId: string | null, request: TransportRequest): Promise<T> {
    const pending = this.ctx.pending;
    if (noteId !== null) pending.next(new Set(pending.value).add(noteId));
    try {
      const answer = await this.ctx.outbox.send<T>({ ...request, idempotencyKey: newIdempotencyKey() }, { action: 'note', ...(noteId === null ? {} : { target: noteId }) });
      if (answer) putNotes(this.ctx.store, [answer as unknown as KnowledgeNote]);
      return answer;
    } catch (err) {
      const error = toEcotoneError(err);
      const current = conflictCurrent(error);
      if (current) putNotes(this.ctx.store, [current]);
      throw error;
    } finally {
      if (noteId !== null) {
        const next = new Set(pending.value);
        next.delete(noteId);
        pending.next(next);
      }
    }
  }
}

interface SearchModel {
  status: NotesState['status'];
  hits: readonly NoteHit[];
  tags: NotesState['tags'];
  total: number;
  cursor: string | null;
  loadingMore: boolean;
  error: EcotoneError | null;
}

const INITIAL_MODEL: SearchModel = { status: 'loading', hits: [], tags: [], total: 0, cursor: null, loadingMore: false, error: null };

/** One search: pages of hits, each showing the store's version of its note. */
class LiveNoteSearch implements NoteSearch {
  readonly state$: Observable<NotesState>;
  private readonly model = new BehaviorSubject<SearchModel>(INITIAL_MODEL);
  /** Bumped by every refresh so that answers to older requests are dropped. */
  private generation = 0;
  private refreshing: Promise<void> | undefined;
  private loadingMore: Promise<void> | undefined;
  /** Composed hits, so an unchanged hit keeps its identity across emissions. */
  private readonly composed = new WeakMap<NoteHit, { note: KnowledgeNote; value: NoteHit }>();

  constructor(
    private readonly query: NoteSearchQuery,
    private readonly ctx: NotesContext,
    deletedIds: BehaviorSubject<ReadonlySet<string>>,
  ) {
    // Operators the static client already has (no combineLatest or shareReplay):
    // a chunk of rxjs shared with the feed domain would load on its own.
    const view$ = new Observable<NotesState>((subscriber) => {
      const emit = () => subscriber.next(this.toState(this.model.value, ctx.store.snapshot.notes, deletedIds.value));
      return merge(this.model, ctx.store.select((s) => s.notes), deletedIds).subscribe(emit);
    }).pipe(distinctUntilChanged(sameState));
    // Each subscriber computes its own view; the fetch is shared (refresh joins one in flight).
    this.state$ = new Observable<NotesState>((subscriber) => {
      if (this.model.value.status !== 'ready') void this.refresh();
      return view$.subscribe(subscriber);
    });
  }

  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const generation = ++this.generation;
    this.loadingMore = undefined;
    this.patch((m) => ({ status: m.status === 'ready' ? 'ready' : 'loading', loadingMore: false, error: null }));
    const run = (async () => {
      try {
        const page = await this.fetchPage(null);
        if (generation !== this.generation) return;
        this.model.next({
          status: 'ready',
          hits: page.items,
          tags: page.tags,
          total: page.total,
          cursor: page.nextCursor,
          loadingMore: false,
          error: null,
        });
      } catch (err) {
        if (generation !== this.generation) return;
        this.patch((m) => ({ status: m.status === 'ready' ? 'ready' : 'error', error: toEcotoneError(err) }));
      }
    })().finally(() => {
      if (this.refreshing === run) this.refreshing = undefined;
    });
    this.refreshing = run;
    return run;
  }

  loadMore(): Promise<void> {
    const model = this.model.value;
    if (this.loadingMore) return this.loadingMore;
    if (model.status !== 'ready' || model.cursor === null || this.refreshing) return Promise.resolve();
    const generation = this.generation;
    this.patch(() => ({ loadingMore: true, error: null }));
    const run = (async () => {
      try {
        const page = await this.fetchPage(model.cursor);
        if (generation !== this.generation) return;
        this.patch((m) => {
          const seen = new Set(m.hits.map((h) => h.note.id));
          return { hits: [...m.hits, ...page.items.filter((h) => !seen.has(h.note.id))], cursor: page.nextCursor, loadingMore: false };
        });
      } catch (err) {
        if (generation !== this.generation) return;
        this.patch(() => ({ loadingMore: false, error: toEcotoneError(err) }));
      }
    })().finally(() => {
      if (this.loadingMore === run) this.loadingMore = undefined;
    });
    this.loadingMore = run;
    return run;
  }

  private async fetchPage(cursor: string | null): Promise<NoteSearchResult> {
    const { q, space, tag, maturity, limit } = this.query;
    const page = await this.ctx.request<NoteSearchResult>({
      method: 'GET',
      path: notesPath(),
      query: { q: q || undefined, space, tag, maturity, limit, cursor: cursor ?? undefined },
    });
    putNotes(
      this.ctx.store,
      page.items.map((h) => h.note),
    );
    return page;
  }

  private patch(fn: (m: SearchModel) => Partial<SearchModel>): void {
    this.model.next({ ...this.model.value, ...fn(this.model.value) });
  }

  private toState(model: SearchModel, notes: Readonly<Record<string, KnowledgeNote>>, gone: ReadonlySet<string>): NotesState {
    const hits: NoteHit[] = [];
    for (const hit of model.hits) {
      if (gone.has(hit.note.id)) continue;
      const note = notes[hit.note.id] ?? hit.note;
      if (note === hit.note) {
        hits.push(hit);
        continue;
      }
      let cached = this.composed.get(hit);
      if (cached?.note !== note) {
        cached = { note, value: { ...hit, note } };
        this.composed.set(hit, cached);
      }
      hits.push(cached.value);
    }
    return {
      status: model.status,
      hits,
      tags: model.tags,
      total: Math.max(0, model.total - (model.hits.length - hits.length)),
      hasMore: model.cursor !== null,
      loadingMore: model.loadingMore,
      error: model.error,
    };
  }
}

function sameState(a: NotesState, b: NotesState): boolean {
  return (
    a.status === b.status &&
    a.tags === b.tags &&
    a.total === b.total &&
    a.hasMore === b.hasMore &&
    a.loadingMore === b.loadingMore &&
    a.error === b.error &&
    a.hits.length === b.hits.length &&
    a.hits.every((h, i) => h === b.hits[i])
  );
}
