/**
 * Files attached to posts (docs/attachments.md#attaching): attaching
 * uploaded files when a post is written, listing them with the post, and
 * letting them go with it.
 *
 * A file's row says what it is attached to (`object_type`, `object_id`):
 * null while it waits in the composer, `post` once attached, `deleted` once
 * what it was attached to is deleted. A deleted object's files are
 * unreadable from the deletion's commit on (`mayReadFile` answers no for
 * `deleted`), their bytes are removed right after it, and the hourly sweep
 * (`Uploads.collectAbandoned`) removes whatever a crash left between the two.
 */
import type { Kysely } from 'kysely';
import type { Attachment, AttachmentDraft, AttachmentKind, Locale, ProblemFieldError } from '@ecotone/protocol';
import { attachmentErrors, normalizedAlt, type AttachableFile } from '@ecotone/protocol/rules';
import type { Database, FilesTable } from '../db/schema.js';
import { HttpProblem } from '../http/errors.js';
import { fileKey, sizeKey } from './file-types.js';
import type { FileStore } from './store.js';

/** What files may be attached to. */
export type AttachedTo = 'post' | 'comment' | 'note';

/**
 * Checks the files an author attaches to something written in `spaceId`,
 * before anything is written: `validation_failed` naming each wrong one.
 */
export async function requireAttachable(
  db: Kysely<Database>,
  drafts: readonly AttachmentDraft[],
  authorId: string,
  spaceId: string,
  options: { path?: string; kept?: number } = {},
): Promise<void> {
  const errors = await attachableErrors(db, drafts, authorId, spaceId, options);
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
}

/** What `requireAttachable` would refuse, for a caller that reports it with other errors. */
export async function attachableErrors(
  db: Kysely<Database>,
  drafts: readonly AttachmentDraft[],
  authorId: string,
  spaceId: string,
  options: { path?: string; kept?: number } = {},
): Promise<ProblemFieldError[]> {
  if (drafts.length === 0) return [];
  const ids = drafts.flatMap((d) => [d.file, ...(d.poster !== undefined ? [d.poster] : []), ...(d.captions ?? []).map((c) => c.file)]);
  const rows = await db.selectFrom('files').select(['id', 'owner_id', 'space_id', 'kind', 'object_type']).where('id', 'in', ids).execute();
  const files = new Map<string, AttachableFile>(
    rows.map((row) => [row.id, { ownerId: row.owner_id, spaceId: row.space_id, kind: row.kind, attached: row.object_type !== null }]),
  );
  return attachmentErrors(drafts, files, authorId, spaceId, options.path, options.kept);
}

/**
 * Attaches the checked files in order, inside the transaction that writes
 * their object. Each row changes only while still unattached and its
 * uploader's, so two posts racing for one file cannot both have it: the
 * second fails and its transaction rolls back.
 */
export async function attachFiles(
  trx: Kysely<Database>,
  drafts: readonly AttachmentDraft[],
  authorId: string,
  to: { type: AttachedTo; id: string },
  options: { path?: string; firstPosition?: number } = {},
): Promise<void> {
  const { path = '/body/attachments', firstPosition = 0 } = options;
  /** Attaches one file, only if still unattached and its uploader's. */
  const attach = async (id: string, path: string, set: { position?: number } & Partial<Pick<FilesTable, 'alt' | 'parent_id' | 'role' | 'locale'>>) => {
    const result = await trx
      .updateTable('files')
      .set({ object_type: to.type, object_id: to.id, ...set })
      .where('id', '=', id)
      .where('owner_id', '=', authorId)
      .where('object_type', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new HttpProblem('validation_failed', 'The request is not valid', [{ path, message: 'is attached to something else already' }]);
    }
  };
  for (const [i, draft] of drafts.entries()) {
    const at = `${path}/${i}`;
    await attach(draft.file, `${at}/file`, { position: firstPosition + i, alt: normalizedAlt(draft.alt) ?? null });
    if (draft.poster !== undefined) await attach(draft.poster, `${at}/poster`, { parent_id: draft.file, role: 'poster' });
    for (const [i, caption] of (draft.captions ?? []).entries()) {
      await attach(caption.file, `${at}/captions/${i}/file`, { parent_id: draft.file, role: 'caption', locale: caption.locale });
    }
  }
}

type FileRow = Pick<
  FilesTable,
  'id' | 'kind' | 'media_type' | 'name' | 'size' | 'width' | 'height' | 'alt' | 'placeholder' | 'animated' | 'object_id' | 'parent_id' | 'role' | 'locale'
> & { position: number };

type Size = { name: string; width: number; height: number };

/** The attachments of these objects, in order (absent: none), with their videos' posters and captions, in two queries. */
export async function loadAttachments(db: Kysely<Database>, type: AttachedTo, ids: readonly string[]): Promise<Map<string, Attachment[]>> {
  const found = new Map<string, Attachment[]>();
  if (ids.length === 0) return found;
  const rows: FileRow[] = await db
    .selectFrom('files')
    .select(['id', 'kind', 'media_type', 'name', 'size', 'width', 'height', 'alt', 'placeholder', 'animated', 'object_id', 'position', 'parent_id', 'role', 'locale'])
    .where('object_id', 'in', ids)
    .where('object_type', '=', type)
    .execute();
  if (rows.length === 0) return found;
  const images = rows.filter((row) => row.kind === 'image').map((row) => row.id);
  const sizes = new Map<string, Size[]>();
  if (images.length > 0) {
    const variants = await db.selectFrom('file_variants').select(['file_id', 'name', 'width', 'height']).where('file_id', 'in', images).execute();
    for (const { file_id, name, width, height } of variants.sort((a, b) => a.width - b.width)) {
      const list = sizes.get(file_id) ?? [];
      list.push({ name, width, height });
      sizes.set(file_id, list);
    }
  }
  const extras = new Map<string, FileRow[]>();
  for (const row of rows) {
    if (row.parent_id === null) continue;
    const list = extras.get(row.parent_id) ?? [];
    list.push(row);
    extras.set(row.parent_id, list);
  }
  for (const row of rows.filter((r) => r.parent_id === null).sort((a, b) => a.position - b.position)) {
    const list = found.get(row.object_id!) ?? [];
    list.push(attachmentOf(row, sizes, extras.get(row.id) ?? []));
    found.set(row.object_id!, list);
  }
  return found;
}

function attachmentOf(row: FileRow, allSizes: ReadonlyMap<string, Size[]>, extras: readonly FileRow[]): Attachment {
  const sizes = allSizes.get(row.id);
  const poster = extras.find((extra) => extra.role === 'poster');
  const posterSizes = poster ? allSizes.get(poster.id) : undefined;
  const captions = extras
    .filter((extra) => extra.role === 'caption' && extra.locale !== null)
    .map((extra) => ({ id: extra.id, locale: extra.locale as Locale }))
    .sort((a, b) => a.locale.localeCompare(b.locale));
  return {
    id: row.id,
    kind: row.kind as AttachmentKind,
    mediaType: row.media_type,
    name: row.name,
    size: Number(row.size),
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    ...(row.alt !== null ? { alt: row.alt } : {}),
    ...(sizes && sizes.length > 0 ? { sizes } : {}),
    ...(row.placeholder !== null ? { placeholder: row.placeholder } : {}),
    ...(row.animated === 1 ? { animated: true } : {}),
    ...(poster && poster.width !== null && poster.height !== null
      ? { poster: { id: poster.id, width: poster.width, height: poster.height, ...(posterSizes?.length ? { sizes: posterSizes } : {}) } }
      : {}),
    ...(captions.length > 0 ? { captions } : {}),
  };
}

/** The attachments of one object as stored: ids (not posters or captions) and the next free position. */
export async function attachedFiles(db: Kysely<Database>, type: AttachedTo, id: string): Promise<{ ids: Set<string>; nextPosition: number }> {
  const rows = await db.selectFrom('files').select(['id', 'position']).where('object_id', '=', id).where('object_type', '=', type).where('parent_id', 'is', null).execute();
  return { ids: new Set(rows.map((row) => row.id)), nextPosition: rows.reduce((next, row) => Math.max(next, row.position + 1), 0) };
}

/**
 * Inside the transaction removing some attachments of an object: they, their
 * posters and captions become `deleted`, like a deleted object's files;
 * answers all their ids, for `removeFiles` once the transaction is committed.
 */
export async function detachFiles(trx: Kysely<Database>, type: AttachedTo, objectId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const files = await trx
    .selectFrom('files')
    .select('id')
    .where('object_id', '=', objectId)
    .where('object_type', '=', type)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('parent_id', 'in', ids)]))
    .execute();
  return markDeleted(trx, files.map((f) => f.id));
}

/** Files become `deleted`: unreadable from the commit on, their rows and bytes collected. Answers their ids. */
async function markDeleted(trx: Kysely<Database>, ids: string[]): Promise<string[]> {
  if (ids.length > 0) await trx.updateTable('files').set({ object_type: 'deleted', object_id: null }).where('id', 'in', ids).execute();
  return ids;
}

/**
 * Inside the transaction deleting these objects: their files become
 * `deleted` (unreadable at once, collected); answers their ids, for
 * `removeFiles` once the transaction is committed.
 */
export async function releaseFiles(trx: Kysely<Database>, type: AttachedTo, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const files = await trx.selectFrom('files').select('id').where('object_id', 'in', ids).where('object_type', '=', type).execute();
  return markDeleted(trx, files.map((f) => f.id));
}

/**
 * Removes files for good: their rows, their sizes' rows, then their bytes
 * (rows first: a file is never listed without its bytes; bytes without a
 * row are only unreachable, and the sweep's business).
 */
export async function removeFiles(db: Kysely<Database>, store: FileStore | undefined, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const files = await db.selectFrom('files').select(['id', 'media_type']).where('id', 'in', ids).execute();
  const variants = await db.selectFrom('file_variants').select(['file_id', 'name']).where('file_id', 'in', ids).execute();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('file_variants').where('file_id', 'in', ids).execute();
    await trx.deleteFrom('files').where('id', 'in', ids).execute();
  });
  if (!store) return;
  for (const file of files) await store.delete(fileKey(file.id, file.media_type));
  for (const variant of variants) await store.delete(sizeKey(variant.file_id, variant.name));
}
