import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/errors.js';
import { MAX_ANIMATION_FRAMES, MAX_IMAGE_MEGAPIXELS, processImage, type ProcessedImage } from './images.js';

const MAKE = 'AcmeCamCo';
const MODEL = 'Shooter9000';
/** A seconds numerator no other field of the fixture holds, to find the GPS latitude in raw bytes. */
const GPS_SECONDS = 296_417;

/** Whether `bytes` hold `value` as an EXIF LONG (either byte order). */
function holdsLong(bytes: Buffer, value: number): boolean {
  const little = Buffer.alloc(4);
  little.writeUInt32LE(value);
  const big = Buffer.alloc(4);
  big.writeUInt32BE(value);
  return bytes.includes(little) || bytes.includes(big);
}

/**
 * A 1600×1200 red photo with a blue band along its top, whose EXIF says it
 * was shot by an AcmeCamCo Shooter9000 in Paris and must be turned 90°
 * clockwise to be seen upright (Orientation 6), plus an XMP packet.
 */
async function cameraJpeg(): Promise<Buffer> {
  const band = await sharp({ create: { width: 1600, height: 100, channels: 3, background: '#0000ff' } }).png().toBuffer();
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#ff0000' } })
    .composite([{ input: band, top: 0, left: 0 }])
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: MAKE, Model: MODEL },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: `48/1 51/1 ${GPS_SECONDS}/10000`,
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4020/100',
      },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XmpAuthorName</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    .jpeg()
    .toBuffer();
}

const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } });

/** The RGBA of the pixel at (x, y). */
async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const data = await sharp(bytes).ensureAlpha().extract({ left: x, top: y, width: 1, height: 1 }).raw().toBuffer();
  return [...data];
}

/** A PNG whose header claims `width`×`height`, with one tiny data chunk: no real pixels behind it. */
function claimedPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // true colour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An animated GIF of `colours.length` solid frames of `width`×`height`, each shown `delayMs`. */
async function animatedGif(colours: string[], width: number, height: number, delayMs: number): Promise<Buffer> {
  const frames = await Promise.all(colours.map((colour) => solid(width, height, colour).png({ compressionLevel: 1 }).toBuffer()));
  const palette = new Set(colours).size;
  // The least encoding effort: solid frames need no dithering nor search for a palette.
  return sharp(frames, { join: { animated: true } })
    .gif({ delay: colours.map(() => delayMs), loop: 0, effort: 1, dither: 0, colours: Math.max(2, palette) })
    .toBuffer();
}

/** The problem `promise` was refused with (failing the test if it was not refused). */
async function refusal(promise: Promise<unknown>): Promise<HttpProblem> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  return error as HttpProblem;
}

/** Every output of a processed image: the original and each variant. */
const outputs = (image: ProcessedImage) => [image.original.bytes, ...image.variants.map((variant) => variant.bytes)];

describe('processImage: metadata', () => {
  it('removes EXIF (camera, GPS), XMP and orientation from the original and every variant, turning the pixels upright', async () => {
    const input = await cameraJpeg();
    // The fixture really carries what must go, so the checks below can fail.
    const before = await sharp(input).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif).toBeDefined();
    expect(before.xmp).toBeDefined();
    expect(input.includes(MAKE) && input.includes(MODEL) && input.includes('XmpAuthorName')).toBe(true);
    expect(holdsLong(input, GPS_SECONDS)).toBe(true);

    const image = await processImage(input, 'image/jpeg');

    // Orientation 6: the stored 1600×1200 is displayed 1200×1600.
    expect([image.width, image.height]).toEqual([1200, 1600]);
    expect(image.original).toMatchObject({ mediaType: 'image/jpeg', width: 1200, height: 1600 });
    expect(image.animated).toBe(false);
    for (const bytes of outputs(image)) {
      const metadata = await sharp(bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.iptc).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(metadata.comments).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect(metadata.height).toBeGreaterThan(metadata.width);
      expect(bytes.includes(MAKE)).toBe(false);
      expect(bytes.includes(MODEL)).toBe(false);
      expect(bytes.includes('XmpAuthorName')).toBe(false);
      expect(holdsLong(bytes, GPS_SECONDS)).toBe(false);
    }
    // The pixels were turned, not just relabelled: the blue band along the
    // stored top is now along the displayed right edge.
    const [red, , blue] = await pixel(image.original.bytes, 1199, 800);
    expect(blue).toBeGreaterThan(200);
    expect(red).toBeLessThan(60);
    const [leftRed, , leftBlue] = await pixel(image.original.bytes, 0, 800);
    expect(leftRed).toBeGreaterThan(200);
    expect(leftBlue).toBeLessThan(60);
    const thumbnail = image.variants[0]!;
    expect((await pixel(thumbnail.bytes, thumbnail.width - 1, 200))[2]).toBeGreaterThan(200);
  });

  it('converts an image with another colour profile to sRGB and drops the profile', async () => {
    // Display P3 numbers for the sRGB colour #c86432.
    const input = await solid(64, 64, '#c86432').withIccProfile('p3').png().toBuffer();
    expect((await sharp(input).metadata()).icc).toBeDefined();
    const p3Numbers = [...(await sharp(input, { ignoreIcc: true }).raw().toBuffer()).subarray(0, 3)];
    expect(p3Numbers).not.toEqual([0xc8, 0x64, 0x32]);

    const image = await processImage(input, 'image/png');
    for (const bytes of outputs(image)) {
      expect((await sharp(bytes).metadata()).icc).toBeUndefined();
      const [r, g, b] = await pixel(bytes, 10, 10);
      expect(Math.abs(r! - 0xc8)).toBeLessThanOrEqual(3);
      expect(Math.abs(g! - 0x64)).toBeLessThanOrEqual(3);
      expect(Math.abs(b! - 0x32)).toBeLessThanOrEqual(3);
    }
  });
});

describe('processImage: sizes', () => {
  it('makes 320, 640 and 1280 wide WebP variants of a 3000×2000 photo, keeping its proportions', async () => {
    const input = await solid(3000, 2000, '#336699').jpeg().toBuffer();
    const image = await processImage(input, 'image/jpeg');
    expect([image.width, image.height]).toEqual([3000, 2000]);
    expect(image.original).toMatchObject({ mediaType: 'image/jpeg', width: 3000, height: 2000 });
    expect(image.variants.map(({ name, mediaType, width, height }) => ({ name, mediaType, width, height }))).toEqual([
      { name: 'w320', mediaType: 'image/webp', width: 320, height: 213 },
      { name: 'w640', mediaType: 'image/webp', width: 640, height: 427 },
      { name: 'w1280', mediaType: 'image/webp', width: 1280, height: 853 },
    ]);
    for (const variant of image.variants) {
      const metadata = await sharp(variant.bytes).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', variant.width, variant.height]);
    }
    expect((await sharp(image.original.bytes).metadata()).format).toBe('jpeg');
    // The dominant colour paints the reserved space.
    expect(image.placeholder).toMatch(/^#[0-9a-f]{6}$/);
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(image.placeholder!.slice(at, at + 2), 16));
    expect(Math.abs(r! - 0x33) + Math.abs(g! - 0x66) + Math.abs(b! - 0x99)).toBeLessThanOrEqual(24);
  });

  it('keeps a palette PNG a palette PNG, with exactly its colours', async () => {
    const raw = Buffer.alloc(30 * 20 * 3);
    const colours = [
      [255, 0, 0],
      [0, 128, 255],
      [10, 20, 30],
    ];
    for (let index = 0; index < 30 * 20; index++) raw.set(colours[index % 3]!, index * 3);
    const input = await sharp(raw, { raw: { width: 30, height: 20, channels: 3 } }).png({ palette: true, dither: 0 }).toBuffer();
    expect((await sharp(input).metadata()).isPalette).toBe(true);
    const image = await processImage(input, 'image/png');
    expect((await sharp(image.original.bytes).metadata()).isPalette).toBe(true);
    expect((await sharp(image.original.bytes).removeAlpha().raw().toBuffer()).equals(raw)).toBe(true);
  });

  it('gives an image narrower than every width only its smallest variant, at its own size', async () => {
    const input = await solid(200, 100, '#808080').png().toBuffer();
    const image = await processImage(input, 'image/png');
    expect([image.width, image.height]).toEqual([200, 100]);
    expect(image.variants.map(({ name, width, height }) => ({ name, width, height }))).toEqual([{ name: 'w320', width: 200, height: 100 }]);
    expect(await sharp(image.variants[0]!.bytes).metadata()).toMatchObject({ format: 'webp', width: 200, height: 100 });
  });

  it('never upscales: a 700 pixel wide image gets 320 and 640, not 1280', async () => {
    const image = await processImage(await solid(700, 500, '#808080').webp().toBuffer(), 'image/webp');
    expect(image.original).toMatchObject({ mediaType: 'image/webp', width: 700, height: 500 });
    expect(image.variants.map((variant) => [variant.name, variant.width])).toEqual([
      ['w320', 320],
      ['w640', 640],
    ]);
  });

  it('reads the uploaded file from its path', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ecotone-images-'));
    try {
      const path = join(folder, 'upload');
      await writeFile(path, await solid(400, 300, '#00ff00').jpeg().toBuffer());
      const image = await processImage(path, 'image/jpeg');
      expect([image.width, image.height]).toEqual([400, 300]);
      expect(image.variants.map((variant) => variant.name)).toEqual(['w320']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('processes several images at once, each to completion', async () => {
    const inputs = await Promise.all([320, 480, 640, 800, 960].map((width) => solid(width, 240, '#123456').jpeg().toBuffer()));
    const images = await Promise.all(inputs.map((input) => processImage(input, 'image/jpeg')));
    expect(images.map((image) => image.width)).toEqual([320, 480, 640, 800, 960]);
    expect(images.map((image) => image.variants.length)).toEqual([1, 1, 2, 2, 2]);
  });
});

describe('processImage: transparency and animation', () => {
  it('keeps the transparency of a PNG in the original and the variants, without a placeholder colour', async () => {
    const input = await sharp({ create: { width: 800, height: 400, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const image = await processImage(input, 'image/png');
    expect(image.placeholder).toBeUndefined();
    expect(image.variants.map((variant) => variant.name)).toEqual(['w320', 'w640']);
    for (const bytes of outputs(image)) {
      expect((await sharp(bytes).metadata()).hasAlpha).toBe(true);
      const alpha = (await pixel(bytes, 5, 5))[3]!;
      expect(Math.abs(alpha - 128)).toBeLessThanOrEqual(2);
    }
  });

  it('keeps an animated GIF animated, with its frame delays, in the original and the variants', async () => {
    const input = await animatedGif(['#ff0000', '#00ff00', '#0000ff'], 400, 300, 120);
    expect((await sharp(input).metadata()).pages).toBe(3);

    const image = await processImage(input, 'image/gif');
    expect(image.animated).toBe(true);
    // One frame's size, not the stack of frames.
    expect([image.width, image.height]).toEqual([400, 300]);
    expect(image.original).toMatchObject({ mediaType: 'image/gif', width: 400, height: 300 });
    const original = await sharp(image.original.bytes).metadata();
    expect(original).toMatchObject({ format: 'gif', pages: 3, delay: [120, 120, 120], width: 400, height: 300 });
    expect(image.variants.map(({ name, width, height }) => ({ name, width, height }))).toEqual([{ name: 'w320', width: 320, height: 240 }]);
    const variant = await sharp(image.variants[0]!.bytes).metadata();
    expect(variant).toMatchObject({ format: 'webp', pages: 3, delay: [120, 120, 120], width: 320, height: 240 });
    // The frames differ: it is still an animation, not one frame repeated.
    const frames = await Promise.all([0, 1, 2].map((page) => sharp(image.variants[0]!.bytes, { page }).raw().toBuffer()));
    expect(frames[0]!.subarray(0, 3)).not.toEqual(frames[1]!.subarray(0, 3));
    expect(frames[1]!.subarray(0, 3)).not.toEqual(frames[2]!.subarray(0, 3));
  });

  it('keeps an animated WebP animated', async () => {
    const frames = await Promise.all(['#ff0000', '#0000ff'].map((colour) => solid(700, 350, colour).png().toBuffer()));
    const input = await sharp(frames, { join: { animated: true } }).webp({ delay: [200, 300] }).toBuffer();
    const image = await processImage(input, 'image/webp');
    expect(image.animated).toBe(true);
    expect([image.width, image.height]).toEqual([700, 350]);
    expect(await sharp(image.original.bytes).metadata()).toMatchObject({ format: 'webp', pages: 2, delay: [200, 300], height: 350 });
    expect(image.variants.map(({ name, width, height }) => ({ name, width, height }))).toEqual([
      { name: 'w320', width: 320, height: 160 },
      { name: 'w640', width: 640, height: 320 },
    ]);
    for (const variant of image.variants) expect((await sharp(variant.bytes).metadata()).pages).toBe(2);
  });

  it('treats a one-frame GIF as a still image', async () => {
    const image = await processImage(await solid(100, 80, '#ffcc00').gif().toBuffer(), 'image/gif');
    expect(image.animated).toBe(false);
    expect(image.original).toMatchObject({ mediaType: 'image/gif', width: 100, height: 80 });
  });
});

describe('processImage: refusals', () => {
  it('refuses a truncated JPEG', async () => {
    const input = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#ff0000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
      .jpeg()
      .toBuffer();
    for (const keep of [0.5, 0.95]) {
      const problem = await refusal(processImage(input.subarray(0, Math.floor(input.length * keep)), 'image/jpeg'));
      expect(problem.code).toBe('file_type_refused');
      expect(problem.message).toBe('The image could not be decoded');
    }
  });

  it('refuses bytes that are no image, and an image that is not of the type it was sniffed as', async () => {
    const garbage = await refusal(processImage(Buffer.from('\xff\xd8\xff this is not a JPEG at all', 'latin1'), 'image/jpeg'));
    expect([garbage.code, garbage.message]).toEqual(['file_type_refused', 'The image could not be decoded']);
    const mislabelled = await refusal(processImage(await solid(10, 10, '#000000').png().toBuffer(), 'image/jpeg'));
    expect([mislabelled.code, mislabelled.message]).toEqual(['file_type_refused', 'The image is not a JPEG']);
    const gifAsWebp = await refusal(processImage(await solid(10, 10, '#000000').gif().toBuffer(), 'image/webp'));
    expect(gifAsWebp.message).toBe('The image is not a WebP');
  });

  it(`refuses an image of more than ${MAX_IMAGE_MEGAPIXELS} megapixels, whether it only claims it or has them`, async () => {
    const claimed = await refusal(processImage(claimedPng(20_000, 20_000), 'image/png'));
    expect([claimed.code, claimed.message]).toEqual(['file_type_refused', `The image is larger than ${MAX_IMAGE_MEGAPIXELS} megapixels`]);
    // Just above the limit (40 008 000 pixels), with real pixels behind its header.
    const real = await solid(8000, 5001, '#ffffff').png({ compressionLevel: 1 }).toBuffer();
    const problem = await refusal(processImage(real, 'image/png'));
    expect([problem.code, problem.message]).toEqual(['file_type_refused', `The image is larger than ${MAX_IMAGE_MEGAPIXELS} megapixels`]);
  });

  it(`refuses an animation of more than ${MAX_ANIMATION_FRAMES} frames`, async () => {
    const colours = Array.from({ length: MAX_ANIMATION_FRAMES + 1 }, (_, index) => (index % 2 ? '#000000' : '#ffffff'));
    const input = await animatedGif(colours, 4, 4, 20);
    expect((await sharp(input).metadata()).pages).toBe(MAX_ANIMATION_FRAMES + 1);
    const problem = await refusal(processImage(input, 'image/gif'));
    expect([problem.code, problem.message]).toEqual(['file_type_refused', `The animation has more than ${MAX_ANIMATION_FRAMES} frames`]);
  });

  it('refuses an animation whose frames together exceed the pixel budget, though each frame is small enough', async () => {
    // 60 frames of 1000×1000: 60 megapixels in all.
    const input = await animatedGif(
      Array.from({ length: 60 }, (_, index) => (index % 2 ? '#000000' : '#ffffff')),
      1000,
      1000,
      50,
    );
    const problem = await refusal(processImage(input, 'image/gif'));
    expect(problem.code).toBe('file_type_refused');
    expect(problem.message).toMatch(/^The animation is larger than \d+ megapixels over all its frames$/);
  });
});
