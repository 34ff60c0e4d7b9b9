import type { Kysely } from 'kysely';

// What the identity provider said of a person when they were provisioned
// from a token (auth/authenticate.ts): the original `sub` and `iss` (the
// actor id is derived from them when `sub` is not a plain id, e.g.
// `auth0|5f…` or an e-mail address), and the e-mail claim. Kept for the
// company's records and later features (notifications); never sent to
// other people through the API. Null for people made otherwise (seeds, dev).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actors').addColumn('subject', 'varchar(255)').execute();
  await db.schema.alterTable('actors').addColumn('issuer', 'varchar(255)').execute();
  await db.schema.alterTable('actors').addColumn('email', 'varchar(320)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actors').dropColumn('email').execute();
  await db.schema.alterTable('actors').dropColumn('issuer').execute();
  await db.schema.alterTable('actors').dropColumn('subject').execute();
}
