import type { Kysely } from 'kysely';

// Memberships granted by the company directory (auth/directory-groups.ts):
// `memberships.directory_group` names the group of the person's token that
// made them a member. Memberships from groups follow the token (added,
// re-ranked or removed when a new token says otherwise); those with a null
// group were made in Ecotone (joining, an owner's choice) and groups never
// touch them. An owner's change to a membership makes it theirs (null).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('memberships').addColumn('directory_group', 'varchar(255)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('memberships').dropColumn('directory_group').execute();
}
