import { RegistryRefusal } from './errors.js';
import type { Entity, EntityKind } from '@steward/contract/model/service';
import type { RegistryStore } from './store/registry-store.js';

/** Through the API, an entry may only point at entries that exist (files only get a warning). */
export async function checkStrictReferences(store: RegistryStore, entity: Entity): Promise<void> {
  const details: Array<{ field: string; message: string }> = [];
  const exists = async (kind: EntityKind, name: string) => Boolean(await store.get(kind, name));
  const missing = async (kind: EntityKind, names: string[] = []) => {
    const found = await Promise.all(names.map((n) => exists(kind, n)));
    return names.filter((_, i) => !found[i]);
  };
  if (entity.kind === 'Service') {
    if (!(await exists('Team', entity.spec.owner))) {
      details.push({ field: 'spec.owner', message: `team "${entity.spec.owner}" does not exist` });
    }
    const teams = await missing('Team', entity.spec.contributors);
    if (teams.length) {
      details.push({ field: 'spec.contributors', message: `teams do not exist: ${teams.join(', ')}` });
    }
    const deps = await missing(
      'Service',
      (entity.spec.dependsOn ?? []).filter((d) => d !== entity.metadata.name)
    );
    if (deps.length) {
      details.push({ field: 'spec.dependsOn', message: `services do not exist: ${deps.join(', ')}` });
    }
    if (entity.spec.system && !(await exists('System', entity.spec.system))) {
      details.push({ field: 'spec.system', message: `system "${entity.spec.system}" does not exist` });
    }
  }
  if (entity.kind === 'Team' && entity.spec.parent) {
    if (!(await exists('Team', entity.spec.parent))) {
      details.push({ field: 'spec.parent', message: `team "${entity.spec.parent}" does not exist` });
    } else if ((await store.ancestorsOf(entity.spec.parent)).includes(entity.metadata.name)) {
      details.push({
        field: 'spec.parent',
        message: `"${entity.spec.parent}" is below "${entity.metadata.name}"; that would make a cycle`,
      });
    }
  }
  if (entity.kind === 'System' && entity.spec.owner && !(await exists('Team', entity.spec.owner))) {
    details.push({ field: 'spec.owner', message: `team "${entity.spec.owner}" does not exist` });
  }
  if (entity.kind === 'SLO' && !(await exists('Service', entity.spec.service))) {
    details.push({ field: 'spec.service', message: `service "${entity.spec.service}" does not exist` });
  }
  if (details.length > 0) {
    throw new RegistryRefusal('invalid', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
}
