import type { Kysely } from 'kysely';

// What a space offers (`Space.capabilities`), switched by its owners
// (PUT /spaces/:id/capabilities): JSON text of the capabilities switched off
// and the reaction kinds chosen; null, as every existing space has, is
// "everything on". Read with the space, never filtered on.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('spaces').addColumn('capabilities', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('spaces').dropColumn('capabilities').execute();
}
