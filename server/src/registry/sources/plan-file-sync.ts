import type { CatalogIssue } from '../model/issues.js';
import type { Entity, EntityKind } from '@steward/contract/model/service';
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
 * version; an entry created through the API is never overwritten by a file; an entry stays
 * with the file it is stored from, whatever new file declares the same name; the entries of a
 * file that disappears or empties are kept as orphans (still routing) rather than deleted at
 * once. Only an entry its readable file no longer declares is deleted. Pure.
 */
export function planFileSync(files: ParsedCatalogFile[], stored: StoredSummary[]): FileSyncPlan {
  const storedByKey = new Map(stored.map((s) => [keyOf(s.kind, s.name), s]));
  const incumbent = (key: string) => {
    const current = storedByKey.get(key);
    return current?.origin.source === 'file' && !current.origin.orphaned ? current.origin.path : undefined;
  };
  const composed = composeFiles(files, incumbent);
  const issues: CatalogIssue[] = [...files.flatMap((f) => f.issues), ...composed.issues];
  const byPath = new Map(files.map((f) => [f.path, f]));
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
    const home = current?.origin.source === 'file' ? current.origin.path : undefined;
    const homeGone = home !== undefined && home !== entry.path && (!byPath.has(home) || byPath.get(home)!.empty);
    if (homeGone && current && !sameOwnership(current.body, entry.entity)) {
      // Its file is gone, and another file gives it to someone else: that waits for an Admin.
      issues.push({
        severity: 'error',
        source: entry.path,
        line: entry.line,
        field: 'metadata.name',
        message:
          `${kind} "${metadata.name}" was defined in ${home}, which is gone or empty; it is kept as an orphan as it was. ` +
          `This file would change who owns it (${ownershipOf(JSON.parse(current.body) as Entity)} → ${ownershipOf(entry.entity)}): ` +
          'an Admin adopts or deletes the orphan first, or declare it here with the same ownership',
        entity: { kind, name: metadata.name },
      });
      continue;
    }
    const incumbentHome = incumbent(key);
    if (
      incumbentHome &&
      incumbentHome !== entry.path &&
      (unreadable.has(incumbentHome) || rejected.has(`${incumbentHome}\n${key}`))
    ) {
      // Its own file still declares it but cannot be used now: it keeps its last good state there.
      wanted.add(key);
      issues.push({
        severity: 'error',
        source: entry.path,
        line: entry.line,
        field: 'metadata.name',
        message: `${kind} "${metadata.name}" is defined in ${incumbentHome}, which keeps it (with its last good state until that file is fixed); this one is ignored`,
        entity: { kind, name: metadata.name },
      });
      continue;
    }
    wanted.add(key);
    located.push(entry);
    const body = JSON.stringify(entry.entity);
    if (!current) {
      changes.push({ op: 'create', entity: entry.entity, origin });
    } else if (current.body !== body || current.origin.path !== entry.path || current.origin.orphaned) {
      changes.push({ op: 'update', entity: entry.entity, origin });
    } else if (current.origin.line !== entry.line) {
      changes.push({ op: 'relocate', kind, name: metadata.name, line: entry.line });
    }
  }

  for (const entry of stored) {
    const key = keyOf(entry.kind, entry.name);
    const { path = '', orphaned } = entry.origin;
    if (entry.origin.source !== 'file' || wanted.has(key) || unreadable.has(path) || rejected.has(`${path}\n${key}`)) {
      continue;
    }
    const file = byPath.get(path);
    if (file && !file.empty) {
      changes.push({ op: 'delete', kind: entry.kind as EntityKind, name: entry.name });
    } else if (!orphaned) {
      // A file that vanished or emptied is more often an accident (a bad merge, a truncated
      // write) than a decision; deleting at once would stop its alerts routing.
      const reason = file ? `its catalog file ${path} is empty` : `its catalog file ${path} is gone`;
      const { line } = entry.origin;
      changes.push({
        op: 'orphan',
        kind: entry.kind as EntityKind,
        name: entry.name,
        path,
        reason,
        ...(line ? { line } : {}),
      });
    }
  }
  return { changes, issues, located };
}

/** Who an entry answers to, and who may change it: what a file must not change by accident. */
function ownershipOf(entity: Entity): string {
  switch (entity.kind) {
    case 'Service':
    case 'System':
      return `owner ${entity.spec.owner ?? 'none'}`;
    case 'SLO':
      return `service ${entity.spec.service}`;
    case 'Team':
      return `parent ${entity.spec.parent ?? 'none'}, members ${
        (entity.spec.members ?? [])
          .map((m) => m.login)
          .sort()
          .join(' ') || 'none'
      }`;
  }
}

function sameOwnership(storedBody: string, entity: Entity): boolean {
  return ownershipOf(JSON.parse(storedBody) as Entity) === ownershipOf(entity);
}
