import type { ApiService, ApiSystem, ApiTeam, Me, ServiceOverview, TeamOverview } from '@steward/contract/registry';
import type { Identity } from '@steward/contract/identity';
import type { ServiceEntity } from '@steward/contract/model/service';
import type { TeamEntity } from '@steward/contract/model/team';
import { onCallAt } from './on-call.js';
import type { RegistryService } from './registry-service.js';
import type { StoredEntity } from './store/stored-entity.js';

/** An entry as the API returns it. */
export function toApi<T extends StoredEntity>(stored: T) {
  return { ...stored, readOnly: stored.origin.source === 'file' };
}

const summary = (s: StoredEntity) => ({
  name: s.entity.metadata.name,
  title: s.entity.metadata.title ?? s.entity.metadata.name,
});

/** Everything the Team page shows, in one answer. */
export async function teamOverview(
  registry: RegistryService,
  name: string,
  now: Date
): Promise<TeamOverview | undefined> {
  const team = await registry.get('Team', name);
  if (!team) {
    return undefined;
  }
  const ancestorNames = (await registry.store.ancestorsOf(name)).filter((n) => n !== name);
  const [ancestors, children, subteams] = await Promise.all([
    Promise.all(ancestorNames.map((n) => registry.get('Team', n))),
    registry.query({ kind: 'Team', parent: [name] }, { limit: 200 }),
    registry.store.withSubteams([name]),
  ]);
  const owned = await allPages(registry, { kind: 'Service', owner: subteams });
  const spec = (team.entity as TeamEntity).spec;
  const onCall = onCallAt(spec.onCall, now);
  return {
    team: toApi(team) as ApiTeam,
    ancestors: ancestors
      .filter((a): a is StoredEntity => Boolean(a))
      .reverse()
      .map(summary),
    children: children.items.map(summary),
    ...(onCall ? { onCall } : {}),
    services: {
      direct: owned.filter((s) => (s.entity as ServiceEntity).spec.owner === name).map((s) => toApi(s) as ApiService),
      throughSubteams: owned
        .filter((s) => (s.entity as ServiceEntity).spec.owner !== name)
        .map((s) => toApi(s) as ApiService),
    },
  };
}

/** Everything the Service page shows: owner and on-call, system, dependencies both ways. */
export async function serviceOverview(
  registry: RegistryService,
  name: string,
  now: Date
): Promise<ServiceOverview | undefined> {
  const service = await registry.get('Service', name);
  if (!service) {
    return undefined;
  }
  const spec = (service.entity as ServiceEntity).spec;
  const [owner, system, dependencies, dependentRefs, issues] = await Promise.all([
    registry.get('Team', spec.owner),
    spec.system ? registry.get('System', spec.system) : Promise.resolve(undefined),
    Promise.all((spec.dependsOn ?? []).map((d) => registry.get('Service', d).then((s) => ({ name: d, stored: s })))),
    registry.store.relatedTo('dependsOn', name),
    registry.issues(),
  ]);
  const dependents = await Promise.all(dependentRefs.map((r) => registry.get('Service', r.name)));
  const ownerOnCall = owner ? onCallAt((owner.entity as TeamEntity).spec.onCall, now) : undefined;
  return {
    service: toApi(service) as ApiService,
    ...(owner ? { owner: { team: toApi(owner) as ApiTeam, ...(ownerOnCall ? { onCall: ownerOnCall } : {}) } } : {}),
    ...(system ? { system: toApi(system) as ApiSystem } : {}),
    dependsOn: dependencies.map(({ name: dep, stored }) => ({
      name: dep,
      exists: Boolean(stored),
      ...(stored
        ? { title: stored.entity.metadata.title ?? dep, owner: (stored.entity as ServiceEntity).spec.owner }
        : {}),
    })),
    dependents: dependents
      .filter((d): d is StoredEntity => Boolean(d))
      .map((d) => ({ ...summary(d), owner: (d.entity as ServiceEntity).spec.owner })),
    issues: issues.filter((i) => i.entity?.kind === 'Service' && i.entity.name === name),
  };
}

async function allPages(
  registry: RegistryService,
  filter: Parameters<RegistryService['query']>[0]
): Promise<StoredEntity[]> {
  const items: StoredEntity[] = [];
  let cursor: string | undefined;
  do {
    const page = await registry.query(filter, { limit: 200, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function me(registry: RegistryService, identity: Identity): Promise<Me> {
  return {
    login: identity.login,
    ...(identity.role ? { role: identity.role } : {}),
    teams: await registry.store.teamsOf(identity.login),
  };
}
