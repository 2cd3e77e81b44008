import type { Kysely } from 'kysely';

/**
 * Entries whose catalog file disappeared or emptied are kept, flagged as orphaned, until an
 * Admin deletes or adopts them or a file declares them again (as Backstage does with orphans).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entities').addColumn('orphaned_at', 'text').execute();
  await db.schema.alterTable('entities').addColumn('orphaned_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entities').dropColumn('orphaned_reason').execute();
  await db.schema.alterTable('entities').dropColumn('orphaned_at').execute();
}
