/**
 * The demo's pictures and video: a photo of the Basel lab (drawn here with
 * sharp) and a short tour of the Lyon lab (`media/lab-tour.webm`, made by
 * scripts/make-demo-video.mjs in Chromium) with captions in English, French
 * and German. Published through the same paths as a person's: each file is
 * kept as a finished upload would be (type decided by its bytes, an image's
 * sizes made), then attached to a post by `publishPost`, so the demo shows
 * what readers get from real uploads, with nothing fetched from anywhere.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Actor, Locale } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { findActor } from '../people/actor-repository.js';
import { publishPost } from '../posts/post-service.js';

const VIDEO = new URL('../../media/lab-tour.webm', import.meta.url);

/** What each language's captions say, cue by cue (three scenes of three seconds). */
const CAPTIONS: Record<Locale, readonly string[]> = {
  en: ['Welcome to the new lab on the Lyon site.', 'Bench three: cell culture, from January.', 'And the bioreactor: two hundred litres.'],
  fr: ['Bienvenue dans le nouveau laboratoire du site de Lyon.', 'Paillasse trois : culture cellulaire, dès janvier.', 'Et le bioréacteur : deux cents litres.'],
  de: ['Willkommen im neuen Labor am Standort Lyon.', 'Arbeitsplatz drei: Zellkultur, ab Januar.', 'Und der Bioreaktor: zweihundert Liter.'],
};

function webVtt(lines: readonly string[]): Buffer {
  const cue = (i: number) => `00:00:0${i * 3}.000 --> 00:00:0${i * 3 + 3}.000`;
  return Buffer.from(['WEBVTT', '', ...lines.flatMap((line, i) => [cue(i), line, ''])].join('\n'));
}

/** A 1600×1000 drawing of a lab: benches, a window, lamps (no text, no font needed). */
function labPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
    <defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#dfe9ef"/><stop offset="1" stop-color="#b9cbd6"/></linearGradient></defs>
    <rect width="1600" height="1000" fill="url(#wall)"/>
    <rect x="980" y="90" width="520" height="380" fill="#8fc1e3" stroke="#f4f7f9" stroke-width="14"/>
    <line x1="1240" y1="90" x2="1240" y2="470" stroke="#f4f7f9" stroke-width="10"/>
    <rect y="640" width="1600" height="360" fill="#7c8c96"/>
    <rect x="80" y="560" width="760" height="60" fill="#f4f7f9"/><rect x="100" y="620" width="720" height="260" fill="#4f6d7a"/>
    <rect x="960" y="600" width="560" height="50" fill="#f4f7f9"/><rect x="980" y="650" width="520" height="230" fill="#4f6d7a"/>
    <rect x="170" y="430" width="70" height="130" rx="10" fill="#e8a33d"/><rect x="290" y="470" width="50" height="90" rx="8" fill="#3d9be8"/>
    <rect x="520" y="380" width="180" height="180" rx="16" fill="#dde3e6" stroke="#9aa7ae" stroke-width="6"/>
    <circle cx="610" cy="470" r="50" fill="#9fd3c7"/>
    <rect x="1080" y="470" width="120" height="130" rx="12" fill="#c94f4f"/>
    <circle cx="400" cy="60" r="36" fill="#fff7d6"/><circle cx="800" cy="60" r="36" fill="#fff7d6"/><circle cx="1200" cy="40" r="30" fill="#fff7d6"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/** The video's poster: its first scene, drawn (the same colours, no text). */
function tourPoster(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
    <rect width="1280" height="720" fill="#0b3d5c"/>
    <rect x="80" y="200" width="520" height="40" rx="8" fill="#ffffff"/><rect x="80" y="280" width="340" height="28" rx="8" fill="#ffffff" opacity="0.8"/>
    <circle cx="1120" cy="160" r="64" fill="#ffffff"/>
    <g fill="#ffffff" opacity="0.15"><rect x="100" y="500" width="180" height="120"/><rect x="340" y="484" width="180" height="136"/><rect x="580" y="468" width="180" height="152"/><rect x="820" y="452" width="180" height="168"/></g>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function person(ctx: ServerContext, id: string): Promise<Actor> {
  const found = await findActor(ctx.db, id);
  if (!found) throw new Error(`The demo has no ${id}`);
  return found;
}

/**
 * Publishes the demo's photo post and captioned video post (after the rest
 * of the demo is seeded, once the server's file store is up). Answers the
 * number of posts published (none without a file store).
 */
export async function seedDemoMedia(ctx: ServerContext): Promise<number> {
  const uploads = ctx.uploads;
  if (!uploads) return 0;
  const hannah = await person(ctx, 'hannah');
  const photo = await uploads.ingest(await labPhoto(), { ownerId: hannah.id, spaceId: 'general', name: 'basel-lab.jpg' });
  await publishPost(
    ctx,
    hannah,
    'general',
    {
      body: 'A first look inside the new cell-therapy lab in Basel, a week before the teams move in.',
      locale: 'en',
      attachments: [{ file: photo.id, alt: 'The Basel lab: two white benches under a wide window, a centrifuge and an incubator' }],
    },
    undefined,
  );

  const amelie = await person(ctx, 'amelie');
  const video = await uploads.ingest(await readFile(VIDEO), { ownerId: amelie.id, spaceId: 'general', name: 'visite-labo-lyon.webm' });
  const poster = await uploads.ingest(await tourPoster(), { ownerId: amelie.id, spaceId: 'general', name: 'visite-affiche.jpg' });
  const captions = [];
  for (const locale of ['en', 'fr', 'de'] as const) {
    const file = await uploads.ingest(webVtt(CAPTIONS[locale]), { ownerId: amelie.id, spaceId: 'general', name: `visite-${locale}.vtt` });
    captions.push({ file: file.id, locale });
  }
  await publishPost(
    ctx,
    amelie,
    'general',
    {
      body: 'Visite du nouveau laboratoire de Lyon en neuf secondes. Sous-titres en français, en anglais et en allemand.',
      locale: 'fr',
      variants: [
        { locale: 'en', body: 'A tour of the new Lyon lab in nine seconds. Captions in French, English and German.' },
        { locale: 'de', body: 'Ein Rundgang durch das neue Labor in Lyon in neun Sekunden. Untertitel auf Französisch, Englisch und Deutsch.' },
      ],
      attachments: [{ file: video.id, alt: 'A tour of the Lyon lab: the lab, bench three, the bioreactor', poster: poster.id, captions }],
    },
    undefined,
  );
  return 2;
}
