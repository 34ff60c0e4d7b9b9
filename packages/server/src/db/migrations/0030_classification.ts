import type { Kysely } from 'kysely';

// Classification labels (docs/security.md#classification).
// - `spaces.label`: the space's label, an id of the server's configured
//   order; null: the lowest label.
// - `actors.clearance`: the clearance the person's latest token claimed (or
//   the one the demo seed gave), for what runs without a request (the
//   notices sent to a space's people); null: the lowest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('spaces').addColumn('label', 'varchar(64)').execute();
  await db.schema.alterTable('actors').addColumn('clearance', 'varchar(64)').execute();
}
