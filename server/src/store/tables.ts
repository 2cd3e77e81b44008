import type { Generated } from 'kysely';

/** Row shapes of every table; timestamps are ISO-8601 UTC strings in both dialects. */
export interface Tables {
  events: EventsTable;
  entities: EntitiesTable;
  entity_relations: EntityRelationsTable;
  audit_log: AuditLogTable;
  slo_revisions: SloRevisionsTable;
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
  /** The service an SLO measures. */
  service: string | null;
  search: string;
  body: string;
  source: 'api' | 'file';
  source_path: string | null;
  source_line: number | null;
  /** When its catalog file disappeared or emptied, and why; the entry is kept until resolved. */
  orphaned_at: string | null;
  orphaned_reason: string | null;
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

export type AuditAction = 'create' | 'update' | 'delete' | 'orphan' | 'adopt';

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  /** orphan: its file disappeared or emptied; adopt: an Admin made an orphan an API entry. */
  action: AuditAction;
  kind: string;
  name: string;
  source: 'api' | 'file';
  source_path: string | null;
  before: string | null;
  after: string | null;
}

/** History of one SLO revision: recorded live from `record_from` (seconds), filled in before that. */
export interface SloRevisionsTable {
  slo: string;
  revision: string;
  record_from: number;
  created_at: string;
  /** pending | filling | filled | failed */
  history_state: string;
  /** The earliest time the filled history covers (seconds). */
  history_from: number | null;
  history_error: string | null;
  history_attempts: number;
  /** Where live coarse tiles took over (seconds): the start of the first one's stretch. Set once the seam up to it is filled. */
  live_from: number | null;
  /** The same for fine tiles, whose group starts sooner. */
  fine_live_from: number | null;
  updated_at: string;
}
