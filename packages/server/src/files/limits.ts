/**
 * How large an attachment may be: one limit per kind, which a space may
 * raise or lower. An upload's kind is known only once its bytes are (see
 * `sniff.ts`), so an upload is first held to the largest limit of its space
 * (`largestFor`) and checked against its kind's limit after sniffing
 * (`checkSize`).
 */
import { FILE_KINDS, describeKind, fileProblem, type FileKind } from './file-types.js';
import { DEFAULT_FILE_LIMIT_BYTES } from '@ecotone/protocol';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Bytes per kind. */
export type FileKindLimits = Record<FileKind, number>;

/** The size limits of attachments on a server. */
export interface FileLimits {
  /** The largest file of each kind, in bytes, everywhere unless a space says otherwise. */
  bytes: FileKindLimits;
  /** Per space id, the kinds whose limit differs there (bytes). */
  spaces?: Record<string, Partial<FileKindLimits>>;
}

/** The defaults: images 20 MiB, documents 50 MiB, videos 1 GiB, captions 1 MiB; no space differs. */
export const DEFAULT_FILE_LIMITS: FileLimits = Object.freeze({
  bytes: Object.freeze({ ...DEFAULT_FILE_LIMIT_BYTES }),
});

/** The largest file of `kind` a space takes, in bytes. */
export function maxBytesFor(limits: FileLimits, spaceId: string, kind: FileKind): number {
  // Own properties only: a space id such as `__proto__` or `constructor` is no override.
  const space = limits.spaces && Object.hasOwn(limits.spaces, spaceId) ? limits.spaces[spaceId] : undefined;
  return space?.[kind] ?? limits.bytes[kind];
}

/** The largest file of any kind a space takes, in bytes: what an upload may grow to before its kind is known. */
export function largestFor(limits: FileLimits, spaceId: string): number {
  return Math.max(...FILE_KINDS.map((kind) => maxBytesFor(limits, spaceId, kind)));
}

/**
 * Throws HttpProblem `file_too_large` when `size` bytes exceed the limit of
 * `kind` in the space; the detail gives the limit in MiB.
 */
export function checkSize(limits: FileLimits, spaceId: string, kind: FileKind, size: number): void {
  const max = maxBytesFor(limits, spaceId, kind);
  if (size > max) {
    throw fileProblem(
      'file_too_large',
      `The file is ${formatMiB(size)} MiB; ${describeKind(kind)} may be at most ${formatMiB(max)} MiB here`,
    );
  }
}

/** A size in MiB for a message: at most two decimals, no trailing zeros ("20", "0.5", "1.25"), never rounded down to 0. */
export function formatMiB(bytes: number): string {
  const mib = bytes / MiB;
  if (mib > 0 && mib < 0.01) return '0.01';
  return String(Math.round(mib * 100) / 100);
}

const UNITS: Readonly<Record<string, number>> = { B: 1, KiB, MiB, GiB, TiB: 1024 * GiB, kB: 1000, MB: 1e6, GB: 1e9, TB: 1e12 };
const SIZE = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB|TiB|kB|MB|GB|TB)?$/;
const SPACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Parses a size: a number of bytes (`1048576`) or a number with a unit,
 * binary (`KiB`, `MiB`, `GiB`, `TiB`) or decimal (`kB`, `MB`, `GB`, `TB`),
 * written exactly so, without a space (`20MiB`, `1.5GiB`, `500kB`). The
 * result must be a whole, positive number of bytes.
 *
 * @throws RangeError naming the bad value.
 */
export function parseSize(value: string): number {
  const match = SIZE.exec(value);
  if (!match) throw new RangeError(`"${value}" is not a size (write e.g. 20MiB, 1.5GiB, 500kB or a number of bytes)`);
  const bytes = Number(match[1]) * (UNITS[match[2] ?? 'B'] ?? 1);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new RangeError(`"${value}" is not a whole, positive number of bytes`);
  return bytes;
}

/**
 * Parses the value of a command-line option into file limits: entries
 * separated by commas, each either `KIND=SIZE` (the limit of a kind
 * everywhere) or `space:SPACE_ID=KIND=SIZE` (its limit in one space), with
 * KIND one of `image`, `document`, `video`, `caption` and SIZE as
 * `parseSize` takes it. Kinds not named keep the limit of `base` (the
 * defaults unless given). Strict: unknown kinds, bad sizes, empty entries,
 * spaces around the parts and an entry given twice are all refused.
 *
 * @example
 * parseFileLimits('image=20MiB,video=2GiB,space:lab=video=4GiB')
 * // { bytes: { image: 20971520, document: 52428800, video: 2147483648, caption: 1048576 },
 * //   spaces: { lab: { video: 4294967296 } } }
 * @throws RangeError saying which entry is wrong and why.
 */
export function parseFileLimits(value: string, base: FileLimits = DEFAULT_FILE_LIMITS): FileLimits {
  const bytes: FileKindLimits = { ...base.bytes };
  // A Map, so a space id such as `__proto__` is a key like any other.
  const spaces = new Map<string, Partial<FileKindLimits>>(Object.entries(base.spaces ?? {}).map(([id, o]) => [id, { ...o }]));
  const seen = new Set<string>();
  for (const entry of value.split(',')) {
    const fail = (why: string): never => {
      throw new RangeError(`File limit "${entry}": ${why} (write KIND=SIZE or space:SPACE_ID=KIND=SIZE, e.g. video=2GiB)`);
    };
    let rest = entry;
    let spaceId: string | undefined;
    if (entry.startsWith('space:')) {
      const equals = entry.indexOf('=');
      spaceId = entry.slice('space:'.length, equals < 0 ? undefined : equals);
      if (!SPACE_ID.test(spaceId)) fail('the space id must be letters, digits, "_" or "-"');
      rest = equals < 0 ? '' : entry.slice(equals + 1);
    }
    const parts = rest.split('=');
    if (parts.length !== 2) fail('expected one "=" between the kind and the size');
    const [kind = '', size = ''] = parts;
    if (!isFileKind(kind)) fail(`the kind must be one of ${FILE_KINDS.join(', ')}`);
    let parsed = 0;
    try {
      parsed = parseSize(size);
    } catch (error) {
      fail((error as Error).message);
    }
    const key = `${spaceId ?? ''}\u0000${kind}`;
    if (seen.has(key)) fail('this kind is given twice');
    seen.add(key);
    if (spaceId === undefined) bytes[kind as FileKind] = parsed;
    else spaces.set(spaceId, { ...spaces.get(spaceId), [kind]: parsed });
  }
  return spaces.size > 0 ? { bytes, spaces: Object.fromEntries(spaces) } : { bytes };
}

function isFileKind(value: string): value is FileKind {
  return (FILE_KINDS as readonly string[]).includes(value);
}
