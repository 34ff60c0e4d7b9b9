/**
 * Files of {@link MemoryTransport}: uploads kept in memory, read through
 * object URLs. The server's rules, approximated: the accepted types and the
 * default limits are the protocol's, an empty file is refused, only a
 * space's posters upload into it, and a file is readable by its uploader
 * until attached, then by the readers of its post. Not imitated: deciding
 * the type from the bytes (the in-process world takes the type the
 * browser declared), image sizes and dimensions (a poster shows without
 * them), searching captions, and keeping files across reloads (a
 * local world's files live as long as its page).
 */
import { ACCEPTED_FILE_TYPES, DEFAULT_FILE_LIMIT_BYTES, type UploadedFile } from '@ecotone/protocol';
import { canPublish } from '@ecotone/protocol/rules';
import { EcotoneError } from '../errors.js';
import type { TransportFiles, UploadOptions } from '../types.js';
import { fail } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

let nextFile = 1;

export class MemoryFiles {
  /** Object URLs handed out, per file: made once, revoked when the file goes. */
  private readonly urls = new Map<string, string>();

  constructor(private readonly store: MemoryStore) {}

  /** The files API of a transport speaking for the caller `as` runs as. */
  for(as: <T>(act: () => T) => T): TransportFiles {
    return {
      upload: async (spaceId: string, file: Blob & { name?: string }, options?: UploadOptions) => {
        if (options?.signal?.aborted) throw new EcotoneError('aborted', 'The upload was cancelled');
        const uploaded = as(() => this.upload(spaceId, file, file.name ?? 'file'));
        options?.onProgress?.(file.size, file.size);
        return uploaded;
      },
      url: async (fileId: string) => as(() => this.url(fileId)),
    };
  }

  private upload(spaceId: string, bytes: Blob, name: string): UploadedFile {
    const space = this.store.readableSpace(spaceId);
    if (!canPublish(this.store.roleIn(space.id), 'note')) throw fail('forbidden', 'You may not post in this space');
    const type = ACCEPTED_FILE_TYPES.find(([, mediaType]) => mediaType === bytes.type.split(';')[0]?.trim().toLowerCase());
    if (!type) throw fail('file_type_refused', 'This type of file is not accepted');
    if (bytes.size === 0) throw fail('file_empty', 'The file is empty');
    const [kind, mediaType, extension] = type;
    if (bytes.size > DEFAULT_FILE_LIMIT_BYTES[kind]) throw fail('file_too_large', 'The file is larger than this space accepts');
    const id = `mem-file-${nextFile++}`;
    const base = name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'file';
    const uploaded: UploadedFile = { id, kind, mediaType, name: `${base}.${extension}`, size: bytes.size };
    this.store.files.set(id, {
      attachment: { id, kind: kind === 'caption' ? 'document' : kind, mediaType, name: uploaded.name, size: bytes.size },
      kind,
      ownerId: this.store.caller.id,
      spaceId: space.id,
      attachedTo: null,
      bytes,
    });
    return uploaded;
  }

  /** An object URL of the file, when the caller may read it (the same 404 otherwise). */
  private url(fileId: string): string {
    const file = this.store.files.get(fileId);
    const to = file?.attachedTo;
    const readable =
      file &&
      (to === null
        ? file.ownerId === this.store.caller.id
        : to?.type === 'note'
          ? this.store.readsSpace(file.spaceId)
          : this.store.visiblePost(to?.type === 'comment' ? to.postId : to!.id) !== undefined);
    if (!file) this.forget(fileId);
    if (!file || !readable) throw fail('not_found', 'File not found');
    let url = this.urls.get(fileId);
    if (!url) this.urls.set(fileId, (url = URL.createObjectURL(file.bytes)));
    return url;
  }

  /** Frees a file's object URL once the file is gone (its post deleted). */
  private forget(fileId: string): void {
    const url = this.urls.get(fileId);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(fileId);
  }
}
