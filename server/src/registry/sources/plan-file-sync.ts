import type { CatalogIssue } from '../model/issues.js';
import type { EntityKind } from '../model/service.js';
import type { FileChange } from '../store/registry-store.js';
import { keyOf, type Origin } from '../store/stored-entity.js';
import { composeFiles } from './compose-files.js';
import type { LocatedEntity, ParsedCatalogFile } from './located.js';

/** What the planner needs to know about an entry already stored. */
export interface StoredSummary {
  kind: string;
  name: string;
  origin: Origin;
  /** JSON of the stored entity, to tell real changes from re-reads. */
  body: string;
  updatedBy: string;
}

export interface FileSyncPlan {
  changes: FileChange[];
  issues: CatalogIssue[];
  /** Every file entry as now defined, with its location (for reference checks). */
  located: LocatedEntity[];
}

/**
 * Decides how the store must change to match the catalog files, losing nothing good:
 * an unreadable file keeps all its entries as they were; a rejected entry keeps its last good
 * version; an entry created through the API is never overwritten by a file. Pure.
 */
export function planFileSync(files: ParsedCatalogFile[], stored: StoredSummary[]): FileSyncPlan {
  const composed = composeFiles(files);
  const issues: CatalogIssue[] = [...files.flatMap((f) => f.issues), ...composed.issues];
  const storedByKey = new Map(stored.map((s) => [keyOf(s.kind, s.name), s]));
  const unreadable = new Set(files.filter((f) => f.unreadable).map((f) => f.path));
  const rejected = new Set(files.flatMap((f) => f.rejected.map((r) => `${f.path}\n${keyOf(r.kind, r.name)}`)));

  const changes: FileChange[] = [];
  const wanted = new Set<string>();
  const located: LocatedEntity[] = [];
  for (const entry of composed.entities) {
    const { kind, metadata } = entry.entity;
    const key = keyOf(kind, metadata.name);
    const current = storedByKey.get(key);
    const origin: Origin = { source: 'file', path: entry.path, line: entry.line };
    if (current?.origin.source === 'api') {
      issues.push({
        severity: 'error',
        source: entry.path,
        line: entry.line,
        field: 'metadata.name',
        message: `${kind} "${metadata.name}" was created through the API by ${current.updatedBy}; delete it there or rename this one`,
        entity: { kind, name: metadata.name },
      });
      continue;
    }
    if (current?.origin.path && current.origin.path !== entry.path && unreadable.has(current.origin.path)) {
      // Its previous file cannot be read now: keep that state rather than guess.
      wanted.add(key);
      continue;
    }
    wanted.add(key);
    located.push(entry);
    const body = JSON.stringify(entry.entity);
    if (!current) {
      changes.push({ op: 'create', entity: entry.entity, origin });
    } else if (current.body !== body || current.origin.path !== entry.path) {
      changes.push({ op: 'update', entity: entry.entity, origin });
    } else if (current.origin.line !== entry.line) {
      changes.push({ op: 'relocate', kind, name: metadata.name, line: entry.line });
    }
  }

  for (const entry of stored) {
    const key = keyOf(entry.kind, entry.name);
    const path = entry.origin.path ?? '';
    if (entry.origin.source !== 'file' || wanted.has(key) || unreadable.has(path) || rejected.has(`${path}\n${key}`)) {
      continue;
    }
    changes.push({ op: 'delete', kind: entry.kind as EntityKind, name: entry.name });
  }
  return { changes, issues, located };
}
