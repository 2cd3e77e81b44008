import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { REPO_ROOT } from './steward.js';
import { tempDir, type TempDir } from './temp-dir.js';

export const DEMO_CATALOG = join(REPO_ROOT, 'examples/catalog');

/** A catalog file with one team (one member) owning these services, for tests that need just that. */
export function writeTeamCatalog(dir: string, team: string, services: string[]): void {
  const docs = [
    {
      apiVersion: 'steward.dev/v1',
      kind: 'Team',
      metadata: { name: team },
      spec: { members: [{ login: `${team}-lead` }] },
    },
    ...services.map((name) => ({
      apiVersion: 'steward.dev/v1',
      kind: 'Service',
      metadata: { name },
      spec: { owner: team },
    })),
  ];
  writeFileSync(join(dir, 'catalog.yaml'), docs.map((d) => stringify(d)).join('---\n'));
}

/** A private copy of the demo catalog that a test may edit. */
export function copyDemoCatalog(): TempDir {
  const dir = tempDir('catalog');
  cpSync(DEMO_CATALOG, dir.path, { recursive: true });
  return dir;
}

/**
 * The demo catalog read with nothing but the yaml library, independently of Steward's
 * parser: the ground truth registry tests compare answers with.
 */
export function demoCatalogTruth() {
  const docs: any[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(name)) {
        docs.push(...parseAllDocuments(readFileSync(full, 'utf8')).map((d) => d.toJS()));
      }
    }
  };
  walk(DEMO_CATALOG);
  const services = docs
    .filter((d) => d.kind === 'Service' || d.kind === 'Component')
    .map((d) => ({
      name: String(d.metadata.name).toLowerCase(),
      owner: String(d.spec.owner).replace(/^group:/, ''),
      tier:
        d.spec.tier ??
        (d.metadata.annotations?.['steward.dev/tier']
          ? `tier-${d.metadata.annotations['steward.dev/tier']}`
          : undefined),
      lifecycle: d.spec.lifecycle,
      dependsOn: ((d.spec.dependsOn ?? []) as string[]).map((ref) => ref.replace(/^component:/, '').toLowerCase()),
    }));
  const teams = docs
    .filter((d) => d.kind === 'Team' || d.kind === 'Group')
    .map((d) => ({ name: String(d.metadata.name).toLowerCase(), parent: d.spec.parent as string | undefined }));
  const subtree = (root: string): Set<string> => {
    const names = new Set([root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of teams) {
        if (t.parent && names.has(t.parent) && !names.has(t.name)) {
          names.add(t.name);
          grew = true;
        }
      }
    }
    return names;
  };
  return { services, teams, subtree };
}
