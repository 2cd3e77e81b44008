import type { Kysely } from 'kysely';

/**
 * SLOs live in `entities` like teams and services; `service` says which service an SLO
 * measures. `slo_revisions` remembers, for each thing an SLO has counted, from when Prometheus
 * records it live and how far its history has been filled in from raw series.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entities').addColumn('service', 'text').execute();
  await db.schema.createIndex('entities_service').on('entities').columns(['kind', 'service', 'name']).execute();

  await db.schema
    .createTable('slo_revisions')
    .addColumn('slo', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('record_from', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('history_state', 'text', (c) => c.notNull())
    .addColumn('history_from', 'bigint')
    .addColumn('history_error', 'text')
    .addColumn('history_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('live_from', 'bigint')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('slo_revisions_pk', ['slo', 'revision'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('slo_revisions').execute();
  await db.schema.dropIndex('entities_service').execute();
  await db.schema.alterTable('entities').dropColumn('service').execute();
}
