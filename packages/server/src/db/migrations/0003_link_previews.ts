import type { Kysely } from 'kysely';
import { bytesType } from '../dialect.js';

// Link previews: a cache shared by every user (keyed by the normalised URL,
// with an expiry), the preview images served from our own origin, and the
// preview attached to a post (a copy, so a post keeps its card when the
// cache entry expires or changes).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('link_previews')
    .addColumn('url_key', 'text', (c) => c.primaryKey())
    // The LinkPreview as JSON (without `url`, which is the caller's), or NULL for a failure.
    .addColumn('preview', 'text')
    // The problem code of a failure, cached for a shorter time.
    .addColumn('problem_code', 'varchar(64)')
    .addColumn('fetched_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('link_previews_expiry_idx').on('link_previews').column('expires_at').execute();

  await db.schema
    .createTable('preview_images')
    // Keyed hash of the bytes (see previews/images.ts): unguessable, and the same image is stored once.
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('bytes', bytesType(db), (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('post_link_previews')
    .addColumn('post_id', 'varchar(64)', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('post_link_previews').execute();
  await db.schema.dropTable('preview_images').execute();
  await db.schema.dropTable('link_previews').execute();
}
