/**
 * Knowledge notes: the current row, tags, sources, revision snapshots and
 * the full-text index of stems. Callers pass a transaction when several of these
 * must happen together (create, edit, delete).
 */
import { sql, type Kysely } from 'kysely';
import { NOTES_DUE_LISTED_MAX, type LinkPreview, type Locale, type NoteMaturity } from '@ecotone/protocol';
import type { Database, NoteRow } from '../db/schema.js';
import type { QueryTerms } from '../search/stemming.js';
import { textIndexOf, type NoteIndexText } from '../search/text-index.js';

export interface NoteSourceRecord {
  url: string;
  /** The copy kept with the note (promoted from a post), if any. */
  preview: LinkPreview | null;
}

/** The editable content of a note: what every revision snapshots. */
export interface NoteContent {
  title: string;
  body: string;
  language: Locale;
  tags: string[];
  sources: NoteSourceRecord[];
  maturity: NoteMaturity;
  reviewBy: string | null;
}

export interface NoteRecord extends NoteContent {
  seq: number;
  id: string;
  spaceId: string;
  ownerId: string;
  promotedFrom: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** Moderation (rules/moderation.ts): null while visible, `hidden` by an owner of the space. */
  moderation: string | null;
  moderationReason: string | null;
  moderatedAt: string | null;
}

export interface NoteRevisionRecord extends Omit<NoteContent, 'sources'> {
  revision: number;
  sources: string[];
  authorId: string;
  createdAt: string;
}

export type { NoteIndexText } from '../search/text-index.js';

/** Attaches tags and sources to note rows (two queries, whatever the number of notes). */
async function withDetails(db: Kysely<Database>, rows: readonly NoteRow[]): Promise<NoteRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, sources] = await Promise.all([
    db.selectFrom('note_tags').select(['note_id', 'tag']).where('note_id', 'in', ids).orderBy('tag').execute(),
    db
      .selectFrom('note_sources')
      .select(['note_id', 'url', 'preview'])
      .where('note_id', 'in', ids)
      .orderBy('note_id')
      .orderBy('position')
      .execute(),
  ]);
  const tagsOf = new Map<string, string[]>();
  for (const t of tags) tagsOf.set(t.note_id, [...(tagsOf.get(t.note_id) ?? []), t.tag]);
  const sourcesOf = new Map<string, NoteSourceRecord[]>();
  for (const s of sources) {
    const source = { url: s.url, preview: s.preview === null ? null : (JSON.parse(s.preview) as LinkPreview) };
    sourcesOf.set(s.note_id, [...(sourcesOf.get(s.note_id) ?? []), source]);
  }
  return rows.map((row) => ({
    seq: row.seq,
    id: row.id,
    spaceId: row.space_id,
    ownerId: row.owner_id,
    title: row.title,
    body: row.body,
    language: row.language as Locale,
    tags: tagsOf.get(row.id) ?? [],
    sources: sourcesOf.get(row.id) ?? [],
    maturity: row.maturity as NoteMaturity,
    reviewBy: row.review_by,
    promotedFrom: row.promoted_from,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    moderation: row.moderation,
    moderationReason: row.moderation_reason,
    moderatedAt: row.moderated_at,
  }));
}

export async function findNote(db: Kysely<Database>, id: string): Promise<NoteRecord | undefined> {
  const row = await db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withDetails(db, [row]))[0] : undefined;
}

async function writeDetails(db: Kysely<Database>, noteId: string, content: NoteContent): Promise<void> {
  await db.deleteFrom('note_tags').where('note_id', '=', noteId).execute();
  await db.deleteFrom('note_sources').where('note_id', '=', noteId).execute();
  if (content.tags.length > 0) {
    await db.insertInto('note_tags').values(content.tags.map((tag) => ({ note_id: noteId, tag }))).execute();
  }
  if (content.sources.length > 0) {
    await db
      .insertInto('note_sources')
      .values(
        content.sources.map((s, position) => ({
          note_id: noteId,
          position,
          url: s.url,
          preview: s.preview === null ? null : JSON.stringify(s.preview),
        })),
      )
      .execute();
  }
}

async function insertRevision(
  db: Kysely<Database>,
  noteId: string,
  revision: number,
  content: NoteContent,
  authorId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('note_revisions')
    .values({
      note_id: noteId,
      revision,
      title: content.title,
      body: content.body,
      language: content.language,
      tags: JSON.stringify(content.tags),
      sources: JSON.stringify(content.sources.map((s) => s.url)),
      maturity: content.maturity,
      review_by: content.reviewBy,
      author_id: authorId,
      created_at: at,
    })
    .execute();
}

export interface NewNote extends NoteContent {
  id: string;
  spaceId: string;
  ownerId: string;
  promotedFrom: string | null;
  createdAt: string;
}

/** Inserts a note, its revision 1 and its index entry. Call inside a transaction. */
export async function insertNote(db: Kysely<Database>, note: NewNote, index: NoteIndexText): Promise<void> {
  const inserted = await db
    .insertInto('notes')
    .values({
      id: note.id,
      space_id: note.spaceId,
      owner_id: note.ownerId,
      title: note.title,
      body: note.body,
      language: note.language,
      maturity: note.maturity,
      review_by: note.reviewBy,
      promoted_from: note.promotedFrom,
      revision: 1,
      created_at: note.createdAt,
      updated_at: note.createdAt,
      updated_by: note.ownerId,
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  await writeDetails(db, note.id, note);
  await insertRevision(db, note.id, 1, note, note.ownerId, note.createdAt);
  await textIndexOf(db).writeNote(db, inserted.seq, index);
}

/**
 * Applies an edit made from `baseRevision`: one conditional UPDATE decides,
 * so of two edits from the same revision exactly one wins. Returns the new
 * revision number, or null (and writes nothing) when the note has moved on.
 * Call inside a transaction.
 */
export async function updateNote(
  db: Kysely<Database>,
  edit: { id: string; baseRevision: number; content: NoteContent; index: NoteIndexText; authorId: string; at: string },
): Promise<number | null> {
  const { content } = edit;
  const updated = await db
    .updateTable('notes')
    .set((eb) => ({
      title: content.title,
      body: content.body,
      language: content.language,
      maturity: content.maturity,
      review_by: content.reviewBy,
      revision: eb('revision', '+', 1),
      updated_at: edit.at,
      updated_by: edit.authorId,
    }))
    .where('id', '=', edit.id)
    .where('revision', '=', edit.baseRevision)
    .returning(['seq', 'revision'])
    .executeTakeFirst();
  if (!updated) return null;
  await writeDetails(db, edit.id, content);
  await insertRevision(db, edit.id, updated.revision, content, edit.authorId, edit.at);
  await textIndexOf(db).writeNote(db, updated.seq, edit.index);
  return updated.revision;
}

/** Deletes a note with its tags, sources, revisions and index entry. Call inside a transaction. */
export async function deleteNote(db: Kysely<Database>, note: Pick<NoteRecord, 'id' | 'seq'>): Promise<void> {
  await textIndexOf(db).dropNote(db, note.seq);
  await db.deleteFrom('note_revisions').where('note_id', '=', note.id).execute();
  await db.deleteFrom('note_tags').where('note_id', '=', note.id).execute();
  await db.deleteFrom('note_sources').where('note_id', '=', note.id).execute();
  await db.deleteFrom('notes').where('id', '=', note.id).execute();
}

/** Every revision of a note, oldest first (no limit: the history is the point). */
export async function listRevisions(db: Kysely<Database>, noteId: string): Promise<NoteRevisionRecord[]> {
  const rows = await db
    .selectFrom('note_revisions')
    .selectAll()
    .where('note_id', '=', noteId)
    .orderBy('revision')
    .execute();
  return rows.map((row) => ({
    revision: row.revision,
    title: row.title,
    body: row.body,
    language: row.language as Locale,
    tags: JSON.parse(row.tags) as string[],
    sources: JSON.parse(row.sources) as string[],
    maturity: row.maturity as NoteMaturity,
    reviewBy: row.review_by,
    authorId: row.author_id,
    createdAt: row.created_at,
  }));
}

export interface NoteSearch {
  /** The parsed query (search/stemming.ts), or null to list newest first. */
  terms: QueryTerms | null;
  /** Only notes of these spaces (the ones the caller may read). */
  spaceIds: readonly string[];
  /**
   * Who searches, for hidden notes (rules/moderation.ts): only their owner
   * and the owners of the space see them; absent, none is found.
   */
  viewer?: { id: string; moderates: readonly string[] };
  tag?: string;
  maturity?: NoteMaturity;
  offset: number;
  limit: number;
}

export interface NoteSearchPage {
  hits: { note: NoteRecord; score: number }[];
  total: number;
  tags: { tag: string; count: number }[];
}

/**
 * How many notes a search or a listing considers: the most recent matches
 * (newest first by the full-text index's order, or by creation). Ranking,
 * the total and the tag counts are computed over them, so a knowledge base
 * of any size costs a search this many rows (docs/architecture.md, "Reads
 * stay bounded").
 */
export const NOTE_SEARCH_CANDIDATES_MAX = 1_000;

/** Ranked (or newest-first) notes of readable spaces, with the total and tag counts among the candidates. */
export async function searchNotes(db: Kysely<Database>, search: NoteSearch): Promise<NoteSearchPage> {
  if (search.spaceIds.length === 0) return { hits: [], total: 0, tags: [] };
  const index = textIndexOf(db);
  const terms = search.terms;
  let query = db.selectFrom('notes as n').where('n.space_id', 'in', search.spaceIds);
  // Hidden notes are neither found nor counted (tags included) but for their owner and the space's owners.
  const viewer = search.viewer;
  query = query.where((eb) =>
    eb.or([
      eb('n.moderation', 'is', null),
      ...(viewer ? [eb('n.owner_id', '=', viewer.id)] : []),
      ...(viewer && viewer.moderates.length > 0 ? [eb('n.space_id', 'in', viewer.moderates)] : []),
    ]),
  );
  if (terms !== null) {
    query = query.innerJoin('notes_fts', 'notes_fts.rowid', 'n.seq').where(index.notesMatch(terms));
  }
  if (search.maturity) query = query.where('n.maturity', '=', search.maturity);
  const tag = search.tag;
  if (tag !== undefined) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('note_tags as t').select('t.tag').whereRef('t.note_id', '=', 'n.id').where('t.tag', '=', tag)),
    );
  }
  const candidates =
    terms === null
      ? await query
          .select(['n.id as id', sql<number>`0`.as('rank')])
          .orderBy('n.created_at', 'desc')
          .orderBy('n.id', 'desc')
          .limit(NOTE_SEARCH_CANDIDATES_MAX)
          .execute()
      : (
          await query
            .select(['n.id as id', index.notesRank(terms).as('rank')])
            .orderBy(sql`notes_fts.rowid`, 'desc')
            .limit(NOTE_SEARCH_CANDIDATES_MAX)
            .execute()
        ).sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = candidates.slice(search.offset, search.offset + search.limit);
  const [rows, tagRows] = await Promise.all([
    page.length === 0 ? [] : db.selectFrom('notes').selectAll().where('id', 'in', page.map((c) => c.id)).execute(),
    candidates.length === 0
      ? []
      : db.selectFrom('note_tags').select('tag').where('note_id', 'in', candidates.map((c) => c.id)).execute(),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const found = page.flatMap((c) => {
    const row = byId.get(c.id);
    return row ? [{ row, rank: c.rank }] : [];
  });
  const records = await withDetails(db, found.map((f) => f.row));
  const tagCounts = new Map<string, number>();
  for (const { tag: t } of tagRows) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  return {
    // Ranks are lower for better matches (bm25's sense); the protocol's score is higher.
    hits: records.map((note, i) => ({ note, score: found[i]!.rank === 0 ? 0 : -found[i]!.rank })),
    total: candidates.length,
    tags: [...tagCounts]
      .map(([t, count]) => ({ tag: t, count }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)),
  };
}

/**
 * Notes due for review on `today`: the oldest due {@link NOTES_DUE_LISTED_MAX}
 * (once reviewed, the next ones come up) (reviewBy on or before it), oldest date
 * first, among notes of `editorSpaceIds` (where the caller edits every note;
 * hidden ones only in `moderatedSpaceIds`, those the caller owns)
 * and notes the caller owns in `ownSpaceIds` (spaces the caller may read).
 */
export async function listDueNotes(
  db: Kysely<Database>,
  due: { today: string; editorSpaceIds: readonly string[]; moderatedSpaceIds?: readonly string[]; ownSpaceIds: readonly string[]; ownerId: string },
): Promise<NoteRecord[]> {
  const moderated = due.moderatedSpaceIds ?? [];
  if (due.editorSpaceIds.length === 0 && due.ownSpaceIds.length === 0) return [];
  const rows = await db
    .selectFrom('notes')
    .selectAll()
    .where('review_by', 'is not', null)
    .where('review_by', '<=', due.today)
    .where((eb) => {
      const either = [];
      if (due.editorSpaceIds.length > 0) {
        // A hidden note: for the space's owners (and its own owner, below) only.
        const seen = [eb('moderation', 'is', null), ...(moderated.length > 0 ? [eb('space_id', 'in', moderated)] : [])];
        either.push(eb.and([eb('space_id', 'in', due.editorSpaceIds), eb.or(seen)]));
      }
      if (due.ownSpaceIds.length > 0) {
        either.push(eb.and([eb('space_id', 'in', due.ownSpaceIds), eb('owner_id', '=', due.ownerId)]));
      }
      return eb.or(either);
    })
    .orderBy('review_by')
    .orderBy('created_at')
    .orderBy('id')
    .limit(NOTES_DUE_LISTED_MAX)
    .execute();
  return withDetails(db, rows);
}

export async function countNotes(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('notes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
