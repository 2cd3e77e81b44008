import type { CatalogIssue } from './issues.js';
import type { Entity } from '@steward/contract/model/service';

export interface ReferencedEntity {
  entity: Entity;
  /** File and field lines when the entry came from a catalog file. */
  path?: string;
  line?: number;
  fieldLines?: Record<string, number>;
}

/**
 * Checks what one entry says about others across the whole registry: owners, parents,
 * systems, dependencies and contributors that do not exist, and team parents that loop.
 * These are warnings: the entry stays loaded, and ownership health lists it as drift.
 */
export function checkReferences(all: ReferencedEntity[]): CatalogIssue[] {
  const names = {
    Team: new Set<string>(),
    Service: new Set<string>(),
    System: new Set<string>(),
    SLO: new Set<string>(),
  };
  for (const { entity } of all) {
    names[entity.kind].add(entity.metadata.name);
  }
  const issues: CatalogIssue[] = [];
  const report = (ref: ReferencedEntity, field: string, message: string) =>
    issues.push({
      severity: 'warning',
      source: ref.path ?? 'api',
      field,
      message,
      ...(ref.path ? { line: ref.fieldLines?.[field] ?? ref.line } : {}),
      entity: { kind: ref.entity.kind, name: ref.entity.metadata.name },
    });

  for (const ref of all) {
    const { entity } = ref;
    if (entity.kind === 'Service') {
      if (!names.Team.has(entity.spec.owner)) {
        report(ref, 'spec.owner', `owner team "${entity.spec.owner}" does not exist`);
      }
      const missingDeps = (entity.spec.dependsOn ?? []).filter((d) => !names.Service.has(d));
      if (missingDeps.length > 0) {
        report(ref, 'spec.dependsOn', `depends on services that do not exist: ${missingDeps.join(', ')}`);
      }
      const missingTeams = (entity.spec.contributors ?? []).filter((t) => !names.Team.has(t));
      if (missingTeams.length > 0) {
        report(ref, 'spec.contributors', `contributor teams do not exist: ${missingTeams.join(', ')}`);
      }
      if (entity.spec.system && names.System.size > 0 && !names.System.has(entity.spec.system)) {
        report(ref, 'spec.system', `system "${entity.spec.system}" does not exist`);
      }
    }
    if (entity.kind === 'Team' && entity.spec.parent && !names.Team.has(entity.spec.parent)) {
      report(ref, 'spec.parent', `parent team "${entity.spec.parent}" does not exist`);
    }
    if (entity.kind === 'System' && entity.spec.owner && !names.Team.has(entity.spec.owner)) {
      report(ref, 'spec.owner', `owner team "${entity.spec.owner}" does not exist`);
    }
    if (entity.kind === 'SLO' && !names.Service.has(entity.spec.service)) {
      report(ref, 'spec.service', `service "${entity.spec.service}" does not exist, so the SLO has no owner`);
    }
  }

  for (const cycle of parentCycles(all)) {
    for (const ref of cycle) {
      report(
        ref,
        'spec.parent',
        `team parents form a cycle: ${[...cycle, cycle[0]!].map((r) => r.entity.metadata.name).join(' → ')}`
      );
    }
  }
  return issues;
}

/** Each cycle in the team parent graph once, starting from its alphabetically first team. */
function parentCycles(all: ReferencedEntity[]): ReferencedEntity[][] {
  const teams = new Map(all.filter((r) => r.entity.kind === 'Team').map((r) => [r.entity.metadata.name, r]));
  const parentOf = (name: string) => {
    const entity = teams.get(name)?.entity;
    return entity?.kind === 'Team' ? entity.spec.parent : undefined;
  };
  const cycles: ReferencedEntity[][] = [];
  const settled = new Set<string>();
  for (const start of [...teams.keys()].sort()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | undefined = start;
    while (current && teams.has(current) && !settled.has(current) && !onPath.has(current)) {
      path.push(current);
      onPath.add(current);
      current = parentOf(current);
    }
    if (current && onPath.has(current)) {
      const cycle = path.slice(path.indexOf(current));
      const first = [...cycle].sort()[0]!;
      const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first))];
      cycles.push(rotated.map((name) => teams.get(name)!));
    }
    path.forEach((name) => settled.add(name));
  }
  return cycles;
}
