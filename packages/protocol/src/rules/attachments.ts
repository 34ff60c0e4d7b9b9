/**
 * Attaching uploaded files to what an author writes (docs/attachments.md):
 * which files may be attached. The server checks its `files` rows with
 * these rules; an in-process transport checks the files it holds.
 */
import type { AttachmentDraft, AttachmentKind, ProblemFieldError } from '../wire-types.js';
import { ATTACHMENTS_PER_OBJECT_MAX } from '../constants.js';
import { normalizeLabel } from '../labels.js';

/** What the rules need to know of an uploaded file. */
export interface AttachableFile {
  /** Who uploaded it. */
  ownerId: string;
  /** The space it was uploaded for. */
  spaceId: string;
  /** Its kind, decided by its bytes (`caption` files go with a video, not alone). */
  kind: AttachmentKind | 'caption';
  /** Whether it is attached to something already. */
  attached: boolean;
}

/**
 * What is wrong with the files an author attaches to something written in
 * `spaceId`: at most 10, each a file they uploaded for that space, attached
 * to nothing yet, and not twice. A file that does not exist and another
 * person's get the same answer, so nobody learns of the other's files.
 */
export function attachmentErrors(
  drafts: readonly AttachmentDraft[],
  files: ReadonlyMap<string, AttachableFile>,
  authorId: string,
  spaceId: string,
  path = '/body/attachments',
): ProblemFieldError[] {
  if (drafts.length > ATTACHMENTS_PER_OBJECT_MAX) return [{ path, message: `must have at most ${ATTACHMENTS_PER_OBJECT_MAX} files` }];
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  drafts.forEach((draft, i) => {
    const file = files.get(draft.file);
    const at = `${path}/${i}/file`;
    if (seen.has(draft.file)) errors.push({ path: at, message: 'is attached twice' });
    else if (!file || file.ownerId !== authorId) errors.push({ path: at, message: 'is not a file you uploaded' });
    else if (file.spaceId !== spaceId) errors.push({ path: at, message: 'was uploaded for another space' });
    else if (file.attached) errors.push({ path: at, message: 'is attached to something else already' });
    else if (file.kind === 'caption') errors.push({ path: at, message: 'is a caption file, which goes with a video' });
    seen.add(draft.file);
  });
  return errors;
}

/** An attachment's description as stored: one line, no bidi or invisible characters; absent when empty. */
export function normalizedAlt(alt: string | undefined): string | undefined {
  if (alt === undefined) return undefined;
  const text = normalizeLabel(alt);
  return text.length > 0 ? text : undefined;
}
