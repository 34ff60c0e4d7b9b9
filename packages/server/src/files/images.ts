/**
 * Images attached to posts, comments and notes, made safe and ready for the
 * feed with sharp (libvips): the original re-encoded without any metadata,
 * responsive WebP sizes, the dimensions as displayed and a placeholder
 * colour, so that a page reserves the right space before anything loads.
 *
 * Every call decodes untrusted bytes, so each one is bounded: pixels per
 * frame, frames per animation, pixels of a whole animation, time per step,
 * and how many images are worked on at once (see `MAX_IMAGES_IN_PROGRESS`).
 * Whatever libvips cannot decode is refused as `file_type_refused` (415).
 *
 * Nothing here changes sharp's process-wide settings: `sharp.concurrency()`
 * keeps sharp's own default (1 libvips thread per image on glibc Linux
 * without jemalloc, to limit memory fragmentation; the number of cores
 * elsewhere) and libvips' operation cache its default bounds (50 MB), which
 * the server may tune at start-up; importing this module starts no timer and
 * holds no file open.
 */
import { readFile } from 'node:fs/promises';
import sharp, { type FormatEnum, type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { HttpProblem } from '../http/errors.js';

/** The image types accepted as attachments (after sniffing their bytes). */
export type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';

/** One responsive size of an image, always WebP. */
export interface ImageVariant {
  /**
   * The slot it fills, `w` and the width it was made for (`w320`, `w640`,
   * `w1280`), stable whatever the image: an image narrower than 320 pixels
   * still has its `w320`, at its own size.
   */
  name: string;
  /** Always WebP (see `VARIANT_WEBP_QUALITY` for why). */
  mediaType: 'image/webp';
  /** In pixels, as displayed (one frame's height for an animation). */
  width: number;
  /** In pixels, as displayed. */
  height: number;
  /** The encoded file, to store and serve as it is. */
  bytes: Buffer;
}

/** What `processImage` makes of an uploaded image. */
export interface ProcessedImage {
  /** In pixels, as displayed: after the EXIF orientation is applied. */
  width: number;
  /** In pixels, as displayed (one frame's height for an animation): with `width`, what the feed reserves. */
  height: number;
  /**
   * The image re-encoded in its own format, turned upright, in sRGB, with
   * every piece of metadata removed (EXIF with its GPS position and camera,
   * XMP, IPTC, comments, ICC profile): what is served as "the original".
   */
  original: { mediaType: ImageMediaType; bytes: Buffer; width: number; height: number };
  /** Responsive sizes, smallest first; never empty (the first one is the thumbnail). */
  variants: ImageVariant[];
  /**
   * The image's dominant colour (`#rrggbb`), to paint the reserved space
   * before the image loads; absent for an image with transparent pixels,
   * whose colour would show through them.
   */
  placeholder?: string;
  /** Whether the image is an animation (GIF or WebP of more than one frame); its original and variants are animated too. */
  animated: boolean;
}

/**
 * Largest image accepted, in megapixels per frame. Phones save 12 to 24 MP
 * photos by default (and 48 to 50 MP only on request), so 40 lets through
 * nearly every photo a person takes while bounding what one decode costs
 * (40 MP is 160 MB of pixels if held at once; libvips mostly streams them).
 */
export const MAX_IMAGE_MEGAPIXELS = 40;
/** `MAX_IMAGE_MEGAPIXELS` in pixels (width × height of one frame). */
export const MAX_IMAGE_PIXELS = MAX_IMAGE_MEGAPIXELS * 1_000_000;
/**
 * Most frames accepted in an animation: 300 frames is 30 s at 10 frames per
 * second, longer than the reaction GIFs people post; longer clips belong in
 * a video.
 */
export const MAX_ANIMATION_FRAMES = 300;
/**
 * Largest animation accepted, in megapixels over all its frames (e.g. 480×360
 * for 290 frames). Every frame is decoded and encoded once per output, so
 * this bounds the work of an animation the way `MAX_IMAGE_MEGAPIXELS` bounds
 * a still image's.
 */
export const MAX_ANIMATION_MEGAPIXELS = 50;
const MAX_ANIMATION_PIXELS = MAX_ANIMATION_MEGAPIXELS * 1_000_000;

/**
 * The widths of the responsive variants, in CSS pixels of a `srcset`: 320
 * for thumbnails and a phone's feed column at 1×, 640 for a phone at 2× or a
 * feed column at 1×, 1280 for a feed column at 2× and a lightbox on most
 * screens. Larger views use the original.
 */
export const IMAGE_VARIANT_WIDTHS = [320, 640, 1280] as const;

/**
 * Quality of the WebP variants: libwebp's 80 (sharp's default) looks like a
 * JPEG of 85 to 90 at about a third less weight. Variants are WebP because
 * every browser Ecotone supports shows it, it is smaller than JPEG for
 * photos and than PNG for drawings, and it keeps transparency and animation
 * (an animated WebP is a fraction of the GIF it came from), so one format
 * serves all four kinds of input.
 */
export const VARIANT_WEBP_QUALITY = 80;
/**
 * Quality of a re-encoded JPEG or WebP original: 90 keeps a second
 * generation of lossy coding invisible (the original is what people open to
 * look closely) while still shedding the metadata. PNG and GIF originals are
 * lossless (a GIF keeps its own palette).
 */
export const ORIGINAL_LOSSY_QUALITY = 90;

/** Longest time one decode-and-encode step may take, in seconds, before the image is refused. */
export const IMAGE_STEP_TIMEOUT_S = 60;

/**
 * How many images are processed at once in this process; others wait their
 * turn. sharp works in libuv's thread pool (4 threads unless
 * `UV_THREADPOOL_SIZE` says otherwise), never on the event loop, but the
 * same pool serves file-system calls and DNS: each image runs its steps one
 * after the other (one pool thread at a time), and at most 2 images leave
 * the other threads free for requests that read files.
 */
export const MAX_IMAGES_IN_PROGRESS = 2;

/** The largest width or height a WebP can have. */
const WEBP_MAX_DIMENSION = 16_383;

/** libvips' name of each accepted type, and the name people know it by. */
const FORMAT_OF: Record<ImageMediaType, { libvips: keyof FormatEnum; name: string }> = {
  'image/jpeg': { libvips: 'jpeg', name: 'JPEG' },
  'image/png': { libvips: 'png', name: 'PNG' },
  'image/webp': { libvips: 'webp', name: 'WebP' },
  'image/gif': { libvips: 'gif', name: 'GIF' },
};

let imagesInProgress = 0;
const waitingForTurn: (() => void)[] = [];

/** Runs `task` once fewer than `MAX_IMAGES_IN_PROGRESS` images are being processed. */
async function inTurn<T>(task: () => Promise<T>): Promise<T> {
  if (imagesInProgress < MAX_IMAGES_IN_PROGRESS) imagesInProgress++;
  else await new Promise<void>((resolve) => waitingForTurn.push(resolve));
  try {
    return await task();
  } finally {
    // Hand the turn straight to the next image, or give it back.
    const next = waitingForTurn.shift();
    if (next) next();
    else imagesInProgress--;
  }
}

const refused = (detail: string, cause?: unknown): HttpProblem => {
  const problem = new HttpProblem('file_type_refused', detail);
  if (cause !== undefined) problem.cause = cause;
  return problem;
};

const tooLarge = (cause?: unknown) => refused(`The image is larger than ${MAX_IMAGE_MEGAPIXELS} megapixels`, cause);

/** libvips' words when an input exceeds `limitInputPixels`. */
const isPixelLimitError = (error: unknown) => error instanceof Error && /exceeds pixel limit/i.test(error.message);

/**
 * Makes an uploaded image (its bytes already sniffed as `mediaType`) ready
 * to store and serve: the original without metadata, upright and in sRGB,
 * its responsive WebP variants, its displayed dimensions and a placeholder
 * colour.
 *
 * Animated GIFs and WebPs stay animated in the original and in the
 * variants: a still variant would freeze the animation in the feed unless
 * clients fetched the original, often a heavy GIF, whereas an animated WebP
 * variant is usually much lighter than that GIF. The frame and pixel caps
 * bound the extra work. (A client that honours `prefers-reduced-motion`
 * shows the placeholder or its own poster.)
 *
 * Variants are never upscaled: an image gets the variants whose width it
 * reaches, and always the smallest one (for thumbnails), at its own size if
 * it is narrower than that.
 *
 * @param input The uploaded file's path, or its bytes.
 * @throws HttpProblem `file_type_refused` when the image cannot be decoded
 *   (corrupt, truncated, not of `mediaType`), is larger than
 *   `MAX_IMAGE_MEGAPIXELS`, has more than `MAX_ANIMATION_FRAMES` frames or
 *   more than `MAX_ANIMATION_MEGAPIXELS` in all, or takes longer than
 *   `IMAGE_STEP_TIMEOUT_S` in a step. A file that cannot be read is thrown
 *   as it is (a server error, not the image's fault).
 *
 * @example
 * const image = await processImage(upload.path, 'image/jpeg');
 * // store image.original.bytes, image.variants[*].bytes, image.width, image.height
 */
export async function processImage(input: string | Buffer, mediaType: ImageMediaType): Promise<ProcessedImage> {
  // Bytes rather than a path for sharp: every step decodes the same bytes,
  // and libvips' cache never keeps the uploaded file open after it is removed.
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  return inTurn(async () => {
    try {
      return await processBytes(bytes, mediaType);
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      if (isPixelLimitError(error)) throw tooLarge(error);
      // libvips' words when `timeout()` stops a step.
      if (error instanceof Error && /\btimeout: \d+% complete/.test(error.message)) {
        throw refused('The image took too long to process', error);
      }
      throw refused('The image could not be decoded', error);
    }
  });
}

async function processBytes(bytes: Buffer, mediaType: ImageMediaType): Promise<ProcessedImage> {
  // The header first (width, height, frames), before any pixel is decoded.
  // Without `animated`, `height` is one frame's.
  const header: Metadata = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
  const format = FORMAT_OF[mediaType];
  if (header.format !== format.libvips) throw refused(`The image is not a ${format.name}`);
  if (header.width * header.height > MAX_IMAGE_PIXELS) throw tooLarge();
  const frames = mediaType === 'image/gif' || mediaType === 'image/webp' ? (header.pages ?? 1) : 1;
  const animated = frames > 1;
  if (frames > MAX_ANIMATION_FRAMES) throw refused(`The animation has more than ${MAX_ANIMATION_FRAMES} frames`);
  if (animated && header.width * header.height * frames > MAX_ANIMATION_PIXELS) {
    throw refused(`The animation is larger than ${MAX_ANIMATION_MEGAPIXELS} megapixels over all its frames`);
  }

  const decodeOptions: SharpOptions = {
    // Refuse corrupt and truncated data; 'warning' (sharp's default) would
    // also refuse the harmless oddities of many cameras' files.
    failOn: 'error',
    // Checked above from the header; here too, in case libvips reads the
    // image differently (for an animation the frames are stacked, so the
    // whole stack counts).
    limitInputPixels: animated ? MAX_ANIMATION_PIXELS : MAX_IMAGE_PIXELS,
    autoOrient: true,
    animated,
  };
  // No `keepMetadata`, `keepExif`, `keepIccProfile` or `withMetadata`
  // anywhere below: sharp then writes no EXIF, XMP, IPTC, comment or ICC
  // profile, and converts colours to sRGB, the space assumed by browsers
  // for images without a profile.
  const decode = (): Sharp => sharp(bytes, decodeOptions).timeout({ seconds: IMAGE_STEP_TIMEOUT_S });

  const original = await encodeOriginal(decode(), mediaType, header);
  const variants: ImageVariant[] = [];
  for (const [index, width] of IMAGE_VARIANT_WIDTHS.entries()) {
    // Each from the uploaded bytes (JPEG and WebP shrink on load, so small
    // sizes are cheap) rather than from a larger variant (no second lossy
    // generation). One after the other: one pool thread per image.
    if (index > 0 && width > original.width) break;
    variants.push(await encodeVariant(decode(), width));
  }
  const thumbnail = variants[0];
  if (!thumbnail) throw new Error('An image always has its smallest variant');
  const placeholder = await dominantColour(thumbnail.bytes);
  return {
    width: original.width,
    height: original.height,
    original,
    variants,
    ...(placeholder ? { placeholder } : {}),
    animated,
  };
}

async function encodeOriginal(
  image: Sharp,
  mediaType: ImageMediaType,
  header: Metadata,
): Promise<ProcessedImage['original']> {
  switch (mediaType) {
    case 'image/jpeg':
      // Progressive scans: a large original shows whole, blurred, then
      // sharpens. Not mozjpeg's settings: on a 38 MP photo they took ten
      // times as long (14 s against 1.3 s on one core) for a tenth less weight.
      image.jpeg({ quality: ORIGINAL_LOSSY_QUALITY, progressive: true });
      break;
    case 'image/png':
      // Lossless; a palette image stays a palette image (libimagequant keeps
      // its colours exactly when there are at most 256), instead of growing
      // into true colour.
      image.png({ palette: header.isPalette, dither: 0, adaptiveFiltering: true });
      break;
    case 'image/webp':
      image.webp({ quality: ORIGINAL_LOSSY_QUALITY });
      break;
    case 'image/gif':
      // The input's palette, frame delays and loop count are kept.
      image.gif({ reuse: true });
      break;
  }
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return { mediaType, bytes: data, width: info.width, height: info.pageHeight ?? info.height };
}

async function encodeVariant(image: Sharp, width: number): Promise<ImageVariant> {
  const { data, info } = await image
    .resize({
      width,
      // Only to stay within WebP's limit for a very tall image (its variant is then narrower).
      height: WEBP_MAX_DIMENSION,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .webp({ quality: VARIANT_WEBP_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { name: `w${width}`, mediaType: 'image/webp', width: info.width, height: info.pageHeight ?? info.height, bytes: data };
}

/** The dominant colour of an opaque image as `#rrggbb`, or undefined if any pixel is see-through. */
async function dominantColour(bytes: Buffer): Promise<string | undefined> {
  const { isOpaque, dominant } = await sharp(bytes, { failOn: 'error' }).timeout({ seconds: IMAGE_STEP_TIMEOUT_S }).stats();
  if (!isOpaque) return undefined;
  return `#${[dominant.r, dominant.g, dominant.b].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}
