import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/errors.js';
import { checkSize, DEFAULT_FILE_LIMITS, formatMiB, largestFor, maxBytesFor, parseFileLimits, parseSize, type FileLimits } from './limits.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const limits: FileLimits = {
  bytes: { image: 20 * MiB, document: 50 * MiB, video: GiB, caption: MiB },
  spaces: { lab: { video: 4 * GiB, image: 5 * MiB }, archive: { document: 2 * GiB } },
};

describe('maxBytesFor and largestFor', () => {
  it('give the defaults: images 20 MiB, documents 50 MiB, videos 1 GiB, captions 1 MiB', () => {
    expect(maxBytesFor(DEFAULT_FILE_LIMITS, 'any', 'image')).toBe(20 * MiB);
    expect(maxBytesFor(DEFAULT_FILE_LIMITS, 'any', 'document')).toBe(50 * MiB);
    expect(maxBytesFor(DEFAULT_FILE_LIMITS, 'any', 'video')).toBe(GiB);
    expect(maxBytesFor(DEFAULT_FILE_LIMITS, 'any', 'caption')).toBe(MiB);
    expect(largestFor(DEFAULT_FILE_LIMITS, 'any')).toBe(GiB);
  });

  it("take a space's own limit where it has one, the server's elsewhere", () => {
    expect(maxBytesFor(limits, 'lab', 'video')).toBe(4 * GiB);
    expect(maxBytesFor(limits, 'lab', 'image')).toBe(5 * MiB);
    expect(maxBytesFor(limits, 'lab', 'document')).toBe(50 * MiB);
    expect(maxBytesFor(limits, 'other', 'video')).toBe(GiB);
    expect(largestFor(limits, 'lab')).toBe(4 * GiB);
    expect(largestFor(limits, 'archive')).toBe(2 * GiB);
    expect(largestFor(limits, 'other')).toBe(GiB);
  });

  it('never read a limit from the prototype of the overrides', () => {
    expect(maxBytesFor(limits, '__proto__', 'video')).toBe(GiB);
    expect(maxBytesFor(limits, 'constructor', 'image')).toBe(20 * MiB);
  });
});

describe('checkSize', () => {
  it('passes up to the limit, inclusive', () => {
    expect(() => checkSize(limits, 'other', 'image', 20 * MiB)).not.toThrow();
    expect(() => checkSize(limits, 'lab', 'video', 4 * GiB)).not.toThrow();
  });

  it('throws file_too_large with the limit in MiB', () => {
    const error = (() => {
      try {
        checkSize(limits, 'other', 'image', 20 * MiB + 1);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).code).toBe('file_too_large');
    expect((error as HttpProblem).message).toBe('The file is 20 MiB; an image may be at most 20 MiB here');
    expect(() => checkSize(limits, 'lab', 'image', 6 * MiB)).toThrow('The file is 6 MiB; an image may be at most 5 MiB here');
    expect(() => checkSize(limits, 'x', 'caption', 1.5 * MiB)).toThrow('The file is 1.5 MiB; a caption may be at most 1 MiB here');
  });

  it('formats MiB with at most two decimals, never as 0', () => {
    expect(formatMiB(20 * MiB)).toBe('20');
    expect(formatMiB(MiB / 2)).toBe('0.5');
    expect(formatMiB(1.255 * MiB)).toBe('1.25');
    expect(formatMiB(1)).toBe('0.01');
    expect(formatMiB(4 * GiB)).toBe('4096');
  });
});

describe('parseSize', () => {
  it('takes bytes and binary or decimal units', () => {
    expect(parseSize('1048576')).toBe(MiB);
    expect(parseSize('512B')).toBe(512);
    expect(parseSize('64KiB')).toBe(64 * 1024);
    expect(parseSize('20MiB')).toBe(20 * MiB);
    expect(parseSize('1.5GiB')).toBe(1.5 * GiB);
    expect(parseSize('1TiB')).toBe(1024 * GiB);
    expect(parseSize('500kB')).toBe(500_000);
    expect(parseSize('2MB')).toBe(2_000_000);
    expect(parseSize('3GB')).toBe(3e9);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '0', '0MiB', '-1', '20 MiB', '20mib', '20M', '20MIB', '1.5', '0.1B', 'MiB', '1e6', '20MiB ', ' 20MiB', '99999999TiB', 'Infinity']) {
      expect(() => parseSize(bad), bad).toThrow(RangeError);
    }
  });
});

describe('parseFileLimits', () => {
  it('sets kinds everywhere and per space, keeping the defaults of the others', () => {
    expect(parseFileLimits('image=20MiB,video=2GiB')).toEqual({
      bytes: { image: 20 * MiB, document: 50 * MiB, video: 2 * GiB, caption: MiB },
    });
    expect(parseFileLimits('space:lab=video=4GiB')).toEqual({
      bytes: DEFAULT_FILE_LIMITS.bytes,
      spaces: { lab: { video: 4 * GiB } },
    });
    expect(parseFileLimits('caption=512KiB,space:lab=video=4GiB,space:lab=image=1MiB,space:team-2=document=100MB')).toEqual({
      bytes: { image: 20 * MiB, document: 50 * MiB, video: GiB, caption: 512 * 1024 },
      spaces: { lab: { video: 4 * GiB, image: MiB }, 'team-2': { document: 100e6 } },
    });
  });

  it('builds on the limits it is given, without changing them', () => {
    const base = parseFileLimits('space:lab=video=4GiB');
    const next = parseFileLimits('space:lab=image=1MiB,document=1GiB', base);
    expect(next).toEqual({
      bytes: { image: 20 * MiB, document: GiB, video: GiB, caption: MiB },
      spaces: { lab: { video: 4 * GiB, image: MiB } },
    });
    expect(base.spaces).toEqual({ lab: { video: 4 * GiB } });
    expect(DEFAULT_FILE_LIMITS.bytes.document).toBe(50 * MiB);
  });

  it('keeps a space named __proto__ as an own entry, not a prototype', () => {
    const parsed = parseFileLimits('space:__proto__=video=2GiB');
    expect(Object.hasOwn(parsed.spaces ?? {}, '__proto__')).toBe(true);
    expect(maxBytesFor(parsed, '__proto__', 'video')).toBe(2 * GiB);
    expect(maxBytesFor(parsed, 'other', 'video')).toBe(GiB);
  });

  it('refuses bad input, saying which entry and why', () => {
    const cases: [string, RegExp][] = [
      ['', /"": expected one "="/],
      ['image=20MiB,', /"": expected one "="/],
      ['audio=1MiB', /the kind must be one of image, document, video, caption/],
      ['Image=1MiB', /the kind must be one of/],
      ['image=', /"" is not a size/],
      ['image=20 MiB', /"20 MiB" is not a size/],
      ['image=0', /not a whole, positive number of bytes/],
      [' image=20MiB', /the kind must be one of/],
      ['image=20MiB,image=30MiB', /given twice/],
      ['space:lab=video=1GiB,space:lab=video=2GiB', /given twice/],
      ['image=20MiB=x', /one "="/],
      ['space:=video=1GiB', /space id/],
      ['space:a/b=video=1GiB', /space id/],
      ['space:lab', /space id|one "="/],
      ['space:lab=video', /one "="/],
      ['space:lab=space:x=video=1GiB', /one "="/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseFileLimits(value), value).toThrow(RangeError);
      expect(() => parseFileLimits(value), value).toThrow(message);
    }
  });
});
