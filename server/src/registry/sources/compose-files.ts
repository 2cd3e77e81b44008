import type { CatalogIssue } from '../model/issues.js';
import type { TeamEntity } from '@steward/contract/model/team';
import type { LocatedEntity, ParsedCatalogFile } from './located.js';
import { resolveOpenSlo } from './openslo.js';

export interface ComposedFiles {
  entities: LocatedEntity[];
  issues: CatalogIssue[];
}

/**
 * Puts the files of a catalog directory together: OpenSLO SLOs are assembled with the SLIs,
 * data sources and alert policies they name in any file; Backstage Users join the teams they
 * name. An entry defined in two files is never taken over by accident: the file it is stored
 * from (`incumbentPath`) keeps it, whatever the file names; between two new files the one that
 * sorts first does. The other is reported, in its own file. Pure and deterministic: the same
 * files and store give the same result in any load order.
 */
export function composeFiles(
  files: ParsedCatalogFile[],
  incumbentPath: (key: string) => string | undefined = () => undefined
): ComposedFiles {
  const ordered = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const byKey = new Map<string, LocatedEntity>();
  const openslo = resolveOpenSlo(ordered.flatMap((file) => file.openslo ?? []));
  const issues: CatalogIssue[] = [...openslo.issues];
  const declarations = new Map<string, LocatedEntity[]>();
  for (const file of ordered) {
    for (const located of [...file.entities, ...openslo.entities.filter((e) => e.path === file.path)]) {
      const key = `${located.entity.kind}/${located.entity.metadata.name}`;
      declarations.set(key, [...(declarations.get(key) ?? []), located]);
    }
  }
  for (const [key, all] of declarations) {
    const keeper = all.find((l) => l.path === incumbentPath(key)) ?? all[0]!;
    byKey.set(key, keeper);
    for (const other of all.filter((l) => l !== keeper)) {
      const { kind, metadata } = other.entity;
      const owner = (keeper.entity.spec as { owner?: unknown }).owner;
      issues.push({
        severity: 'error',
        source: other.path,
        line: other.line,
        field: 'metadata.name',
        message:
          `${kind} "${metadata.name}" is already defined in ${keeper.path}:${keeper.line}` +
          `${typeof owner === 'string' ? ` (owner ${owner})` : ''}, which keeps it; this one is ignored. ` +
          `Rename it, or remove it from ${keeper.path} first`,
        entity: { kind, name: metadata.name },
      });
    }
  }

  for (const file of ordered) {
    for (const membership of file.memberships) {
      for (const teamName of membership.teams) {
        const located = byKey.get(`Team/${teamName}`);
        if (!located) {
          issues.push({
            severity: 'warning',
            source: membership.path,
            line: membership.line,
            field: 'spec.memberOf',
            message: `user "${membership.login}" is a member of group "${teamName}", which no catalog file defines`,
          });
          continue;
        }
        const team = located.entity as TeamEntity;
        const members = team.spec.members ?? [];
        const existing = members.find((m) => m.login === membership.login);
        const member = {
          login: membership.login,
          ...(membership.name ? { name: membership.name } : {}),
          ...(membership.email ? { email: membership.email } : {}),
        };
        const merged = existing ? members.map((m) => (m === existing ? { ...member, ...m } : m)) : [...members, member];
        byKey.set(`Team/${teamName}`, { ...located, entity: { ...team, spec: { ...team.spec, members: merged } } });
      }
    }
  }
  return { entities: [...byKey.values()], issues };
}
