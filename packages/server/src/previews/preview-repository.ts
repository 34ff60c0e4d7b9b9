import type { Kysely } from 'kysely';
import type { LinkPreview } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';

/** A cached preview (without the caller's `url`) or a cached failure. */
export type CachedPreview =
  | { kind: 'preview'; preview: Omit<LinkPreview, 'url'> }
  | { kind: 'failure'; problemCode: string };

/** The cache entry for a URL if it has not expired at `now`. */
export async function findCachedPreview(db: Kysely<Database>, urlKey: string, now: Date): Promise<CachedPreview | undefined> {
  const row = await db
    .selectFrom('link_previews')
    .select(['preview', 'problem_code'])
    .where('url_key', '=', urlKey)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.preview !== null) return { kind: 'preview', preview: JSON.parse(row.preview) as Omit<LinkPreview, 'url'> };
  return { kind: 'failure', problemCode: row.problem_code ?? 'preview_unreachable' };
}

export async function storeCachedPreview(
  db: Kysely<Database>,
  entry: { urlKey: string; value: CachedPreview; fetchedAt: Date; expiresAt: Date },
): Promise<void> {
  const values = {
    preview: entry.value.kind === 'preview' ? JSON.stringify(entry.value.preview) : null,
    problem_code: entry.value.kind === 'failure' ? entry.value.problemCode : null,
    fetched_at: entry.fetchedAt.toISOString(),
    expires_at: entry.expiresAt.toISOString(),
  };
  await db
    .insertInto('link_previews')
    .values({ url_key: entry.urlKey, ...values })
    .onConflict((oc) => oc.column('url_key').doUpdateSet(values))
    .execute();
}

/** Drops expired cache entries (images stay: posts may still show them). */
export async function pruneCachedPreviews(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('link_previews').where('expires_at', '<=', now.toISOString()).execute();
}

export async function storePreviewImage(
  db: Kysely<Database>,
  image: { id: string; contentType: string; bytes: Buffer; createdAt: string },
): Promise<void> {
  await db
    .insertInto('preview_images')
    .values({ id: image.id, content_type: image.contentType, bytes: image.bytes, created_at: image.createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function findPreviewImage(
  db: Kysely<Database>,
  id: string,
): Promise<{ contentType: string; bytes: Buffer } | undefined> {
  const row = await db.selectFrom('preview_images').select(['content_type', 'bytes']).where('id', '=', id).executeTakeFirst();
  return row ? { contentType: row.content_type, bytes: row.bytes } : undefined;
}

export async function attachPostPreview(db: Kysely<Database>, postId: string, preview: LinkPreview, createdAt: string): Promise<void> {
  await db
    .insertInto('post_link_previews')
    .values({ post_id: postId, preview: JSON.stringify(preview), created_at: createdAt })
    .onConflict((oc) => oc.column('post_id').doUpdateSet({ preview: JSON.stringify(preview), created_at: createdAt }))
    .execute();
}

/** The previews attached to these posts, by post id. */
export async function listPostPreviews(db: Kysely<Database>, postIds: readonly string[]): Promise<Map<string, LinkPreview>> {
  if (postIds.length === 0) return new Map();
  const rows = await db.selectFrom('post_link_previews').select(['post_id', 'preview']).where('post_id', 'in', postIds).execute();
  return new Map(rows.map((r) => [r.post_id, JSON.parse(r.preview) as LinkPreview]));
}

/** Unexpired cached previews of these URL keys, by key (failures and misses are absent). */
export async function findCachedPreviews(
  db: Kysely<Database>,
  urlKeys: readonly string[],
  now: Date,
): Promise<Map<string, Omit<LinkPreview, 'url'>>> {
  const unique = [...new Set(urlKeys)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('link_previews')
    .select(['url_key', 'preview'])
    .where('url_key', 'in', unique)
    .where('expires_at', '>', now.toISOString())
    .where('preview', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.url_key, JSON.parse(r.preview!) as Omit<LinkPreview, 'url'>]));
}
