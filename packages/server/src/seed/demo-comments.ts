import type { Kysely } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { insertComment } from '../comments/comment-repository.js';
import { insertReactions } from '../reactions/reaction-repository.js';
import { insertVariants } from '../posts/variant-repository.js';
import { SPACE_TEXTS } from './demo-content.js';

const MINUTE_MS = 60 * 1000;

interface DemoComment {
  id: string;
  postId: string;
  /** Index of the parent in the same list, for replies. */
  replyTo?: string;
  authorId: string;
  locale: Locale;
  body: string;
  /** Minutes after the post. */
  after: number;
  reactions?: readonly (readonly [string, string])[];
}

/**
 * Threads on a few demo posts, in the three languages, one level of
 * replies, by people allowed to comment there (no readers). Stable ids so
 * examples and tests can point at them.
 */
export const DEMO_COMMENTS: readonly DemoComment[] = [
  // The intranet news article (announcements: only amelie, hannah and lukas publish there).
  { id: 'comment-basel-lab-1', postId: 'news-basel-lab', authorId: 'lukas', locale: 'de', after: 12,
    body: 'Ein grosser Dank an alle, die achtzehn Monate lang auf der Baustelle durchgehalten haben!',
    reactions: [['anna', 'celebrate'], ['jonas', 'like'], ['sophie', 'like']] },
  { id: 'comment-basel-lab-2', postId: 'news-basel-lab', replyTo: 'comment-basel-lab-1', authorId: 'amelie', locale: 'fr', after: 25,
    body: 'Bravo à toute l’équipe de Bâle ! Les équipes de Lyon ont hâte de venir en janvier.',
    reactions: [['thomas', 'like']] },
  { id: 'comment-basel-lab-3', postId: 'news-basel-lab', authorId: 'hannah', locale: 'en', after: 40,
    body: 'Cambridge visits start in the second week of January; I will post the sign-up form here.' },
  // A welcome post in general (open: every member comments, marco only reads).
  { id: 'comment-welcome-1', postId: 'demo-general-014', authorId: 'sophie', locale: 'de', after: 30,
    body: 'Hallo zusammen! Ich bin Sophie aus Basel, Regulatory Affairs.',
    reactions: [['hannah', 'like'], ['marco', 'like']] },
  { id: 'comment-welcome-2', postId: 'demo-general-014', replyTo: 'comment-welcome-1', authorId: 'hannah', locale: 'en', after: 45,
    body: 'Welcome Sophie! The Basel correspondents meet every first Monday.' },
  { id: 'comment-welcome-3', postId: 'demo-general-014', authorId: 'thomas', locale: 'fr', after: 60,
    body: 'Bonjour à tous, Thomas, ingénieur procédés à Lyon. Ravi de vous rejoindre !',
    reactions: [['camille', 'celebrate']] },
  { id: 'comment-welcome-4', postId: 'demo-general-014', replyTo: 'comment-welcome-3', authorId: 'camille', locale: 'fr', after: 75,
    body: 'Bienvenue Thomas ! On se croise à la cantine mardi ?' },
  // Lunch & learn.
  { id: 'comment-lunch-1', postId: 'demo-general-017', authorId: 'anna', locale: 'de', after: 20,
    body: 'Wird die Session aufgezeichnet? Donnerstags bin ich im Labor.',
    reactions: [['oliver', 'like']] },
  { id: 'comment-lunch-2', postId: 'demo-general-017', replyTo: 'comment-lunch-1', authorId: 'priya', locale: 'en', after: 35,
    body: 'Yes, the recording and slides will be shared in this thread.', reactions: [['anna', 'like']] },
  // The secret security-watch space: only its members see these.
  { id: 'comment-pentest-1', postId: 'demo-security-watch-001', authorId: 'julien', locale: 'fr', after: 50,
    body: 'Merci Oliver. On exige le correctif des deux failles avant la mise en production.' },
  { id: 'comment-pentest-2', postId: 'demo-security-watch-001', replyTo: 'comment-pentest-1', authorId: 'lukas', locale: 'de', after: 90,
    body: 'Einverstanden. Ich informiere die Basler Projektleitung.' },
];

const general = SPACE_TEXTS['general'] ?? {};
const text = (locale: Locale, index: number): string => {
  const body = general[locale]?.[index];
  if (body === undefined) throw new Error(`no general text ${locale}[${index}]`);
  return body;
};

/** Language variants written by the posts' authors (machine: false). */
export const DEMO_VARIANTS: readonly { postId: string; locale: Locale; body: string }[] = [
  { postId: 'news-basel-lab', locale: 'fr', body:
    '**Bâle ouvre son nouveau laboratoire de thérapie cellulaire.** Après dix-huit mois de travaux, le site de Bâle ' +
    'ouvre un laboratoire de 1 200 m² dédié à la thérapie cellulaire. Les équipes de Lyon et de Cambridge partageront ' +
    'ses équipements dès janvier.' },
  { postId: 'news-basel-lab', locale: 'de', body:
    '**Basel eröffnet sein neues Labor für Zelltherapie.** Nach achtzehn Monaten Bauzeit eröffnet der Standort Basel ' +
    'ein 1.200 m² grosses Labor für Zelltherapie. Die Teams aus Lyon und Cambridge nutzen seine Geräte ab Januar mit.' },
  // Welcome posts: the same message exists in each language in the demo texts.
  { postId: 'demo-general-014', locale: 'fr', body: text('fr', 0) },
  { postId: 'demo-general-014', locale: 'de', body: text('de', 0) },
  { postId: 'demo-general-001', locale: 'en', body: text('en', 0) },
  { postId: 'demo-general-001', locale: 'fr', body: text('fr', 0) },
  { postId: 'demo-general-017', locale: 'fr', body:
    '**Lunch & learn jeudi :** Priya expliquera comment notre pipeline en oncologie passe de la cible au candidat. Venez avec vos questions.' },
  { postId: 'demo-general-017', locale: 'de', body:
    '**Lunch & Learn am Donnerstag:** Priya erklärt, wie unsere Onkologie-Pipeline vom Target zum Kandidaten führt. Bringt eure Fragen mit.' },
];

/** Inserts the demo comments (with reactions) and variants; returns how many of each. */
export async function seedDemoComments(
  db: Kysely<Database>,
  now: Date,
  kinds: readonly string[],
): Promise<{ comments: number; reactions: number; variants: number }> {
  const reactions: { objectId: string; actorId: string; kind: string; createdAt: string }[] = [];
  for (const comment of DEMO_COMMENTS) {
    const post = await db.selectFrom('posts').select(['space_id', 'created_at']).where('id', '=', comment.postId).executeTakeFirst();
    if (!post) throw new Error(`demo comment ${comment.id} on missing post ${comment.postId}`);
    // After the post, never in the future.
    const createdAt = new Date(Math.min(Date.parse(post.created_at) + comment.after * MINUTE_MS, now.getTime() - MINUTE_MS));
    await insertComment(db, {
      id: comment.id,
      post_id: comment.postId,
      space_id: post.space_id,
      parent_id: comment.replyTo ?? null,
      author_id: comment.authorId,
      body: comment.body,
      locale: comment.locale,
      created_at: createdAt.toISOString(),
      edited_at: null,
      deleted_at: null,
    });
    for (const [actorId, kind] of comment.reactions ?? []) {
      if (!kinds.includes(kind)) continue;
      reactions.push({ objectId: comment.id, actorId, kind, createdAt: new Date(createdAt.getTime() + MINUTE_MS / 2).toISOString() });
    }
  }
  await insertReactions(db, reactions);
  for (const variant of DEMO_VARIANTS) {
    const post = await db.selectFrom('posts').select('created_at').where('id', '=', variant.postId).executeTakeFirst();
    if (!post) throw new Error(`demo variant of missing post ${variant.postId}`);
    await insertVariants(db, variant.postId, [{ locale: variant.locale, body: variant.body, machine: false }], post.created_at);
  }
  return { comments: DEMO_COMMENTS.length, reactions: reactions.length, variants: DEMO_VARIANTS.length };
}
