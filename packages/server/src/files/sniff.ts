/**
 * The server's decision of an uploaded file's type, from its bytes alone.
 *
 * The name and the declared type of an upload are what the uploader says;
 * the bytes are what a browser will see. A file is accepted only when its
 * bytes are one of `ACCEPTED_FILE_TYPES`, and is then stored and served with
 * that type and extension. Binary formats are recognised by `file-type`
 * (which reads a whole zip to tell OOXML and OpenDocument from other
 * archives); the two text types by the rules below, since text has no magic
 * number.
 *
 * On top of that, anything a browser could take for markup or script is
 * refused, even inside an otherwise valid file (a polyglot): browsers sniff
 * the first 1445 bytes of a resource (WHATWG MIME Sniffing, "resource
 * header"), and a PDF whose first kilobyte also holds `<html><script>` is an
 * HTML page to a sniffer that does not stop at `%PDF-`. The files are served
 * with `X-Content-Type-Options: nosniff` anyway; this is the second wall.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import {
  ACCEPTED_FILE_TYPES,
  UNSAFE_NAME_CHARACTERS,
  describeKind,
  fileProblem,
  type AcceptedFileType,
  type FileKind,
} from './file-types.js';

/** How many bytes of a resource browsers sniff (WHATWG MIME Sniffing, "resource header"): the window checked for markup. */
export const RESOURCE_HEADER_BYTES = 1445;

/** What the uploader said about the file; used in messages and to refuse more, never to accept. */
export interface DecideFileTypeOptions {
  /** The file name the uploader gave (only quoted in messages, and its extension may refuse a text file). */
  declaredName?: string;
  /** The media type the uploader declared (same use as `declaredName`). */
  declaredType?: string;
  /** The kind the upload is for (e.g. `caption` for a video's text track): any other kind is refused. */
  expectedKind?: FileKind;
}

/** The type the server decided for a file: how it is stored, limited and served. */
export interface DecidedFileType {
  kind: FileKind;
  /** The media type to serve it with. */
  mediaType: string;
  /** The extension (lowercase, no dot) its stored name gets. */
  extension: string;
}

/**
 * Markup a browser would take for HTML, XML or script, looked for anywhere
 * in the first `RESOURCE_HEADER_BYTES` bytes of every file, case
 * insensitively. All are at least four bytes long, so compressed image data
 * hits one by chance in about one file in a hundred thousand; the short
 * HTML patterns (`<a `, `<b>`, `<p>`) are only looked for in text (below).
 */
const MARKUP_PATTERNS: readonly string[] = [
  '<!doctype html',
  '<html',
  '<head',
  '<body',
  '<script',
  '<iframe',
  '<frame',
  '<svg',
  '<?xml',
  '<object',
  '<embed',
  '<applet',
  '<style',
  '<link',
  '<meta',
  '<base',
  '<form',
  '<img',
  '<div',
  '<table',
  '<title',
  '<!--',
  '<a href',
];

/**
 * The shorter HTML patterns of WHATWG's "rules for identifying an unknown
 * MIME type" (a tag name followed by a tag-terminating byte), looked for
 * anywhere in the resource header of a text file.
 */
const TEXT_MARKUP = /<(?:a|b|br|p|h1|font)[\s/>]/i;
/** The same for WebVTT, whose cue text may use `<b>` (and `<i>`, `<u>`, `<c>`, `<v>`…, not HTML to a sniffer). */
const CAPTION_MARKUP = /<(?:a|br|p|h1|font)[\s/>]/i;
/**
 * A text file that starts (after a BOM and whitespace) with `<` and a tag
 * name, `!` or `?` looks like markup to a sniffer: WHATWG's HTML patterns
 * all begin there.
 */
const STARTS_WITH_TAG = /^[\t\n\f\r ]*<[A-Za-z!?/]/;

/**
 * The starts of JavaScript, for text that claims to be plain: a shebang,
 * a comment, "use strict", an import or export statement, a declaration, a
 * function or an immediately invoked one, a browser global. Best effort
 * (served as text/plain with nosniff, a script is inert anyway), but it
 * keeps uploads from becoming a script host.
 */
const STARTS_LIKE_SCRIPT =
  /^\s*(?:#!|\/\/|\/\*|['"]use strict['"]|import\s*(?:[\w$]+\s*(?:,|from\b)|\{|\*\s*as\b|['"(])|export\s+(?:default|const|let|var|function|class|async)\b|export\s*[{*]|(?:const|let|var)\s+[\w$]+\s*=|(?:async\s+)?function\b\s*\*?\s*[\w$]*\s*\(|[(!]\s*(?:async\s+)?function\b|\(\s*\(\s*\)\s*=>|(?:window|document|globalThis|self|module\.exports|exports)\s*[.[=])/;

/** Declared types of markup and script: a text file declared as one is refused even when its start looks innocent. */
const MARKUP_OR_SCRIPT_TYPES: ReadonlySet<string> = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/xsl',
  'application/xslt+xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/ecmascript',
  'text/jscript',
  'application/hta',
  'application/x-shockwave-flash',
]);

/** Extensions of markup and script: a text file named with one is refused (the name never accepts, it may refuse). */
const MARKUP_OR_SCRIPT_EXTENSIONS: ReadonlySet<string> = new Set([
  'htm',
  'html',
  'shtml',
  'xhtml',
  'xht',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'js',
  'mjs',
  'cjs',
  'jsx',
  'hta',
  'swf',
]);

/** Control characters text may not hold: C0 except tab, LF, FF and CR; DEL; C1. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides the type of the complete upload at `file` from its bytes, or
 * refuses it.
 *
 * @throws HttpProblem `file_empty` when the file has no bytes;
 *   `file_type_refused` when its bytes are not one of `ACCEPTED_FILE_TYPES`,
 *   hold markup in their first 1445 bytes, are a text file declared or named
 *   as markup or script, or are not of `expectedKind`. The detail says what
 *   was found, in English.
 * @example
 * const type = await decideFileType(upload.path, { declaredName: 'minutes.pdf', expectedKind: 'document' });
 * // { kind: 'document', mediaType: 'application/pdf', extension: 'pdf' }
 */
export async function decideFileType(file: string, options: DecideFileTypeOptions = {}): Promise<DecidedFileType> {
  const subject = describeUpload(options);
  const refuse = (why: string) => fileProblem('file_type_refused', `${subject} is refused: ${why}`);

  const { size } = await stat(file);
  if (size === 0) throw fileProblem('file_empty', `${subject} is empty (0 bytes)`);

  const head = await readHead(file, RESOURCE_HEADER_BYTES);
  const headLatin1 = head.toString('latin1').toLowerCase();
  const markup = firstOf(headLatin1, MARKUP_PATTERNS);
  if (markup) {
    throw refuse(`its first ${RESOURCE_HEADER_BYTES} bytes contain markup a browser could run ("${markup}")`);
  }

  const detected = await fileTypeFromFile(file);
  let decided: AcceptedFileType;
  // file-type knows WEBVTT by its first word; text is decided (and checked through) by the rules here.
  if (detected && !detected.mime.startsWith('text/')) {
    const accepted = ACCEPTED_FILE_TYPES.get(detected.mime);
    if (!accepted) {
      throw refuse(`its content is ${detected.mime} (.${detected.ext}), which is not an accepted type`);
    }
    decided = accepted;
  } else {
    decided = await decideTextType(file, head, options, refuse);
  }

  if (options.expectedKind && decided.kind !== options.expectedKind) {
    throw refuse(`its content is ${decided.mediaType}, ${describeKind(decided.kind)}, not ${describeKind(options.expectedKind)}`);
  }
  return { kind: decided.kind, mediaType: decided.mediaType, extension: decided.extension };
}

/** `text/vtt` or `text/plain` for a file file-type did not recognise, or a refusal saying why it is neither. */
async function decideTextType(
  file: string,
  head: Buffer,
  options: DecideFileTypeOptions,
  refuse: (why: string) => Error,
): Promise<AcceptedFileType> {
  const problem = await textProblem(file);
  if (problem) throw refuse(`its content matches no accepted binary format and it is not text (${problem})`);

  const hasBom = UTF8_BOM.every((byte, i) => head[i] === byte);
  const start = head.subarray(hasBom ? UTF8_BOM.length : 0);
  // The head may end inside a character; a replacement there is harmless.
  const startText = start.toString('utf8');
  const isCaption = /^WEBVTT(?:[ \t\r\n]|$)/.test(startText);

  const declaredType = options.declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declaredType && MARKUP_OR_SCRIPT_TYPES.has(declaredType)) {
    throw refuse(`it is text declared as ${declaredType}, a type browsers render or run`);
  }
  const declaredExtension = options.declaredName ? extname(options.declaredName).slice(1).toLowerCase() : '';
  if (MARKUP_OR_SCRIPT_EXTENSIONS.has(declaredExtension)) {
    throw refuse(`it is text named .${declaredExtension}, a type browsers render or run`);
  }

  const markup = (isCaption ? CAPTION_MARKUP : TEXT_MARKUP).exec(startText);
  if (markup) throw refuse(`its first ${RESOURCE_HEADER_BYTES} bytes contain HTML markup ("${markup[0].trim()}")`);
  if (isCaption) return accepted('text/vtt');

  if (STARTS_WITH_TAG.test(startText)) throw refuse('it is text that starts like HTML or XML markup');
  if (STARTS_LIKE_SCRIPT.test(startText)) throw refuse('it is text that starts like JavaScript or another script');
  return accepted('text/plain');
}

/**
 * Why the whole file is not acceptable text (not UTF-8, a NUL, another
 * control character), or undefined when it is. Read as a stream, so a large
 * file is never held in memory, and stopped at the first fault.
 */
async function textProblem(file: string): Promise<string | undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const problem = controlProblem(decodeOrUndefined(decoder, chunk, true));
      if (problem) return problem;
    }
    return controlProblem(decodeOrUndefined(decoder, undefined, false));
  } finally {
    stream.destroy();
  }
}

function decodeOrUndefined(decoder: TextDecoder, chunk: Buffer | undefined, more: boolean): string | undefined {
  try {
    return decoder.decode(chunk, { stream: more });
  } catch {
    return undefined;
  }
}

function controlProblem(text: string | undefined): string | undefined {
  if (text === undefined) return 'not valid UTF-8';
  const control = FORBIDDEN_CONTROL.exec(text);
  if (!control) return undefined;
  const code = control[0].charCodeAt(0);
  return code === 0 ? 'it contains a NUL byte' : `it contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The pattern that occurs first in `text`, if any. */
function firstOf(text: string, patterns: readonly string[]): string | undefined {
  let first: { pattern: string; index: number } | undefined;
  for (const pattern of patterns) {
    const index = text.indexOf(pattern);
    if (index >= 0 && (!first || index < first.index)) first = { pattern, index };
  }
  return first?.pattern;
}

function accepted(mediaType: string): AcceptedFileType {
  const type = ACCEPTED_FILE_TYPES.get(mediaType);
  if (!type) throw new Error(`${mediaType} is missing from ACCEPTED_FILE_TYPES`);
  return type;
}

/** The first `length` bytes of a file (fewer when it is shorter). */
async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** How a message names the upload: `"photo.jpg" (declared image/jpeg)` or `The file`. */
function describeUpload(options: DecideFileTypeOptions): string {
  // The name is the uploader's: keep it short and free of control characters in the detail.
  const clean = (value: string) => value.replace(UNSAFE_NAME_CHARACTERS, '').slice(0, 120);
  const name = options.declaredName ? `"${clean(options.declaredName)}"` : 'The file';
  return options.declaredType ? `${name} (declared ${clean(options.declaredType)})` : name;
}
