/**
 * Files attached to what is written in an in-process world (posts, comments,
 * notes), checked with the server's rules (`attachmentErrors`,
 * `detachErrors` in `@ecotone/protocol/rules`).
 */
import type { Attachment, AttachmentDraft } from '@ecotone/protocol';
import { normalizedAlt, type AttachableFile } from '@ecotone/protocol/rules';
import type { MemoryFile, MemoryStore } from './memory-store.js';

/** The files of this world as the attachment rules see them. */
export function attachableFiles(store: MemoryStore): Map<string, AttachableFile> {
  return new Map(
    [...store.files].map(([id, file]) => [id, { ownerId: file.ownerId, spaceId: file.spaceId, kind: file.kind, attached: file.attachedTo !== null }]),
  );
}

/** Attaches checked drafts to an object, in order, with their posters and captions; answers them as readers list them. */
export function attachDrafts(store: MemoryStore, drafts: readonly AttachmentDraft[], to: NonNullable<MemoryFile['attachedTo']>): Attachment[] {
  return drafts.map((draft): Attachment => {
    const file = store.files.get(draft.file)!;
    const alt = normalizedAlt(draft.alt);
    for (const id of [draft.file, ...(draft.poster ? [draft.poster] : []), ...(draft.captions ?? []).map((c) => c.file)]) store.files.get(id)!.attachedTo = to;
    // In memory a poster has no measured dimensions: it is shown as 16:9.
    const poster = draft.poster ? { id: draft.poster, width: 16, height: 9 } : undefined;
    const captions = [...(draft.captions ?? [])].sort((a, b) => a.locale.localeCompare(b.locale)).map((c) => ({ id: c.file, locale: c.locale }));
    return { ...file.attachment, ...(alt ? { alt } : {}), ...(poster ? { poster } : {}), ...(captions.length ? { captions } : {}) };
  });
}

/** Deletes attachments' files, with their posters and captions. */
export function deleteAttachments(store: MemoryStore, attachments: readonly Attachment[]): void {
  for (const attachment of attachments) {
    for (const id of [attachment.id, ...(attachment.poster ? [attachment.poster.id] : []), ...(attachment.captions ?? []).map((c) => c.id)]) store.files.delete(id);
  }
}
