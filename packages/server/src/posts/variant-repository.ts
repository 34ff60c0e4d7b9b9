import type { Kysely } from 'kysely';
import type { Locale, PostVariant } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { reindexPostTexts } from './post-text-repository.js';

// Every write here keeps the post's search index (post-text-repository.ts) in step,
// in the caller's transaction: a variant is searchable exactly while it exists.

/** Variants per post, sorted by locale (posts without any are absent). */
export async function listPostVariants(db: Kysely<Database>, postIds: readonly string[]): Promise<Map<string, PostVariant[]>> {
  const result = new Map<string, PostVariant[]>();
  if (postIds.length === 0) return result;
  const rows = await db
    .selectFrom('post_variants')
    .select(['post_id', 'locale', 'body', 'machine'])
    .where('post_id', 'in', postIds)
    .orderBy('post_id')
    .orderBy('locale')
    .execute();
  for (const row of rows) {
    const list = result.get(row.post_id) ?? [];
    list.push({ locale: row.locale as Locale, body: row.body, machine: row.machine === 1 });
    result.set(row.post_id, list);
  }
  return result;
}

export async function insertVariants(
  db: Kysely<Database>,
  postId: string,
  variants: readonly { locale: string; body: string; machine: boolean }[],
  createdAt: string,
): Promise<void> {
  if (variants.length === 0) return;
  await writeVariants(db, postId, variants, createdAt);
  await reindexPostTexts(db, postId);
}

async function writeVariants(
  db: Kysely<Database>,
  postId: string,
  variants: readonly { locale: string; body: string; machine: boolean }[],
  createdAt: string,
): Promise<void> {
  for (const v of variants) {
    await db
      .insertInto('post_variants')
      .values({ post_id: postId, locale: v.locale, body: v.body, machine: v.machine ? 1 : 0, created_at: createdAt })
      .execute();
  }
}

/**
 * Replaces the author's variants of a post. Machine variants stay, except in
 * the languages the author now writes (theirs wins) — or all of them when
 * `dropMachine` (the source changed, so old translations are of another text).
 */
export async function replaceAuthorVariants(
  db: Kysely<Database>,
  postId: string,
  variants: readonly { locale: string; body: string }[],
  createdAt: string,
  dropMachine: boolean,
): Promise<void> {
  let removal = db.deleteFrom('post_variants').where('post_id', '=', postId);
  if (!dropMachine) {
    const locales = variants.map((v) => v.locale);
    removal = removal.where((eb) =>
      locales.length > 0 ? eb.or([eb('machine', '=', 0), eb('locale', 'in', locales)]) : eb('machine', '=', 0),
    );
  }
  await removal.execute();
  await writeVariants(db, postId, variants.map((v) => ({ ...v, machine: false })), createdAt);
  await reindexPostTexts(db, postId);
}

/** Drops the machine variants of a post (its source text changed). */
export async function removeMachineVariants(db: Kysely<Database>, postId: string): Promise<void> {
  await db.deleteFrom('post_variants').where('post_id', '=', postId).where('machine', '=', 1).execute();
  await reindexPostTexts(db, postId);
}

export async function findVariant(
  db: Kysely<Database>,
  postId: string,
  locale: string,
): Promise<{ machine: boolean } | undefined> {
  const row = await db
    .selectFrom('post_variants')
    .select('machine')
    .where('post_id', '=', postId)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row ? { machine: row.machine === 1 } : undefined;
}

export async function updatePost(
  db: Kysely<Database>,
  postId: string,
  change: { body?: string; editedAt: string },
): Promise<void> {
  await db
    .updateTable('posts')
    .set({ ...(change.body !== undefined ? { body: change.body } : {}), edited_at: change.editedAt })
    .where('id', '=', postId)
    .execute();
  if (change.body !== undefined) await reindexPostTexts(db, postId);
}
