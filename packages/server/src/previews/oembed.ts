/**
 * oEmbed video: only the iframe's https `src` is kept from the provider's
 * `html` (never the markup itself), with its size and provider name. The
 * element puts it in an iframe on click; nothing of it loads before.
 */
import { Parser } from 'htmlparser2';
import type { LinkVideo } from '@ecotone/protocol';

/** Longest provider name kept, in characters. */
const PROVIDER_MAX_CHARS = 100;
/** Largest width or height taken from a provider, in CSS pixels. */
const VIDEO_SIZE_MAX_PX = 10_000;
/** Longest embed URL kept, in characters. */
const EMBED_URL_MAX_CHARS = 2_048;

function firstIframeSrc(html: string): string | undefined {
  let src: string | undefined;
  const parser = new Parser(
    {
      onopentag: (name, attribs) => {
        if (name === 'iframe' && src === undefined && attribs['src']) src = attribs['src'];
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return src;
}

function dimension(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= VIDEO_SIZE_MAX_PX ? n : undefined;
}

/** The video of an oEmbed document, or undefined when it is not a usable https video. */
export function videoFromOembed(document: unknown): LinkVideo | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const doc = document as Record<string, unknown>;
  if (doc['type'] !== 'video' || typeof doc['html'] !== 'string') return undefined;
  const src = firstIframeSrc(doc['html']);
  if (!src || src.length > EMBED_URL_MAX_CHARS) return undefined;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return undefined;
  const width = dimension(doc['width']);
  const height = dimension(doc['height']);
  const provider = typeof doc['provider_name'] === 'string' ? doc['provider_name'].trim().slice(0, PROVIDER_MAX_CHARS) : '';
  return {
    embedUrl: url.href,
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
    ...(provider ? { provider } : {}),
  };
}

/** oEmbed documents are JSON; some providers label them loosely. */
export function isOembedType(mediaType: string): boolean {
  return ['application/json', 'application/json+oembed', 'text/json', 'text/javascript', 'text/plain'].includes(mediaType);
}
