import type { CatalogIssue } from '../model/issues.js';
import type { TeamEntity } from '../model/team.js';
import type { LocatedEntity, ParsedCatalogFile } from './located.js';
import { resolveOpenSlo } from './openslo.js';

export interface ComposedFiles {
  entities: LocatedEntity[];
  issues: CatalogIssue[];
}

/**
 * Puts the files of a catalog directory together: OpenSLO SLOs are assembled with the SLIs,
 * data sources and alert policies they name in any file; an entry defined in two files is kept
 * from the file that sorts first (the other is reported); Backstage Users join the teams they
 * name. Pure and deterministic: the same files give the same result in any load order.
 */
export function composeFiles(files: ParsedCatalogFile[]): ComposedFiles {
  const ordered = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const byKey = new Map<string, LocatedEntity>();
  const openslo = resolveOpenSlo(ordered.flatMap((file) => file.openslo ?? []));
  const issues: CatalogIssue[] = [...openslo.issues];
  for (const file of ordered) {
    for (const located of [...file.entities, ...openslo.entities.filter((e) => e.path === file.path)]) {
      const { kind, metadata } = located.entity;
      const key = `${kind}/${metadata.name}`;
      const first = byKey.get(key);
      if (first) {
        issues.push({
          severity: 'error',
          source: located.path,
          line: located.line,
          field: 'metadata.name',
          message: `${kind} "${metadata.name}" is already defined in ${first.path}:${first.line}; this one is ignored`,
          entity: { kind, name: metadata.name },
        });
        continue;
      }
      byKey.set(key, located);
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
