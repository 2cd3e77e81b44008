import type { Kysely } from 'kysely';

/**
 * Live tiles come in two sizes whose rule groups first evaluate at different moments (fine ones
 * within 45 s, coarse ones within 5 minutes): each size's seam with filled history is closed
 * on its own, so alerts, which read fine tiles, are whole as soon as those are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('slo_revisions').addColumn('fine_live_from', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('slo_revisions').dropColumn('fine_live_from').execute();
}
