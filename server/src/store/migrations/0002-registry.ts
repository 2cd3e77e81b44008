import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** Teams, services and systems from every source, their relations, and the audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('entities')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('parent', 'text')
    .addColumn('tier', 'text')
    .addColumn('lifecycle', 'text')
    .addColumn('system', 'text')
    // Lowercased name, title and description: what catalog search matches against.
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_path', 'text')
    .addColumn('source_line', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entities_pk', ['kind', 'name'])
    .execute();
  for (const column of ['owner', 'parent', 'tier', 'lifecycle', 'system'] as const) {
    await db.schema.createIndex(`entities_${column}`).on('entities').columns(['kind', column, 'name']).execute();
  }
  await db.schema.createIndex('entities_source').on('entities').columns(['source', 'source_path']).execute();

  await db.schema
    .createTable('entity_relations')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_relations_pk', ['kind', 'name', 'relation', 'target'])
    .execute();
  await db.schema
    .createIndex('entity_relations_target')
    .on('entity_relations')
    .columns(['relation', 'target'])
    .execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', postgres ? sql`bigserial` : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement()
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_path', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['kind', 'name', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'entity_relations', 'entities']) {
    await db.schema.dropTable(table).execute();
  }
}
