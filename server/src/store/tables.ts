import type { Generated } from 'kysely';

/** Row shapes of every table; timestamps are ISO-8601 UTC strings in both dialects. */
export interface Tables {
  events: EventsTable;
  entities: EntitiesTable;
  entity_relations: EntityRelationsTable;
  audit_log: AuditLogTable;
}

export interface EventsTable {
  id: string;
  service: string;
  kind: string;
  title: string;
  version: string | null;
  occurred_at: string;
  recorded_by: string;
  recorded_at: string;
}

export interface EntitiesTable {
  kind: string;
  name: string;
  title: string;
  owner: string | null;
  parent: string | null;
  tier: string | null;
  lifecycle: string | null;
  system: string | null;
  search: string;
  body: string;
  source: 'api' | 'file';
  source_path: string | null;
  source_line: number | null;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface EntityRelationsTable {
  kind: string;
  name: string;
  /** dependsOn, contributor (team), member (login). */
  relation: string;
  target: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: 'create' | 'update' | 'delete';
  kind: string;
  name: string;
  source: 'api' | 'file';
  source_path: string | null;
  before: string | null;
  after: string | null;
}
