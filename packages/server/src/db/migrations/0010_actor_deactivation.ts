import type { Kysely } from 'kysely';

// Ending a person's access (`ecotone people deactivate`): `actors.deactivated_at`
// is set while their access is ended and null otherwise. The row and
// everything they wrote stay; their tokens are refused while it is set.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actors').addColumn('deactivated_at', 'varchar(32)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actors').dropColumn('deactivated_at').execute();
}
