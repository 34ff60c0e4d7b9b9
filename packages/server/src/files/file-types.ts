/**
 * The file types an attachment may have, in one table. A file's type is
 * decided from its bytes (see `sniff.ts`), never from its name or the type
 * the uploader declared; the extension it is stored and served with comes
 * from this table too, so `photo.jpg` that is really a PNG is served as
 * `.png`, `image/png`.
 */
import { ACCEPTED_FILE_TYPES as ACCEPTED_TYPE_LIST, type ProblemCode } from '@ecotone/protocol';
import { HttpProblem } from '../http/errors.js';

/**
 * What an attachment is for, which decides how it is shown and how large it
 * may be: `image` (shown inline, resized), `document` (downloaded),
 * `video` (played), `caption` (WebVTT text track of a video).
 */
export type FileKind = 'image' | 'document' | 'video' | 'caption';

/** Every kind, in the order limits and messages list them. */
export const FILE_KINDS: readonly FileKind[] = ['image', 'document', 'video', 'caption'];

/** One accepted type: its kind, the media type it is served with and the extension of its stored name. */
export interface AcceptedFileType {
  kind: FileKind;
  /** The media type sent in `Content-Type` when the file is served. */
  mediaType: string;
  /** The extension (lowercase, no dot) the stored name gets, whatever the uploaded name said. */
  extension: string;
}

/**
 * The accepted types (the protocol's list), keyed by media type. Binary formats are recognised by
 * `file-type` (magic numbers; OOXML and OpenDocument by the entries of their
 * zip); `text/plain` and `text/vtt` by the rules in `sniff.ts`. Anything
 * else is refused: HTML, SVG, XML, scripts, executables, other archives.
 */
export const ACCEPTED_FILE_TYPES: ReadonlyMap<string, AcceptedFileType> = new Map(
  ACCEPTED_TYPE_LIST.map(([kind, mediaType, extension]) => [mediaType, { kind, mediaType, extension }]),
);

/** What a person would call a kind in an English problem detail ("a caption"). */
export function describeKind(kind: FileKind): string {
  return kind === 'image' ? 'an image' : `a ${kind}`;
}

/** The problem codes of attachments (all three are in the protocol's `PROBLEM_CODES`). */
export type FileProblemCode = Extract<ProblemCode, 'file_empty' | 'file_too_large' | 'file_type_refused'>;

/** An `HttpProblem` with one of the attachment codes and an English detail. */
export function fileProblem(code: FileProblemCode, detail: string): HttpProblem {
  return new HttpProblem(code, detail);
}

/**
 * Characters taken out of a name the uploader gave before it is shown or
 * served: controls, quotes, and the bidirectional controls that can make
 * `photo\u202Egpj.exe` read as `photoexe.jpg`.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001F\u007F-\u009F"\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Longest base of a served name, in characters (before the extension). */
const SERVED_NAME_MAX_CHARS = 200;

/**
 * The name a file is served with (e.g. in `Content-Disposition`): the
 * uploader's name without folders, control characters or quotes, its
 * extension replaced by the one of the decided type; `file` when nothing
 * is left.
 *
 * @example
 * servedName('C:\\Budget 2027.xls', { extension: 'xlsx' }) // 'Budget 2027.xlsx'
 * servedName('photo.jpg', { extension: 'png' }) // 'photo.png'
 */
export function servedName(declaredName: string | undefined, type: Pick<AcceptedFileType, 'extension'>): string {
  const base = (declaredName ?? '')
    .normalize('NFC')
    .split(/[/\\]/)
    .pop()!
    .replace(UNSAFE_NAME_CHARACTERS, '')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const short = Array.from(base).slice(0, SERVED_NAME_MAX_CHARS).join('').trimEnd();
  return `${short || 'file'}.${type.extension}`;
}

/** Where a file's own bytes are kept in the file store: `<id>.<extension of its type>`. */
export function fileKey(id: string, mediaType: string): string {
  const type = ACCEPTED_FILE_TYPES.get(mediaType);
  if (!type) throw new Error(`no accepted type ${mediaType}`);
  return `${id}.${type.extension}`;
}

/** Where one of an image's sizes (WebP, files/images.ts) is kept: `<id>-<size>.webp`. */
export function sizeKey(id: string, size: string): string {
  return `${id}-${size}.webp`;
}
