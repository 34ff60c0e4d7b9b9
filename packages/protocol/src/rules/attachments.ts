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
 * to nothing yet, and not twice; a video may bring a poster (an image) and
 * captions (WebVTT files, one per language). A file that does not exist and
 * another person's get the same answer, so nobody learns of the other's files.
 * `kept`: how many attachments the object keeps, when files are added to it.
 */
export function attachmentErrors(
  drafts: readonly AttachmentDraft[],
  files: ReadonlyMap<string, AttachableFile>,
  authorId: string,
  spaceId: string,
  path = '/body/attachments',
  kept = 0,
): ProblemFieldError[] {
  if (kept + drafts.length > ATTACHMENTS_PER_OBJECT_MAX) {
    const message = kept > 0 ? `must bring at most ${ATTACHMENTS_PER_OBJECT_MAX} files in all, and ${kept} are attached already` : `must have at most ${ATTACHMENTS_PER_OBJECT_MAX} files`;
    return [{ path, message }];
  }
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  /** Checks one file named at `at`, which must be of `kinds`. */
  const check = (id: string, at: string, kinds: readonly AttachableFile['kind'][], wrongKind: string): AttachableFile | undefined => {
    const file = files.get(id);
    if (seen.has(id)) errors.push({ path: at, message: 'is attached twice' });
    else if (!file || file.ownerId !== authorId) errors.push({ path: at, message: 'is not a file you uploaded' });
    else if (file.spaceId !== spaceId) errors.push({ path: at, message: 'was uploaded for another space' });
    else if (file.attached) errors.push({ path: at, message: 'is attached to something else already' });
    else if (!kinds.includes(file.kind)) errors.push({ path: at, message: wrongKind });
    seen.add(id);
    return file;
  };
  drafts.forEach((draft, i) => {
    const file = check(draft.file, `${path}/${i}/file`, ['image', 'document', 'video'], 'is a caption file, which goes with a video');
    const extras = draft.poster !== undefined || (draft.captions?.length ?? 0) > 0;
    if (extras && file && file.kind !== 'video') {
      errors.push({ path: `${path}/${i}`, message: 'has a poster or captions, which only a video has' });
      return;
    }
    if (draft.poster !== undefined) check(draft.poster, `${path}/${i}/poster`, ['image'], 'is not an image');
    const locales = new Set<string>();
    draft.captions?.forEach((caption, j) => {
      if (locales.has(caption.locale)) errors.push({ path: `${path}/${i}/captions/${j}/locale`, message: 'has captions in this language already' });
      locales.add(caption.locale);
      check(caption.file, `${path}/${i}/captions/${j}/file`, ['caption'], 'is not a WebVTT caption file');
    });
  });
  return errors;
}

/**
 * What is wrong with the attachments an author removes from what they wrote
 * (`attached`: the ids of its attachments): each must be one of them, once.
 */
export function detachErrors(ids: readonly string[], attached: ReadonlySet<string>, path = '/body/detach', of: 'post' | 'note' = 'post'): ProblemFieldError[] {
  const seen = new Set<string>();
  const errors: ProblemFieldError[] = [];
  ids.forEach((id, i) => {
    if (seen.has(id)) errors.push({ path: `${path}/${i}`, message: 'is named twice' });
    else if (!attached.has(id)) errors.push({ path: `${path}/${i}`, message: `is not an attachment of this ${of}` });
    seen.add(id);
  });
  return errors;
}

/** An attachment's description as stored: one line, no bidi or invisible characters; absent when empty. */
export function normalizedAlt(alt: string | undefined): string | undefined {
  if (alt === undefined) return undefined;
  const text = normalizeLabel(alt);
  return text.length > 0 ? text : undefined;
}
