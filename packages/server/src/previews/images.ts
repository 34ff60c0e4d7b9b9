/**
 * Preview images: fetched through the egress guard, checked by their first
 * bytes, stored in the database and served from our own origin, so a
 * reader's browser never contacts the linked host.
 */
import { createHmac } from 'node:crypto';

/** Image types kept (no SVG: it is a document that can carry script). */
const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const IMAGE_ACCEPT_HEADER = 'image/png, image/jpeg, image/gif, image/webp';

export function isAcceptedImageType(mediaType: string): boolean {
  return IMAGE_TYPES.has(mediaType);
}

/**
 * The type the bytes really are, or undefined. The served Content-Type comes
 * from here, not from the remote header, so a page cannot get HTML or SVG
 * served from our origin by labelling it image/png.
 */
export function sniffImageType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

/**
 * The id an image is stored and served under: a keyed hash of its bytes.
 * Without the server's key nobody can compute it, so the unauthenticated
 * image route answers only for ids handed out in previews, and cannot be
 * used to test whether a known image was ever previewed here.
 */
export function imageId(key: Buffer, bytes: Buffer): string {
  return createHmac('sha256', key).update(bytes).digest('base64url');
}
