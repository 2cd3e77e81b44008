import type { EntitiesTable, EntityRelationsTable } from '../../store/tables.js';
import type { Entity } from '@steward/contract/model/service';
import type { Origin, StoredEntity } from './stored-entity.js';

/** How much of name, title and description catalog search matches against. */
const SEARCH_CHARS = 500;

/** The columns queries filter on, derived from the entity; the entity itself is kept as JSON. */
export function toRow(
  entity: Entity,
  origin: Origin,
  meta: { version: number; createdAt: string; updatedAt: string; updatedBy: string }
): EntitiesTable {
  const spec = entity.spec as Record<string, unknown>;
  const text = [entity.metadata.name, entity.metadata.title ?? '', entity.metadata.description ?? ''].join(' ');
  return {
    kind: entity.kind,
    name: entity.metadata.name,
    title: entity.metadata.title ?? entity.metadata.name,
    owner: typeof spec.owner === 'string' ? spec.owner : null,
    parent: typeof spec.parent === 'string' ? spec.parent : null,
    tier: typeof spec.tier === 'string' ? spec.tier : null,
    lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : null,
    system: typeof spec.system === 'string' ? spec.system : null,
    service: entity.kind === 'SLO' ? entity.spec.service : null,
    // Capped so the catalog index entry stays within PostgreSQL's B-tree row limit.
    search: text.toLowerCase().slice(0, SEARCH_CHARS),
    body: JSON.stringify(entity),
    source: origin.source,
    source_path: origin.path ?? null,
    source_line: origin.line ?? null,
    orphaned_at: origin.orphaned?.since ?? null,
    orphaned_reason: origin.orphaned?.reason ?? null,
    version: meta.version,
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
    updated_by: meta.updatedBy,
  };
}

/** Relations kept as rows so the reverse direction (dependents, teams of a login) is one indexed lookup. */
export function relationsOf(entity: Entity): EntityRelationsTable[] {
  const base = { kind: entity.kind, name: entity.metadata.name };
  const rows: EntityRelationsTable[] = [];
  if (entity.kind === 'Service') {
    for (const target of new Set(entity.spec.dependsOn ?? [])) {
      rows.push({ ...base, relation: 'dependsOn', target });
    }
    for (const target of new Set(entity.spec.contributors ?? [])) {
      rows.push({ ...base, relation: 'contributor', target });
    }
  }
  if (entity.kind === 'Team') {
    for (const login of new Set((entity.spec.members ?? []).map((m) => m.login))) {
      rows.push({ ...base, relation: 'member', target: login });
    }
  }
  return rows;
}

export function fromRow(row: EntitiesTable): StoredEntity {
  return {
    entity: JSON.parse(row.body) as Entity,
    origin: originOf(row),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function originOf(
  row: Pick<EntitiesTable, 'source' | 'source_path' | 'source_line' | 'orphaned_at' | 'orphaned_reason'>
): Origin {
  return {
    source: row.source,
    ...(row.source_path === null ? {} : { path: row.source_path }),
    ...(row.source_line === null ? {} : { line: row.source_line }),
    ...(row.orphaned_at === null ? {} : { orphaned: { since: row.orphaned_at, reason: row.orphaned_reason ?? '' } }),
  };
}
